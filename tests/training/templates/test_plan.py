"""The pure parts of a start: the warm-up weights asked for, and the barbell plan that rounds
them to loadable totals and loads each set (no database)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ironbase.gyms import plates as p
from ironbase.gyms.inventory.solving import barbell_plan
from ironbase.training.science.tables import WARMUP_LADDER
from ironbase.training.science.warmup import warmup_targets

BAR = p.Mass.kg(20)
KIT = [
    p.InventoryItem(p.Plate.kg(mass), pairs)
    for mass, pairs in ((25, 2), (20, 2), (15, 1), (10, 2), (5, 2), (2.5, 2), (1.25, 1))
]


def kg(value: float) -> p.Mass:
    return p.Mass.kg(str(value))


def test_warmup_targets_follow_the_ladder() -> None:
    targets = warmup_targets(100_000, Fraction(20_000))
    assert [(t.step.percent, t.step.reps, int(t.grams)) for t in targets] == [
        (0, 10, 20_000),
        (40, 5, 40_000),
        (60, 3, 60_000),
        (80, 2, 80_000),
    ]
    assert all(t.grams.denominator == 1 for t in targets)
    assert [t.step for t in targets] == list(WARMUP_LADDER)


def test_warmup_targets_skip_what_is_under_the_bar() -> None:
    light = warmup_targets(30_000, Fraction(20_000))
    assert [(t.step.percent, t.grams) for t in light] == [
        (0, Fraction(20_000)),
        (80, Fraction(24_000)),
    ]
    assert warmup_targets(20_000, Fraction(20_000)) == []
    assert warmup_targets(15_000, Fraction(20_000)) == []


def test_each_set_is_loaded_and_unknown_or_impossible_weights_are_none() -> None:
    weights = [None, kg(100), kg(100), kg(90), kg(15), kg(500)]
    plan = barbell_plan(BAR, p.ZERO, KIT, "kg", weights, [])
    assert plan.warmup == []
    assert plan.sets[0] is None  # no weight known
    assert plan.sets[4] is None  # lighter than the bar
    assert [s.total for s in plan.sets[1:4] if s] == [100, 100, 90]
    assert plan.sets[1] == plan.sets[2]  # the same weight again: the same plates
    heavy = plan.sets[5]
    assert heavy is not None
    assert (heavy.achievable, heavy.above) == (False, None)


def test_among_as_few_plates_the_next_set_keeps_the_ones_on_the_bar() -> None:
    """105 kg is three plates a side either way (25 + 15 + 2.5 or 20 + 20 + 2.5): after
    100 kg (25 + 15) the one that only adds a 2.5 wins."""
    plan = barbell_plan(BAR, p.ZERO, KIT, "kg", [kg(100), kg(105)], [])
    first, second = plan.sets
    assert first is not None
    assert second is not None
    assert [x.mass for x in first.per_side] == [25, 15]
    assert [x.mass for x in second.per_side] == [25, 15, 2.5]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=41, max_value=400).map(lambda halves: Fraction(halves, 2)))
def test_warmups_climb_in_loadable_steps_below_the_working_weight(working: Fraction) -> None:
    """Whatever the working weight (20.5-200 kg): the bar first, each step a total the
    plates make exactly, each heavier than the one before and lighter than the work."""
    grams = int(working * 1000)
    targets = warmup_targets(grams, BAR.value)
    plan = barbell_plan(
        BAR, p.ZERO, KIT, "kg", [p.Mass.grams(grams)], [p.Mass.grams(t.grams) for t in targets]
    )
    totals = [Fraction(str(step.total)) for _, step in plan.warmup]
    loaded = plan.sets[0]
    assert loaded is not None
    # The bar comes first, unless the working weight itself rounds to the bare bar.
    assert (totals[:1] == [20]) == (Fraction(str(loaded.total)) > 20)
    assert totals == sorted(set(totals))
    assert all(total < working for total in totals)
    for _, step in plan.warmup:
        sides = sum((Fraction(str(x.mass)) for x in step.per_side), Fraction(0))
        assert step.achievable
        assert 20 + 2 * sides == Fraction(str(step.total))
    indexes = [index for index, _ in plan.warmup]
    assert indexes == sorted(set(indexes))

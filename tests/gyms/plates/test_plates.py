"""Plate solver: worked examples plus property tests against brute force."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironbase.gyms.plates import (
    DEFAULT_TOLERANCE,
    ZERO,
    InventoryItem,
    Loading,
    Mass,
    Plate,
    PlateInputError,
    Solution,
    achievable_loads,
    changes_between,
    pick_dumbbell,
    snap_to_stack,
    solve,
    warmup_ladder,
)

kg, lb = Plate.kg, Plate.lb
BAR = Mass.kg(20)


def inv(*items: tuple[Plate, int]) -> list[InventoryItem]:
    return [InventoryItem(plate, pairs) for plate, pairs in items]


def names(plates: Sequence[Plate]) -> list[str]:
    return [str(p) for p in plates]


GYM = inv(
    (kg(25), 2),
    (kg(20), 2),
    (kg(15), 2),
    (kg(10), 3),
    (kg(5), 3),
    (kg(2.5), 3),
    (kg(1.25), 2),
    (kg(0.5), 2),
    (kg(0.25), 2),
    (lb(45), 2),
    (lb(35), 1),
    (lb(25), 2),
    (lb(10), 2),
    (lb(5), 2),
    (lb(2.5), 2),
)


# --------------------------------------------------------------------------------
# Mass
# --------------------------------------------------------------------------------


def test_mass_is_exact_across_units() -> None:
    assert Mass.kg(2.5) == Mass.grams(2500) == Mass.kg("2.5") == Mass.kg(Decimal("2.5"))
    assert Mass.kg(0.1).value == Fraction(100)  # no binary float noise
    assert Mass.lb(1).value == Fraction("453.59237")
    assert Mass.lb(45) + 4 * (Mass.lb(45) * 2) == Mass.lb(405)
    assert Mass.lb(225).to_grams() == 102058
    assert Mass.lb(225).in_unit("lb") == 225
    assert Mass.kg(100).in_unit("lb") == Fraction(100_000) / Fraction("453.59237")
    assert Mass.lb(225).format("kg") == "102.058 kg"
    assert str(lb(2.5)) == "2.5 lb"
    assert str(kg(1.25)) == "1.25 kg"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", True])
def test_mass_rejects_non_numbers(bad: object) -> None:
    with pytest.raises(PlateInputError):
        Mass.kg(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------
# Barbell examples
# --------------------------------------------------------------------------------


def test_fewest_plates_for_100_kg() -> None:
    result = solve(Mass.kg(100), BAR, inv((kg(25), 2), (kg(15), 2), (kg(10), 2), (kg(5), 2)))
    assert result.achievable
    assert names(result.per_side) == ["25 kg", "15 kg"]
    assert result.total == Mass.kg(100)
    assert result.below is None
    assert result.above is None
    assert result.changes == 2  # loaded onto an empty bar


def test_limited_inventory_beats_greedy() -> None:
    # 30 kg per side from one pair of 25 and two pairs of 15: greedy stops at 25.
    result = solve(Mass.kg(80), BAR, inv((kg(25), 1), (kg(15), 2)))
    assert result.achievable
    assert names(result.per_side) == ["15 kg", "15 kg"]


def test_imperial_225_is_exact() -> None:
    result = solve(Mass.lb(225), Mass.lb(45), inv((lb(45), 4)), tolerance=ZERO)
    assert result.achievable
    assert names(result.per_side) == ["45 lb", "45 lb"]
    assert result.total == Mass.lb(225)


def test_mixed_units_exact_and_within_tolerance() -> None:
    plates = inv((kg(2.5), 1), (lb(45), 1), (lb(25), 1))
    exact = BAR + 2 * (Mass.lb(45) + Mass.kg(2.5))
    result = solve(exact, BAR, plates, tolerance=ZERO)
    assert result.achievable
    assert names(result.per_side) == ["45 lb", "2.5 kg"]
    assert result.total == exact

    # 45 lb + 25 lb + 2.5 kg per side on a 20 kg bar is 88.5029 kg: 2.9 g off.
    close = solve(Mass.kg(88.5), BAR, plates)
    assert close.achievable
    assert names(close.per_side) == ["45 lb", "25 lb", "2.5 kg"]
    assert abs(close.total.value - Mass.kg(88.5).value) < 3

    strict = solve(Mass.kg(88.5), BAR, plates, tolerance=ZERO)
    assert not strict.achievable
    assert strict.above is not None
    assert strict.above.total == close.total


def test_collars_count_only_with_plates() -> None:
    plates = inv((kg(25), 2), (kg(10), 1))
    collar = Mass.kg(2.5)
    loaded = solve(Mass.kg(75), BAR, plates, collar=collar)
    assert loaded.achievable
    assert names(loaded.per_side) == ["25 kg"]
    bare = solve(BAR, BAR, plates, collar=collar)
    assert bare.achievable
    assert bare.per_side == ()
    assert bare.total == BAR

    between = solve(Mass.kg(22.5), BAR, plates, collar=collar)
    assert not between.achievable
    assert between.below == Loading(BAR, ())
    assert between.above == Loading(Mass.kg(45), (kg(10),))
    assert between.per_side == ()
    assert between.total == BAR


def test_unreachable_target_reports_neighbours() -> None:
    plates = inv((kg(20), 1), (kg(10), 1), (kg(5), 1))
    result = solve(Mass.kg(92), BAR, plates)  # sums per side: 5, 10, 15, 20, 25, 30, 35
    assert not result.achievable
    assert result.below == Loading(Mass.kg(90), (kg(20), kg(10), kg(5)))
    assert result.above is None
    assert result.total == Mass.kg(90)

    middle = solve(Mass.kg(57), BAR, plates)
    assert middle.below == Loading(Mass.kg(50), (kg(10), kg(5)))
    assert middle.above == Loading(Mass.kg(60), (kg(20),))
    assert middle.total == Mass.kg(60)  # 3 kg above beats 7 kg below

    tie = solve(Mass.kg(55), BAR, plates)
    assert tie.total == Mass.kg(50)  # equally near: the lighter one


def test_previous_loading_is_kept_when_equally_few_plates() -> None:
    plates = inv((kg(25), 1), (kg(20), 2), (kg(15), 1), (kg(10), 2))
    fresh = solve(Mass.kg(100), BAR, plates)
    assert names(fresh.per_side) == ["25 kg", "15 kg"]  # heaviest innermost by default

    kept = solve(Mass.kg(100), BAR, plates, previous=[kg(20), kg(10)])
    assert names(kept.per_side) == ["20 kg", "20 kg"]
    assert kept.changes == 2  # take off the 10, put on a 20

    # Never at the price of an extra plate: 20 + 10 + 10 keeps more, but is 3 plates.
    assert len(kept.per_side) == 2


def test_previous_loading_decides_between_units() -> None:
    # Per side 10 + 5 + 2.5 kg is 17.5 kg; 35 lb + 2.5 lb + 0.5 kg is 17.5097 kg.
    plates = inv((kg(10), 1), (kg(5), 1), (kg(2.5), 1), (kg(0.5), 1), (lb(35), 1), (lb(2.5), 1))
    tolerance = Mass.grams(60)
    fresh = solve(Mass.kg(55), BAR, plates, tolerance=tolerance)
    assert names(fresh.per_side) == ["10 kg", "5 kg", "2.5 kg"]  # smaller error
    kept = solve(Mass.kg(55), BAR, plates, previous=[lb(35)], tolerance=tolerance)
    assert names(kept.per_side) == ["35 lb", "2.5 lb", "0.5 kg"]  # fewer changes first
    assert kept.changes == 2


def test_previous_with_foreign_or_unsorted_plates() -> None:
    plates = inv((kg(20), 2), (kg(10), 2))
    result = solve(Mass.kg(80), BAR, plates, previous=[lb(45), kg(20)])
    assert names(result.per_side) == ["20 kg", "10 kg"]
    assert result.changes == 4
    assert changes_between([kg(20), kg(10)], [kg(20), kg(5)]) == 2


def test_unit_filter_restricts_plates() -> None:
    plates = inv((kg(20), 2), (lb(45), 2))
    target = BAR + 2 * Mass.lb(45)
    assert solve(target, BAR, plates).per_side == (lb(45),)
    only_kg = solve(target, BAR, plates, unit_filter="kg")
    assert not only_kg.achievable
    assert only_kg.below == Loading(Mass.kg(60), (kg(20),))
    assert only_kg.above == Loading(Mass.kg(100), (kg(20), kg(20)))
    assert solve(Mass.kg(60), BAR, plates, unit_filter="lb").achievable is False


def test_realistic_gym() -> None:
    result = solve(Mass.kg(142.5), BAR, GYM, collar=Mass.kg(2.5))
    assert result.achievable
    assert names(result.per_side) == ["25 kg", "25 kg", "5 kg", "2.5 kg", "1.25 kg"]
    imperial = solve(Mass.lb(315), Mass.lb(45), GYM)
    assert names(imperial.per_side) == ["45 lb", "45 lb", "35 lb", "10 lb"]
    assert imperial.total == Mass.lb(315)
    micro = solve(Mass.kg(101), BAR, GYM, unit_filter="kg")
    assert names(micro.per_side) == ["25 kg", "15 kg", "0.5 kg"]


def test_duplicate_inventory_entries_merge() -> None:
    result = solve(Mass.kg(80), BAR, inv((kg(15), 1), (kg(15), 1)))
    assert names(result.per_side) == ["15 kg", "15 kg"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": Mass.kg(15)}, "below the bar"),
        ({"target": Mass.kg(1001)}, "1000 kg"),
        ({"target": Mass.kg(-5)}, "positive"),
        ({"bar": ZERO}, "bar must be positive"),
        ({"collar": Mass.kg(-1)}, "collar must not be negative"),
        ({"tolerance": Mass.grams(500)}, "tolerance"),
        ({"inventory": inv((kg(20), -1))}, "negative"),
        ({"inventory": inv((kg(20), 101))}, "at most 100 pairs"),
        ({"inventory": inv(*[(kg(i + 1), 1) for i in range(61)])}, "plate kinds"),
        ({"inventory": inv(*[(kg(i + 1), 5) for i in range(41)])}, "pairs in total"),
        ({"unit_filter": "st"}, "unit_filter"),
    ],
)
def test_invalid_input(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"target": Mass.kg(60), "bar": BAR, "inventory": GYM, **kwargs}
    with pytest.raises(PlateInputError, match=message):
        solve(**args)  # type: ignore[arg-type]


def test_invalid_plates() -> None:
    with pytest.raises(PlateInputError, match="positive"):
        kg(0)
    with pytest.raises(PlateInputError, match="unit"):
        Plate(Mass.kg(5), "st")  # type: ignore[arg-type]


def test_too_fine_grained_inventory_is_refused() -> None:
    # 2^17 distinct per-side sums on a 1 g grid: far over the per-group bound.
    odd = inv(*[(kg(Fraction(2**k, 1000)), 1) for k in range(17)])
    with pytest.raises(PlateInputError, match="fine-grained"):
        solve(Mass.kg(60), BAR, odd)


def test_kg_and_lb_plates_that_compete_for_the_fewest_plates() -> None:
    # 5 kg and 11 lb differ by 10.5 g: within 60 g, two plates of either hit 40 kg.
    plates = inv((kg(5), 2), (lb(11), 2), (kg(10), 1))
    wide = Mass.grams(60)
    assert names(solve(Mass.kg(40), BAR, plates, tolerance=wide).per_side) == ["10 kg"]
    both = solve(Mass.kg(50), BAR, plates, tolerance=wide)
    assert names(both.per_side) == ["10 kg", "5 kg"]  # exact beats 10 kg + 11 lb
    kept = solve(Mass.kg(50), BAR, plates, previous=[kg(10), lb(11)], tolerance=wide)
    assert names(kept.per_side) == ["10 kg", "11 lb"]
    assert kept.changes == 0
    # Fewest plates first, even against a previous loading kept whole with more plates.
    fewer = solve(Mass.kg(40), BAR, plates, previous=[lb(11), lb(11)], tolerance=wide)
    assert (names(fewer.per_side), fewer.changes) == (["10 kg"], 3)


# --------------------------------------------------------------------------------
# Warm-up ladder
# --------------------------------------------------------------------------------


def chained(targets: Sequence[Mass], plates: list[InventoryItem], **kw: object) -> list[Solution]:
    """Solve each set on its own, only remembering the previous set's plates."""
    out: list[Solution] = []
    previous: tuple[Plate, ...] = ()
    for target in targets:
        out.append(solve(target, BAR, plates, previous=previous, **kw))  # type: ignore[arg-type]
        previous = out[-1].per_side
    return out


def test_ladder_adds_a_plate_to_save_restacking() -> None:
    plates = inv((kg(25), 1), (kg(20), 2), (kg(15), 1), (kg(10), 2))
    targets = [Mass.kg(60), Mass.kg(80), Mass.kg(100)]
    ladder = warmup_ladder(targets, BAR, plates)
    assert [names(s.per_side) for s in ladder] == [
        ["20 kg"],
        ["20 kg", "10 kg"],
        ["20 kg", "10 kg", "10 kg"],
    ]
    assert [s.changes for s in ladder] == [1, 1, 1]
    assert sum(s.changes for s in chained(targets, plates)) == 4


def test_ladder_never_worse_than_solving_each_set() -> None:
    targets = [BAR, Mass.kg(60), Mass.kg(80), Mass.kg(101.1), Mass.kg(120), Mass.lb(315)]
    ladder = warmup_ladder(targets, BAR, GYM, unit_filter="kg")
    alone = [solve(t, BAR, GYM, unit_filter="kg") for t in targets]
    stacks = [(), *(s.per_side for s in alone)]
    independent = sum(changes_between(a, b) for a, b in itertools.pairwise(stacks))
    assert sum(s.changes for s in ladder) <= independent
    assert sum(s.changes for s in ladder) <= sum(
        s.changes for s in chained(targets, GYM, unit_filter="kg")
    )
    for step, single in zip(ladder, alone, strict=True):
        assert step.achievable == single.achievable
        assert (step.below, step.above) == (single.below, single.above)
        assert step.total == single.total  # exact targets here are round kg
    assert warmup_ladder([], BAR, GYM) == []


# --------------------------------------------------------------------------------
# Achievable loads
# --------------------------------------------------------------------------------


def test_achievable_loads_tiny_inventory() -> None:
    plates = inv((kg(10), 1), (kg(5), 1))
    loads = achievable_loads(BAR, plates, ZERO, ZERO, Mass.kg(100))
    assert [(load.total, names(load.per_side)) for load in loads] == [
        (Mass.kg(20), []),
        (Mass.kg(30), ["5 kg"]),
        (Mass.kg(40), ["10 kg"]),
        (Mass.kg(50), ["10 kg", "5 kg"]),
    ]
    with_collars = achievable_loads(BAR, plates, Mass.kg(2.5), Mass.kg(21), Mass.kg(50))
    assert [load.total for load in with_collars] == [Mass.kg(35), Mass.kg(45)]


def test_achievable_loads_fewest_plates_and_cache_safety() -> None:
    plates = inv((kg(10), 2), (kg(5), 2), (kg(20), 1))
    first = achievable_loads(BAR, plates, ZERO, Mass.kg(60), Mass.kg(60))
    assert first == [Loading(Mass.kg(60), (kg(20),))]
    first.clear()  # callers own the list they get
    assert achievable_loads(BAR, plates, ZERO, Mass.kg(60), Mass.kg(60)) != []
    with pytest.raises(PlateInputError, match="above high"):
        achievable_loads(BAR, plates, ZERO, Mass.kg(60), Mass.kg(50))


# --------------------------------------------------------------------------------
# Dumbbells and stacks
# --------------------------------------------------------------------------------


def test_pick_dumbbell() -> None:
    bells = [Mass.kg(x) for x in range(2, 52, 2)]
    assert pick_dumbbell(Mass.kg(24), bells) == pick_dumbbell(Mass.kg(24), [*bells, *bells])
    assert pick_dumbbell(Mass.kg(24), bells).exact
    between = pick_dumbbell(Mass.kg(23.5), bells)
    assert (between.exact, between.chosen) == (False, Mass.kg(24))
    assert (between.below, between.above) == (Mass.kg(22), Mass.kg(24))
    assert pick_dumbbell(Mass.kg(23), bells).chosen == Mass.kg(22)  # tie: lighter
    assert pick_dumbbell(Mass.kg(60), bells).above is None
    mixed = pick_dumbbell(Mass.lb(50), [Mass.kg(22.5), Mass.lb(50)])
    assert mixed.exact
    assert mixed.chosen == Mass.lb(50)
    with pytest.raises(PlateInputError):
        pick_dumbbell(Mass.kg(20), [])


def test_snap_to_stack() -> None:
    stack = (Mass.kg(5), Mass.kg(5), Mass.kg(100))
    assert snap_to_stack(Mass.kg(45), *stack).chosen.pin == Mass.kg(45)
    plain = snap_to_stack(Mass.kg(47), *stack)
    assert not plain.exact
    assert plain.below is not None
    assert plain.below.total == Mass.kg(45)
    assert plain.above is not None
    assert plain.above.total == Mass.kg(50)
    assert plain.chosen.total == Mass.kg(45)

    micro = snap_to_stack(Mass.kg(47.5), *stack, [Mass.kg(1.25), Mass.kg(2.5)])
    assert micro.exact
    assert (micro.chosen.pin, micro.chosen.add_ons) == (Mass.kg(45), (Mass.kg(2.5),))

    low = snap_to_stack(Mass.kg(2), *stack)
    assert low.below is None
    assert low.chosen.total == Mass.kg(5)
    high = snap_to_stack(Mass.kg(120), *stack, [Mass.kg(2.5)])
    assert high.above is None
    assert high.chosen.total == Mass.kg(102.5)
    with pytest.raises(PlateInputError, match="whole number"):
        snap_to_stack(Mass.kg(50), Mass.kg(5), Mass.kg(5), Mass.kg(98))


# --------------------------------------------------------------------------------
# Property tests against brute force
# --------------------------------------------------------------------------------

PLATES = [kg(25), kg(20), kg(15), kg(10), kg(5), kg(2.5), kg(1.25), kg(0.5)]
PLATES += [lb(45), lb(35), lb(25), lb(10), lb(5), lb(2.5)]
BARS = [Mass.kg(20), Mass.kg(15), Mass.lb(45), Mass.kg(10)]
COLLARS = [ZERO, Mass.kg(2.5), Mass.kg(0.5)]
TOLERANCES = [ZERO, DEFAULT_TOLERANCE, Mass.grams(60)]


def stacking_order(plate: Plate) -> tuple[Fraction, str]:
    return (-plate.mass.value, plate.unit)


def every_loading(bar: Mass, collar: Mass, plates: list[InventoryItem]) -> list[Loading]:
    """All loadings the inventory allows, by brute force."""
    out = []
    for counts in itertools.product(*(range(item.pairs + 1) for item in plates)):
        side = [item.plate for item, n in zip(plates, counts, strict=True) for _ in range(n)]
        side.sort(key=stacking_order)
        total = bar if not side else bar + 2 * collar + 2 * sum((p.mass for p in side), ZERO)
        out.append(Loading(total, tuple(side)))
    return out


@dataclass
class Case:
    bar: Mass
    collar: Mass
    plates: list[InventoryItem]
    tolerance: Mass
    loadings: list[Loading]


# Kinds whose sums collide (25 + 15 = 20 + 20, 20 + 10 = 15 + 15, ...), so that
# several fewest-plate loadings compete and the previous loading decides.
DENSE = [kg(25), kg(20), kg(15), kg(10), kg(5)]
# kg and lb kinds that nearly coincide (11 lb = 5 kg - 10.5 g, 22 lb = 10 kg - 21 g,
# 55 lb = 25 kg - 52 g): within a wide tolerance, mixed loadings with equally few
# plates compete, differ in their error, and the previous loading decides between them.
MIXED = [kg(25), kg(10), kg(5), lb(55), lb(22), lb(11), kg(2.5), lb(5.5)]
MIXED_TOLERANCES = [DEFAULT_TOLERANCE, Mass.grams(60), Mass.grams(100)]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    pool = draw(st.sampled_from([PLATES, DENSE, MIXED, MIXED]))
    kinds = draw(st.lists(st.sampled_from(pool), unique=True, max_size=5 if pool is MIXED else 4))
    plates = [InventoryItem(p, draw(st.integers(0, 3))) for p in kinds]
    bar, collar = draw(st.sampled_from(BARS)), draw(st.sampled_from(COLLARS))
    tolerance = draw(st.sampled_from(MIXED_TOLERANCES if pool is MIXED else TOLERANCES))
    return Case(bar, collar, plates, tolerance, every_loading(bar, collar, plates))


@st.composite
def targets(draw: st.DrawFn, case: Case) -> Mass:
    if draw(st.booleans()):
        hit = draw(st.sampled_from(case.loadings)).total
        return hit + Mass.grams(draw(st.integers(-5, 5)))  # near a reachable total
    return case.bar + Mass.grams(draw(st.integers(0, 150_000)))


def previous_loadings(case: Case) -> st.SearchStrategy[tuple[Plate, ...]]:
    return st.one_of(
        st.just(()),
        st.sampled_from(case.loadings).map(lambda loading: loading.per_side),
        st.lists(st.sampled_from(PLATES + MIXED), max_size=4).map(tuple),
    )


def assert_feasible(loading: Loading, case: Case) -> None:
    pairs = Counter[Plate]()
    for item in case.plates:
        pairs[item.plate] += item.pairs
    used = Counter(loading.per_side)
    assert all(used[p] <= pairs[p] for p in used)
    assert list(loading.per_side) == sorted(loading.per_side, key=stacking_order)
    assert loading in case.loadings


def best_of(loadings: list[Loading], previous: Sequence[Plate]) -> tuple[int, int]:
    return min((len(x.per_side), changes_between(previous, x.per_side)) for x in loadings)


@settings(deadline=None, max_examples=200)
@given(st.data())
def test_solve_matches_brute_force(data: st.DataObject) -> None:
    case = data.draw(cases())
    target = data.draw(targets(case))
    if target < case.bar:
        target = case.bar
    previous = data.draw(previous_loadings(case))
    result = solve(target, case.bar, case.plates, case.collar, previous, case.tolerance)
    assert_feasible(result.loading, case)
    assert result.changes == changes_between(previous, result.per_side)

    def error(x: Loading) -> Fraction:
        return abs(x.total.value - target.value)

    exact = [x for x in case.loadings if error(x) <= case.tolerance.value]
    if exact:
        assert result.achievable
        assert result.below is None
        assert result.above is None
        plates_and_changes = (len(result.per_side), result.changes)
        assert plates_and_changes == best_of(exact, previous)
        tied = [
            x
            for x in exact
            if (len(x.per_side), changes_between(previous, x.per_side)) == plates_and_changes
        ]
        assert error(result.loading) == min(error(x) for x in tied)
        return

    assert not result.achievable
    under = [x for x in case.loadings if x.total < target]
    over = [x for x in case.loadings if x.total > target]
    assert result.below is not None
    assert result.below.total == max(x.total for x in under)
    same = [x for x in under if x.total == result.below.total]
    assert (len(result.below.per_side), changes_between(previous, result.below.per_side)) == (
        best_of(same, previous)
    )
    assert_feasible(result.below, case)
    if not over:
        assert result.above is None
    else:
        assert result.above is not None
        assert result.above.total == min(x.total for x in over)
        same = [x for x in over if x.total == result.above.total]
        assert len(result.above.per_side) == min(len(x.per_side) for x in same)
        assert_feasible(result.above, case)
    assert result.loading in (result.below, result.above)


@settings(deadline=None, max_examples=100)
@given(st.data())
def test_ladder_properties(data: st.DataObject) -> None:
    case = data.draw(cases())
    steps = data.draw(st.lists(targets(case), min_size=1, max_size=4))
    steps = [max(t, case.bar) for t in steps]
    kw = {"collar": case.collar, "tolerance": case.tolerance}
    ladder = warmup_ladder(steps, case.bar, case.plates, **kw)  # type: ignore[arg-type]
    previous: tuple[Plate, ...] = ()
    chain_changes = 0
    for target, step in zip(steps, ladder, strict=True):
        alone = solve(target, case.bar, case.plates, **kw)  # type: ignore[arg-type]
        assert (step.achievable, step.below, step.above) == (
            alone.achievable,
            alone.below,
            alone.above,
        )
        assert_feasible(step.loading, case)
        if alone.achievable:
            assert abs(step.total.value - target.value) <= case.tolerance.value
            assert len(step.per_side) <= len(alone.per_side) + 1
        else:
            assert step.total == alone.total
        chained_step = solve(target, case.bar, case.plates, previous=previous, **kw)  # type: ignore[arg-type]
        chain_changes += chained_step.changes
        previous = chained_step.per_side
    assert sum(s.changes for s in ladder) <= chain_changes


@settings(deadline=None, max_examples=100)
@given(st.data())
def test_achievable_loads_matches_brute_force(data: st.DataObject) -> None:
    case = data.draw(cases())
    low = case.bar + Mass.grams(data.draw(st.integers(-5_000, 60_000)))
    high = low + Mass.grams(data.draw(st.integers(0, 120_000)))
    loads = achievable_loads(case.bar, case.plates, case.collar, max(low, ZERO), high)
    fewest: dict[Mass, int] = {}
    for x in case.loadings:
        if low <= x.total <= high:
            fewest[x.total] = min(fewest.get(x.total, 99), len(x.per_side))
    assert [x.total for x in loads] == sorted(fewest)
    for load in loads:
        assert len(load.per_side) == fewest[load.total]
        assert_feasible(load, case)


@st.composite
def competing_cases(draw: st.DrawFn) -> Case:
    """Mixed kg/lb (or colliding kg) kinds, every one stocked, and a wide tolerance:
    several loadings hit most totals, with different numbers of plates."""
    pool = draw(st.sampled_from([MIXED, MIXED, DENSE]))
    kinds = draw(st.lists(st.sampled_from(pool), unique=True, min_size=2, max_size=5))
    plates = [InventoryItem(p, draw(st.integers(1, 3))) for p in kinds]
    bar, collar = draw(st.sampled_from(BARS)), draw(st.sampled_from(COLLARS))
    tolerance = draw(st.sampled_from(MIXED_TOLERANCES))
    return Case(bar, collar, plates, tolerance, every_loading(bar, collar, plates))


@settings(deadline=None, max_examples=150)
@given(st.data())
def test_fewest_plates_beat_keeping_the_previous_loading(data: st.DataObject) -> None:
    """The previous loading is on the bar and hits the target, yet a loading with fewer
    plates wins whenever one exists; among the fewest, the previous one's prefix counts."""
    case = data.draw(competing_cases())
    on_bar = data.draw(st.sampled_from(case.loadings))
    target = on_bar.total + Mass.grams(data.draw(st.integers(-3, 3)))
    target = max(target, case.bar)
    previous = on_bar.per_side
    result = solve(target, case.bar, case.plates, case.collar, previous, case.tolerance)
    exact = [x for x in case.loadings if abs(x.total.value - target.value) <= case.tolerance.value]
    assert result.achievable
    assert_feasible(result.loading, case)
    assert (len(result.per_side), result.changes) == best_of(exact, previous)

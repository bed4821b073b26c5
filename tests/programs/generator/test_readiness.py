"""Readiness on a planned session: amber and red lower it, green leaves it, nothing is
ever raised."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironbase.fitness.readiness.scoring import ADJUSTMENTS, Band, SessionAdjustment
from ironbase.programs.generator import loading
from ironbase.programs.generator.readiness import adjust_session, kept_sets
from tests.programs.generator import handbuilt as h

INPUTS = h.inputs()
BASE = h.program(INPUTS)
MONDAY_WEEK_3 = BASE.weeks[2].sessions[0]  # bench 5 x RPE 9, row 5 x RPE 9, raise 3 x RPE 9


def test_green_is_the_plan_itself() -> None:
    assert adjust_session(MONDAY_WEEK_3, ADJUSTMENTS[Band.green], INPUTS) is MONDAY_WEEK_3


def test_amber_drops_a_set_and_adds_a_rep_in_reserve() -> None:
    amber = adjust_session(MONDAY_WEEK_3, ADJUSTMENTS[Band.amber], INPUTS)
    assert [p.sets for p in amber.exercises] == [4, 4, 2]
    assert [p.rpe for p in amber.exercises] == [Decimal(8)] * 3
    assert [p.rir for p in amber.exercises] == [Decimal(2)] * 3
    assert [(p.reps_min, p.reps_max) for p in amber.exercises] == [
        (p.reps_min, p.reps_max) for p in MONDAY_WEEK_3.exercises
    ]
    assert amber.estimated_minutes < MONDAY_WEEK_3.estimated_minutes


def test_red_keeps_about_half_the_sets_at_two_more_rir() -> None:
    red = adjust_session(MONDAY_WEEK_3, ADJUSTMENTS[Band.red], INPUTS)
    assert [p.sets for p in red.exercises] == [3, 3, 2]  # half of 5 and 3, rounded up
    assert [p.rpe for p in red.exercises] == [Decimal(7)] * 3


def test_the_load_is_for_the_same_reps_at_the_new_rpe() -> None:
    bench = MONDAY_WEEK_3.exercises[0]
    assert bench.load is not None
    red = adjust_session(MONDAY_WEEK_3, ADJUSTMENTS[Band.red], INPUTS).exercises[0]
    exercise = h.exercise(INPUTS, "barbell_bench_press")
    expected = loading.prescribe(exercise, INPUTS.gym, bench.load.e1rm_g, 10, Decimal(7))
    assert red.load == expected
    assert red.load is not None
    assert red.load.grams < bench.load.grams
    assert red.load.e1rm_g == bench.load.e1rm_g


def test_an_unloaded_exercise_stays_unloaded() -> None:
    assert MONDAY_WEEK_3.exercises[2].load is None
    assert adjust_session(MONDAY_WEEK_3, ADJUSTMENTS[Band.red], INPUTS).exercises[2].load is None


def test_never_below_one_set() -> None:
    single = dataclasses.replace(
        MONDAY_WEEK_3,
        exercises=tuple(dataclasses.replace(p, sets=1) for p in MONDAY_WEEK_3.exercises),
    )
    for band in (Band.amber, Band.red):
        adjusted = adjust_session(single, ADJUSTMENTS[band], INPUTS)
        assert [p.sets for p in adjusted.exercises] == [1, 1, 1]
        assert all(a.rpe < p.rpe for a, p in zip(adjusted.exercises, single.exercises, strict=True))


def test_a_heavier_recomputed_load_keeps_the_plan() -> None:
    # A plan whose bench load was made on a lighter basis than its e1RM says: the new
    # load at RPE 7 from the e1RM would be heavier, so the planned load stays.
    bench = MONDAY_WEEK_3.exercises[0]
    assert bench.load is not None
    light = dataclasses.replace(bench.load, grams=20_000, per_side=())
    session = dataclasses.replace(
        MONDAY_WEEK_3,
        exercises=(dataclasses.replace(bench, load=light), *MONDAY_WEEK_3.exercises[1:]),
    )
    red = adjust_session(session, ADJUSTMENTS[Band.red], INPUTS)
    assert red.exercises[0].load == light


def test_the_rpe_floor() -> None:
    easy = dataclasses.replace(
        MONDAY_WEEK_3,
        exercises=tuple(
            dataclasses.replace(p, rpe=Decimal("1.5"), rir=Decimal("8.5"), load=None)
            for p in MONDAY_WEEK_3.exercises
        ),
    )
    red = adjust_session(easy, ADJUSTMENTS[Band.red], INPUTS)
    assert {p.rpe for p in red.exercises} == {Decimal(1)}
    assert {p.rir for p in red.exercises} == {Decimal(9)}


@pytest.mark.parametrize(
    "adjustment",
    [
        SessionAdjustment(-1, 1.0, 0, ""),
        SessionAdjustment(0, 1.5, 0, ""),
        SessionAdjustment(0, 0.0, 0, ""),
        SessionAdjustment(0, 1.0, -1, ""),
        SessionAdjustment(11, 1.0, 0, ""),
    ],
)
def test_an_adjustment_that_would_add_is_refused(adjustment: SessionAdjustment) -> None:
    with pytest.raises(ValueError, match="must be"):
        adjust_session(MONDAY_WEEK_3, adjustment, INPUTS)


@given(
    planned=st.integers(1, 30),
    drop=st.integers(0, 10),
    keep=st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9, 1.0]),
)
def test_kept_sets_are_between_one_and_the_plan(planned: int, drop: int, keep: float) -> None:
    kept = kept_sets(planned, SessionAdjustment(drop, keep, 0, ""))
    assert 1 <= kept <= planned
    if planned > 1 and (drop > 0 or keep <= 0.5):
        assert kept < planned
    if drop == 0 and keep == 1.0:
        assert kept == planned


@settings(max_examples=60, deadline=None)
@given(
    week=st.integers(0, 3),
    day=st.integers(0, 1),
    drop=st.integers(0, 3),
    keep=st.sampled_from([0.3, 0.5, 0.8, 1.0]),
    extra=st.integers(0, 3),
)
def test_nothing_is_ever_raised(week: int, day: int, drop: int, keep: float, extra: int) -> None:
    session = BASE.weeks[week].sessions[day]
    adjusted = adjust_session(session, SessionAdjustment(drop, keep, extra, ""), INPUTS)
    assert adjusted.estimated_minutes <= session.estimated_minutes
    for a, p in zip(adjusted.exercises, session.exercises, strict=True):
        assert (a.exercise_id, a.position, a.reps_min, a.reps_max) == (
            p.exercise_id,
            p.position,
            p.reps_min,
            p.reps_max,
        )
        assert 1 <= a.sets <= p.sets
        assert a.rpe == p.rpe - extra
        assert a.rir == 10 - a.rpe
        if p.load is None:
            assert a.load is None
        else:
            assert a.load is not None
            assert a.load.grams <= p.load.grams

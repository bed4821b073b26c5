"""The checker on a hand-built program that keeps every invariant, and on one mutation
per invariant: each is caught by that invariant and by no other."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

import orjson
import pytest

from ironbase.fitness.readiness.scoring import SessionAdjustment
from ironbase.gyms.plates import Plate
from ironbase.programs.generator import checker, codec
from ironbase.programs.generator.model import (
    Inputs,
    Load,
    LoadKind,
    Prescription,
    Program,
    Role,
    Session,
    TrainingGoal,
    Week,
)
from ironbase.programs.generator.readiness import Memo, adjust_session
from tests.programs.generator import handbuilt as h

INPUTS = h.inputs()
BASE = h.program(INPUTS)


def failing(
    program: Program, inputs: Inputs = INPUTS, **kwargs: object
) -> dict[int, tuple[str, ...]]:
    report = checker.check(program, inputs, **kwargs)  # type: ignore[arg-type]
    assert [x.number for x in report.invariants] == list(range(1, 13))
    return {x.number: x.failures for x in report.invariants if not x.passed}


def only(
    number: int, program: Program, inputs: Inputs = INPUTS, **kwargs: object
) -> tuple[str, ...]:
    """The failures of ``number``, asserting that no other invariant fails."""
    failures = failing(program, inputs, **kwargs)
    assert set(failures) == {number}, failures
    return failures[number]


def at(
    slug: str, change: Callable[[Prescription], Prescription], weeks: tuple[int, ...] = (1, 2, 3, 4)
) -> Program:
    target = h.exercise(INPUTS, slug).id

    def edit(week: Week, session: Session, p: Prescription) -> Prescription:
        return change(p) if p.exercise_id == target and week.index in weeks else p

    return h.map_prescriptions(BASE, edit)


def test_the_base_keeps_every_invariant() -> None:
    report = checker.check(BASE, INPUTS, reproduce=lambda _: BASE)
    assert report.passed, report.violations()
    assert all(x.applicable for x in report.invariants)
    assert [x.name for x in report.invariants] == [checker.NAMES[n] for n in range(1, 13)]


def test_a_stored_program_reads_back_and_still_passes() -> None:
    stored = orjson.loads(codec.canonical(BASE))
    again = codec.program_from_data(stored)
    assert again == BASE
    assert checker.check(
        again, codec.inputs_from_data(orjson.loads(codec.canonical(INPUTS)))
    ).passed


def test_reproduction_is_not_applicable_without_a_generator() -> None:
    tenth = checker.check(BASE, INPUTS).invariants[9]
    assert (tenth.number, tenth.passed, tenth.applicable) == (10, True, False)


# --- 1 -----------------------------------------------------------------------------------


def test_1_an_excluded_exercise() -> None:
    bench = h.exercise(INPUTS, "barbell_bench_press").id
    inputs = h.inputs(excluded_exercises=frozenset({bench}))
    failures = only(1, BASE, inputs)
    assert len(failures) == 4
    assert (
        failures[0]
        == "week 1 day 1 position 1 (barbell_bench_press): the user excluded this exercise"
    )


def test_1_an_excluded_pattern_and_equipment() -> None:
    curl = h.exercise(INPUTS, "dumbbell_preacher_curl")
    inputs = h.inputs(
        excluded_patterns=frozenset({"elbow_flexion"}), excluded_equipment=curl.equipment_ids
    )
    failures = only(1, BASE, inputs)
    assert any("excluded the pattern elbow_flexion" in f for f in failures)
    assert any("uses equipment the user excluded" in f for f in failures)


def test_1_equipment_the_gym_lacks() -> None:
    curl = h.exercise(INPUTS, "dumbbell_preacher_curl")
    gym = dataclasses.replace(
        INPUTS.gym, equipment_ids=INPUTS.gym.equipment_ids - curl.equipment_ids
    )
    failures = only(1, BASE, dataclasses.replace(INPUTS, gym=gym))
    assert "week 4 day 2 position 3 (dumbbell_preacher_curl): needs equipment" in failures[-1]


def test_1_an_exercise_not_in_the_catalog() -> None:
    curl = h.exercise(INPUTS, "dumbbell_preacher_curl")
    catalog = tuple(x for x in INPUTS.catalog if x.id != curl.id)
    failures = only(1, BASE, dataclasses.replace(INPUTS, catalog=catalog))
    assert len(failures) == 4
    assert "not an exercise of the catalog" in failures[0]


# --- 2 -----------------------------------------------------------------------------------


def test_2_a_targeted_muscle_below_its_floor() -> None:
    # Back gets 10 sets a week, its hypertrophy floor (MEV); one set less in week 2.
    program = at("lat_pulldown", lambda p: dataclasses.replace(p, sets=4), weeks=(1, 2, 3))
    program = h.map_sessions(program, lambda w, s: h.with_minutes(s, INPUTS))
    (failure, again, _) = only(2, program)
    assert failure == "week 1: back gets 9 hard sets, below the hypertrophy floor of 10"
    assert again.startswith("week 2: back")


def test_2_the_request_targets_other_muscles() -> None:
    failures = only(2, BASE, h.inputs(focus_muscles=("back", "chest", "calves")))
    assert (
        failures[0] == "the program targets back, chest; the request asks for back, calves, chest"
    )
    assert "week 1: calves gets 0 hard sets, below the hypertrophy floor of 8" in failures


def test_2_a_muscle_above_its_mrv() -> None:
    # Front raises, 4 sets on both days, on top of the presses' half sets: front delts
    # get 13, above their MRV of 12 (not targeted, so only the MRV bounds them).
    front_raise = h.exercise(INPUTS, "front_raise").id

    def more(week: Week, session: Session) -> Session:
        template = next(p for p in session.exercises if p.position == 3)
        extra = dataclasses.replace(
            template,
            position=4,
            slot=f"{session.day_index}.4",
            exercise_id=front_raise,
            sets=1 if week.deload else 4,
            load=None,
        )
        return h.with_minutes(
            dataclasses.replace(session, exercises=(*session.exercises, extra)), INPUTS
        )

    failures = only(2, h.map_sessions(BASE, more))
    assert failures[0] == "week 1: front_delts gets 13 hard sets, above its MRV of 12"
    assert len(failures) == 3


# --- 3 -----------------------------------------------------------------------------------


def test_3_more_than_ten_sets_for_a_muscle_in_a_session() -> None:
    # 6 sets of bench press on Monday (chest 6) + 5 of dumbbell bench added as a second
    # chest slot: 11 chest sets in one session; the week stays under chest's ceiling.
    dumbbell = next(p for p in BASE.weeks[0].sessions[1].exercises if p.position == 1)

    def add(week: Week, session: Session) -> Session:
        if session.day_index != 0:
            return session
        source = next(p for p in week.sessions[1].exercises if p.position == 1)
        extra = dataclasses.replace(source, position=3, slot="0.9")
        items = list(session.exercises)
        items[0] = dataclasses.replace(items[0], sets=items[0].sets + (0 if week.deload else 1))
        moved = [dataclasses.replace(p, position=p.position + 1) for p in items[2:]]
        return h.with_minutes(
            dataclasses.replace(session, exercises=(*items[:2], extra, *moved)), INPUTS
        )

    assert dumbbell.sets == 5
    program = h.map_sessions(BASE, add)
    failures = only(3, program, h.inputs(session_minutes=90))
    assert failures[0] == "week 1 day 1: chest gets 11 hard sets, more than 10 in one session"


# --- 4 -----------------------------------------------------------------------------------


def _bench(p: Prescription) -> Load:
    assert p.load is not None
    assert p.load.kind is LoadKind.barbell
    return p.load


def test_4_plates_the_gym_does_not_have() -> None:
    # Plates are counted by kind against the pairs: 2 x 10 kg a side for 20 kg uses the
    # gym's two pairs of 10 (fine); 4 x 5 kg a side needs four pairs of 5 (it has two).
    def swap(p: Prescription) -> Prescription:
        load = _bench(p)
        if load.per_side != (Plate.kg(20),):
            return p
        return dataclasses.replace(p, load=dataclasses.replace(load, per_side=(Plate.kg(10),) * 2))

    program = at("barbell_bench_press", swap, weeks=(1,))
    assert failing(program) == {}
    program = at(
        "barbell_bench_press",
        lambda p: dataclasses.replace(
            p, load=dataclasses.replace(_bench(p), per_side=(Plate.kg(5),) * 4)
        ),
        weeks=(1,),
    )
    failures = only(4, program)
    assert failures == (
        "week 1 day 1 position 1 (barbell_bench_press): 4 x 5 kg per side, the gym has 2 pair(s)",
    )


def test_4_a_total_that_is_not_the_plates() -> None:
    program = at(
        "barbell_bench_press",
        lambda p: dataclasses.replace(
            p, load=dataclasses.replace(_bench(p), grams=_bench(p).grams - 500)
        ),
        weeks=(2,),
    )
    (failure,) = only(4, program)
    assert "stated, but the barbell loading weighs" in failure


def test_4_a_load_above_its_target() -> None:
    # A 1.25 kg plate more on each side: platable, but 2.5 kg above the target.
    def heavier(p: Prescription) -> Prescription:
        load = _bench(p)
        return dataclasses.replace(
            p,
            load=dataclasses.replace(
                load, grams=load.grams + 2500, per_side=(*load.per_side, Plate.kg("1.25"))
            ),
        )

    (failure,) = only(4, at("barbell_bench_press", heavier, weeks=(1,)))
    assert failure.endswith("67500 g is above the target of 65385.62 g")


def test_4_a_bar_the_gym_does_not_have_or_the_lift_may_not_use() -> None:
    ez = next(b for b in INPUTS.gym.bars if b.slug == "ez_curl")
    program = at(
        "barbell_bench_press",
        lambda p: dataclasses.replace(
            p, load=dataclasses.replace(_bench(p), bar_type_id=ez.bar_type_id)
        ),
        weeks=(1,),
    )
    (failure,) = only(4, program)
    assert failure.endswith("barbell_bench_press may not be done on the ez_curl bar")


def test_4_a_dumbbell_the_rack_does_not_have() -> None:
    def odd(p: Prescription) -> Prescription:
        assert p.load is not None
        return dataclasses.replace(p, load=dataclasses.replace(p.load, grams=p.load.grams - 700))

    (failure,) = only(4, at("dumbbell_bench_press", odd, weeks=(1,)))
    assert "no dumbbell of" in failure


def test_4_a_stack_setting_the_machine_does_not_have() -> None:
    def odd(p: Prescription) -> Prescription:
        assert p.load is not None
        assert p.load.kind is LoadKind.stack
        return dataclasses.replace(p, load=dataclasses.replace(p.load, grams=p.load.grams - 3000))

    (failure,) = only(4, at("lat_pulldown", odd, weeks=(1,)))
    assert "is not a setting of the machine's stack" in failure


def test_4_the_stack_add_on_counts() -> None:
    # 46.25 kg is pin 45 + the 1.25 kg add-on: the checker finds it.
    load = next(p for p in BASE.weeks[0].sessions[1].exercises if p.position == 2).load
    assert load is not None
    assert load.grams % 5000 == 1250


# --- 5 -----------------------------------------------------------------------------------


def test_5_reps_below_the_band() -> None:
    failures = only(5, at("barbell_row", lambda p: dataclasses.replace(p, reps_min=4)))
    assert failures[0] == (
        "week 1 day 1 position 2 (barbell_row): reps 4-10 outside the hypertrophy main band 6-12"
    )


def test_5_rpe_and_rir_disagree() -> None:
    (failure,) = only(
        5, at("barbell_row", lambda p: dataclasses.replace(p, rir=p.rir + 1), weeks=(2,))
    )
    assert failure.endswith("RIR 3 does not match RPE 8")


def test_5_a_main_lift_that_is_single_joint() -> None:
    program = at(
        "cable_lateral_raise", lambda p: dataclasses.replace(p, role=Role.main, rest_s=120)
    )
    failures = only(5, h.map_sessions(program, lambda w, s: h.with_minutes(s, INPUTS)))
    assert all(f.endswith("a main lift must be a multi-joint exercise") for f in failures)


def test_5_a_deload_may_go_two_rpe_lower_but_no_further() -> None:
    # The curl (no load) in the deload week at RPE 4 (6 - 2) is fine, at 3.5 not.
    easy = at(
        "dumbbell_preacher_curl",
        lambda p: dataclasses.replace(p, rpe=Decimal(4), rir=Decimal(6)),
        weeks=(4,),
    )
    assert failing(easy) == {}
    (failure,) = only(
        5,
        at(
            "dumbbell_preacher_curl",
            lambda p: dataclasses.replace(p, rpe=Decimal("3.5"), rir=Decimal("6.5")),
            weeks=(4,),
        ),
    )
    assert failure.endswith("RPE 3.5 outside the hypertrophy accessory band 4-10")


def test_5_a_program_for_another_goal() -> None:
    failures = only(5, dataclasses.replace(BASE, goal=TrainingGoal.strength))
    assert failures == ("the program is for strength, the request for hypertrophy",)


# --- 6 -----------------------------------------------------------------------------------


def test_6_sets_fall_within_a_block() -> None:
    # Week 2 bench 5 -> 6 sets, week 3 back to 5: chest stays in range, sets fall 2 -> 3.
    program = at("barbell_bench_press", lambda p: dataclasses.replace(p, sets=6), weeks=(2,))
    program = h.map_sessions(program, lambda w, s: h.with_minutes(s, INPUTS))
    (failure,) = only(6, program)
    assert failure == (
        "week 3 day 1 position 1 (barbell_bench_press): sets falls from 6 in week 2 to 5 "
        "within the block"
    )


def test_6_a_load_falls_on_the_same_e1rm() -> None:
    # Week 3's bench press without its smallest pair of plates: below week 2's load.
    def lighter(p: Prescription) -> Prescription:
        load = _bench(p)
        smallest = load.per_side[-1]
        grams = load.grams - 2 * smallest.mass.to_grams()
        return dataclasses.replace(
            p, load=dataclasses.replace(load, grams=grams, per_side=load.per_side[:-1])
        )

    week2 = _bench(next(p for p in BASE.weeks[1].sessions[0].exercises if p.position == 1))
    week3 = _bench(lighter(next(p for p in BASE.weeks[2].sessions[0].exercises if p.position == 1)))
    assert week3.grams < week2.grams
    (failure,) = only(6, at("barbell_bench_press", lighter, weeks=(3,)))
    assert failure == (
        f"week 3 day 1 position 1 (barbell_bench_press): load falls from {week2.grams} g "
        f"in week 2 to {week3.grams} g on the same e1RM"
    )


def test_6_a_load_may_fall_on_a_new_e1rm() -> None:
    # Adaptation re-bases: a lower load on another e1RM is not compared.
    def rebased(p: Prescription) -> Prescription:
        load = _bench(p)
        e1rm = Decimal(95_000)
        from ironbase.programs.generator import loading

        new = loading.prescribe(
            h.exercise(INPUTS, "barbell_bench_press"), INPUTS.gym, e1rm, p.reps_max, p.rpe
        )
        assert new is not None
        assert new.grams < load.grams
        return dataclasses.replace(p, load=new)

    assert failing(at("barbell_bench_press", rebased, weeks=(3,))) == {}


def test_6_a_deload_that_lightens_nothing() -> None:
    def no_deload(week: Week, session: Session, p: Prescription) -> Prescription:
        if not week.deload:
            return p
        week3 = next(x for s in BASE.weeks[2].sessions for x in s.exercises if x.slot == p.slot)
        return dataclasses.replace(p, sets=week3.sets, rpe=p.rpe + 1, rir=p.rir - 1, load=None)

    program = h.map_sessions(
        h.map_prescriptions(BASE, no_deload), lambda w, s: h.with_minutes(s, INPUTS)
    )
    (failure,) = only(6, program)
    assert failure.startswith("week 4 is a deload with 26 of week 3's 26 sets (100 %, not 40-60 %)")


def test_6_a_deload_may_keep_the_sets_at_two_more_rir() -> None:
    def same_sets(week: Week, session: Session, p: Prescription) -> Prescription:
        if not week.deload:
            return p
        week3 = next(x for s in BASE.weeks[2].sessions for x in s.exercises if x.slot == p.slot)
        return dataclasses.replace(p, sets=week3.sets)

    program = h.map_sessions(
        h.map_prescriptions(BASE, same_sets), lambda w, s: h.with_minutes(s, INPUTS)
    )
    assert failing(program) == {}


def test_6_a_slot_changes_exercise() -> None:
    row = h.exercise(INPUTS, "barbell_row").id
    swapped = at(
        "barbell_bench_press",
        lambda p: dataclasses.replace(p, exercise_id=row, load=None),
        weeks=(4,),
    )
    # a second row in week 4's first session: also the same muscle, less chest (deload).
    failures = failing(swapped)
    assert set(failures) == {6}
    assert "slot 0.1 changes exercise or day" in failures[6][0]


# --- 7 -----------------------------------------------------------------------------------


def test_7_a_session_longer_than_asked() -> None:
    failures = only(7, BASE, h.inputs(session_minutes=40))
    assert failures[0] == "week 1 day 1: about 41 minutes, more than the 40 asked for"


def test_7_an_estimate_that_is_not_the_model() -> None:
    program = h.map_sessions(
        BASE,
        lambda w, s: (
            dataclasses.replace(s, estimated_minutes=30) if w.index == 2 and s.day_index == 1 else s
        ),
    )
    (failure,) = only(7, program)
    assert failure == "week 2 day 2: estimated at 30 minutes, the duration model says 41"


def test_7_a_rest_outside_the_band() -> None:
    program = at("barbell_row", lambda p: dataclasses.replace(p, rest_s=30))
    program = h.map_sessions(program, lambda w, s: h.with_minutes(s, INPUTS))
    failures = only(7, program)
    assert failures[0].endswith("rest 30 s outside the band's 120-180 s")


# --- 8 -----------------------------------------------------------------------------------


def test_8_a_single_joint_exercise_before_a_compound() -> None:
    def swap(week: Week, session: Session) -> Session:
        if session.day_index != 0:
            return session
        a, b, c = session.exercises
        return dataclasses.replace(
            session,
            exercises=(a, dataclasses.replace(c, position=2), dataclasses.replace(b, position=3)),
        )

    failures = only(8, h.map_sessions(BASE, swap))
    assert failures[0] == (
        "week 1 day 1 position 3 (barbell_row): a multi-joint exercise after the "
        "single-joint cable_lateral_raise"
    )
    assert len(failures) == 4


def test_8_positions_out_of_order() -> None:
    program = h.map_sessions(
        BASE,
        lambda w, s: (
            dataclasses.replace(s, exercises=s.exercises[::-1])
            if w.index == 1 and s.day_index == 1
            else s
        ),
    )
    failures = only(8, program)
    assert failures[0] == "week 1 day 2: positions [3, 2, 1] are not in order"


# --- 9 -----------------------------------------------------------------------------------


def test_9_a_load_from_another_e1rm() -> None:
    def off(p: Prescription) -> Prescription:
        load = _bench(p)
        return dataclasses.replace(
            p, load=dataclasses.replace(load, e1rm_g=load.e1rm_g * Decimal("1.01"))
        )

    (failure, percentage) = only(9, at("barbell_bench_press", off, weeks=(2,)))
    assert percentage.endswith("68.02811 % of the e1RM stated, the load is 67.35 %")
    assert "gives an e1RM of 100000.000 g, not 101000.00" in failure


def test_9_a_percentage_that_is_not_the_load() -> None:
    def off(p: Prescription) -> Prescription:
        load = _bench(p)
        return dataclasses.replace(
            p, load=dataclasses.replace(load, percent_e1rm=load.percent_e1rm + 1)
        )

    (failure,) = only(9, at("barbell_bench_press", off, weeks=(1,)))
    assert failure.endswith("% of the e1RM stated, the load is 65.39 %")


def test_9_holds_within_half_a_percent() -> None:
    def close(p: Prescription) -> Prescription:
        load = _bench(p)
        return dataclasses.replace(
            p, load=dataclasses.replace(load, e1rm_g=load.e1rm_g * Decimal("1.004"))
        )

    assert failing(at("barbell_bench_press", close, weeks=(2,))) == {}


# --- 10 ----------------------------------------------------------------------------------


def test_10_a_generator_that_gives_other_bytes() -> None:
    other = dataclasses.replace(BASE, seed=BASE.seed + 1)
    (failure,) = only(10, BASE, reproduce=lambda _: other)
    assert (
        failure
        == "the same inputs give different bytes: outside the weeks (header or explanations)"
    )
    week = at("barbell_row", lambda p: dataclasses.replace(p, rest_s=150), weeks=(3,))
    (failure,) = only(10, BASE, reproduce=lambda _: week)
    assert failure.endswith("first in week 3")


def test_10_a_generator_that_refuses() -> None:
    from ironbase.programs.generator.model import Infeasible, Violation

    def refuse(_: Inputs) -> Program:
        raise Infeasible((Violation(7, "too long"),), ())

    (failure,) = only(10, BASE, reproduce=refuse)
    assert failure == "the same inputs no longer give a program: too long"


# --- 11 ----------------------------------------------------------------------------------


def _with_adjust(monkeypatch: pytest.MonkeyPatch, adjust: Callable[..., Session]) -> None:
    monkeypatch.setattr(checker, "adjust_session", adjust)


def test_11_readiness_that_raises_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    def more_sets(
        session: Session, adjustment: SessionAdjustment, inputs: Inputs, memo: Memo | None = None
    ) -> Session:
        lowered = adjust_session(session, adjustment, inputs)
        if adjustment.keep_set_fraction < 1:  # red
            first = dataclasses.replace(lowered.exercises[0], sets=session.exercises[0].sets + 1)
            return dataclasses.replace(lowered, exercises=(first, *lowered.exercises[1:]))
        return lowered

    _with_adjust(monkeypatch, more_sets)
    failures = only(11, BASE)
    assert (
        failures[0] == "week 1 day 1, red: position 1 (barbell_bench_press): readiness raises sets"
    )
    assert len(failures) == 8


def test_11_amber_that_lowers_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def same(
        session: Session, adjustment: SessionAdjustment, inputs: Inputs, memo: Memo | None = None
    ) -> Session:
        return (
            session
            if adjustment.drop_sets_per_exercise
            else adjust_session(session, adjustment, inputs)
        )

    _with_adjust(monkeypatch, same)
    failures = only(11, BASE)
    assert (
        failures[0] == "week 1 day 1, amber: position 1 (barbell_bench_press): "
        "neither fewer sets nor more reps in reserve"
    )


def test_11_green_that_changes_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    def heavier(
        session: Session, adjustment: SessionAdjustment, inputs: Inputs, memo: Memo | None = None
    ) -> Session:
        if adjustment.extra_rir:
            return adjust_session(session, adjustment, inputs)
        return dataclasses.replace(session, estimated_minutes=session.estimated_minutes + 1)

    _with_adjust(monkeypatch, heavier)
    failures = only(11, BASE)
    assert failures[0] == "week 1 day 1, green: a green day changes the session"


def test_11_a_load_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def heavier(
        session: Session, adjustment: SessionAdjustment, inputs: Inputs, memo: Memo | None = None
    ) -> Session:
        lowered = adjust_session(session, adjustment, inputs)
        if not adjustment.extra_rir:
            return lowered
        first = lowered.exercises[0]
        assert first.load is not None
        first = dataclasses.replace(
            first, load=dataclasses.replace(first.load, grams=first.load.grams + 10_000)
        )
        return dataclasses.replace(lowered, exercises=(first, *lowered.exercises[1:]))

    _with_adjust(monkeypatch, heavier)
    failures = only(11, BASE)
    assert failures[0].endswith("position 1 (barbell_bench_press): readiness raises load")


# --- 12 ----------------------------------------------------------------------------------


def test_12_a_workout_on_another_weekday() -> None:
    program = h.map_sessions(
        BASE,
        lambda w, s: dataclasses.replace(s, weekday=5) if s.day_index == 1 and w.index == 3 else s,
    )
    (failure,) = only(12, program)
    assert failure == "week 3: workouts on Mon, Fri, the user chose Mon, Thu"


def test_12_two_workouts_on_one_day_and_a_missing_week() -> None:
    program = h.map_sessions(BASE, lambda w, s: dataclasses.replace(s, weekday=1))
    failures = only(12, program, h.inputs(weekdays=()))
    assert failures[0] == "week 1: two workouts on the same weekday (Mon, Mon)"
    short = dataclasses.replace(BASE, weeks=BASE.weeks[:3])
    assert only(12, short) == ("3 weeks, 4 asked for",)


def test_12_fewer_workouts_than_days_per_week() -> None:
    failures = only(12, BASE, h.inputs(days_per_week=3, weekdays=(1, 3, 4)))
    assert failures[0] == "week 1: 2 workouts, 3 asked for"


# --- bounds ------------------------------------------------------------------------------


def test_a_program_too_large_is_not_looked_at() -> None:
    huge = dataclasses.replace(BASE, weeks=BASE.weeks * 14)
    report = checker.check(huge, INPUTS)
    assert not report.passed
    assert {x.failures for x in report.invariants} == {("not checked: 56 weeks, at most 52",)}


def test_a_number_that_is_not_finite_is_not_looked_at() -> None:
    program = at("barbell_row", lambda p: dataclasses.replace(p, rpe=Decimal("NaN")), weeks=(2,))
    report = checker.check(program, INPUTS)
    assert {x.failures for x in report.invariants} == {
        ("not checked: week 2 day 1 has a number that is not finite",)
    }


@pytest.mark.parametrize("number", range(1, 13))
def test_every_invariant_has_a_name(number: int) -> None:
    assert checker.NAMES[number]

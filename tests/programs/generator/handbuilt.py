"""A small program built by hand that keeps every invariant, for the checker's,
readiness' and adaptation's tests: 4 weeks of hypertrophy for chest and back, two days
(Monday, Thursday), weeks 1-3 rising in effort, week 4 a deload. Loads on a barbell, a
dumbbell and a cable stack; one exercise without history has no load.

Loads are made with ``loading.prescribe`` (the checker re-derives them on its own).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ironbase.programs.generator import loading, rules, samples
from ironbase.programs.generator.model import (
    CatalogExercise,
    Inputs,
    Prescription,
    Program,
    Role,
    Session,
    TrainingGoal,
    Week,
)

E1RM_KG = {
    "barbell_bench_press": 100,
    "barbell_row": 90,
    "dumbbell_bench_press": 36,
    "lat_pulldown": 80,
}
# (slug, role, reps_min, reps_max, sets in weeks 1-3, sets in the deload)
DAYS: tuple[tuple[tuple[str, Role, int, int, int, int], ...], ...] = (
    (
        ("barbell_bench_press", Role.main, 6, 10, 5, 3),
        ("barbell_row", Role.main, 6, 10, 5, 3),
        ("cable_lateral_raise", Role.accessory, 10, 12, 3, 1),
    ),
    (
        ("dumbbell_bench_press", Role.main, 8, 12, 5, 3),
        ("lat_pulldown", Role.main, 8, 12, 5, 2),
        ("dumbbell_preacher_curl", Role.accessory, 8, 12, 3, 1),
    ),
)
WEEKDAYS = (1, 4)
# RPE by week: three rising weeks, then the deload two RPE below week 3.
RPE = {Role.main: ("7", "8", "9", "7"), Role.accessory: ("8", "8.5", "9", "7")}
REST = {Role.main: 120, Role.accessory: 60}


def inputs(**changes: Any) -> Inputs:
    values: dict[str, Any] = {
        "weeks": 4,
        "goal": TrainingGoal.hypertrophy,
        "days_per_week": 2,
        "weekdays": WEEKDAYS,
        "session_minutes": 60,
        "focus_muscles": ("back", "chest"),
    }
    values.update(changes)
    return samples.inputs(e1rm_kg=E1RM_KG, **values)


def exercise(inputs: Inputs, slug: str) -> CatalogExercise:
    return next(x for x in inputs.catalog if x.slug == slug)


def program(inputs: Inputs) -> Program:
    weeks = tuple(_week(inputs, index) for index in range(1, 5))
    return Program(
        generator_version="handbuilt/1",
        tables=rules.table_versions(),
        goal=inputs.request.goal,
        split="full_body",
        targeted_muscles=("back", "chest"),
        weeks=weeks,
        explanations=(),
        seed=inputs.request.seed,
        inputs_digest="",
    )


def _week(inputs: Inputs, index: int) -> Week:
    deload = index == 4
    sessions = tuple(_session(inputs, day, index, deload, rows) for day, rows in enumerate(DAYS))
    return Week(index=index, deload=deload, calibration=False, sessions=sessions)


def _session(
    inputs: Inputs,
    day: int,
    week: int,
    deload: bool,
    rows: tuple[tuple[str, Role, int, int, int, int], ...],
) -> Session:
    strengths = {s.exercise_id: s.e1rm_g for s in inputs.strengths}
    exercises = []
    for position, (slug, role, low, high, sets, deload_sets) in enumerate(rows, start=1):
        ex = exercise(inputs, slug)
        rpe = Decimal(RPE[role][week - 1])
        e1rm = strengths.get(ex.id)
        load = None if e1rm is None else loading.prescribe(ex, inputs.gym, e1rm, high, rpe)
        exercises.append(
            Prescription(
                position=position,
                slot=f"{day}.{position}",
                exercise_id=ex.id,
                role=role,
                sets=deload_sets if deload else sets,
                reps_min=low,
                reps_max=high,
                rir=10 - rpe,
                rpe=rpe,
                load=load,
                rest_s=REST[role],
            )
        )
    return with_minutes(Session(day, WEEKDAYS[day], f"Day {day + 1}", 0, tuple(exercises)), inputs)


def with_minutes(session: Session, inputs: Inputs) -> Session:
    """The session with its estimated minutes recomputed by the duration model."""
    bars = {x.id: x.bar_type_ids is not None for x in inputs.catalog}
    seconds = rules.session_seconds(
        tuple(
            (p.sets, p.reps_max, p.rest_s, bars.get(p.exercise_id, False))
            for p in session.exercises
        )
    )
    return dataclasses.replace(session, estimated_minutes=math.ceil(seconds / 60))


def map_prescriptions(
    program: Program,
    change: Callable[[Week, Session, Prescription], Prescription],
) -> Program:
    """``program`` with every prescription replaced by ``change(week, session, p)``."""
    weeks = tuple(
        dataclasses.replace(
            w,
            sessions=tuple(
                dataclasses.replace(s, exercises=tuple(change(w, s, p) for p in s.exercises))
                for s in w.sessions
            ),
        )
        for w in program.weeks
    )
    return dataclasses.replace(program, weeks=weeks)


def map_sessions(program: Program, change: Callable[[Week, Session], Session]) -> Program:
    weeks = tuple(
        dataclasses.replace(w, sessions=tuple(change(w, s) for s in w.sessions))
        for w in program.weeks
    )
    return dataclasses.replace(program, weeks=weeks)

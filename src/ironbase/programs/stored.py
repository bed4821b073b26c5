"""A program as rows and as the API writes it: the pure translation both ways.

``rows`` turns a generated ``Program`` into the weeks, workouts and prescriptions the
tables hold; ``program_json`` writes the answer of ``GET /v1/programs/{id}`` from the
canonical program and the stored workouts' ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ironbase.kit.units import MassUnit, number
from ironbase.programs.generator import model
from ironbase.training.workouts.service import display_mass

#: The explanation topic of a refused proposal: not the generator's, left out when the
#: program is reproduced for the checker.
PROPOSAL_TOPIC = "proposal"

WorkoutKey = tuple[int, int]  # (week index, day index)


@dataclass(slots=True)
class Rows:
    weeks: list[dict[str, Any]] = field(default_factory=list)
    workouts: list[dict[str, Any]] = field(default_factory=list)
    exercises: list[dict[str, Any]] = field(default_factory=list)
    workout_ids: dict[WorkoutKey, uuid.UUID] = field(default_factory=dict)


def _plates(load: model.Load) -> list[dict[str, str]] | None:
    if load.kind is not model.LoadKind.barbell:
        return None
    return [{"mass": str(plate.nominal), "unit": plate.unit} for plate in load.per_side]


def load_columns(load: model.Load | None) -> dict[str, Any]:
    """The prescription's load columns (all null without a load)."""
    if load is None:
        return dict.fromkeys(
            ("load_g", "load_kind", "target_g", "e1rm_g", "percent_e1rm", "bar_type_id",
             "plates", "equipment_id")
        )  # fmt: skip
    return {
        "load_g": load.grams,
        "load_kind": load.kind.value,
        "target_g": load.target_g,
        "e1rm_g": load.e1rm_g,
        "percent_e1rm": load.percent_e1rm,
        "bar_type_id": load.bar_type_id,
        "plates": _plates(load),
        "equipment_id": load.equipment_id,
    }


def prescription_columns(x: model.Prescription) -> dict[str, Any]:
    """What an adaptation may change in a prescription's row."""
    return {
        "sets": x.sets,
        "reps_min": x.reps_min,
        "reps_max": x.reps_max,
        "rir": x.rir,
        "rpe": x.rpe,
        "rest_s": x.rest_s,
        **load_columns(x.load),
    }


def rows(user_id: uuid.UUID, program_id: uuid.UUID, program: model.Program) -> Rows:
    out = Rows()
    for week in program.weeks:
        week_id = uuid.uuid4()
        out.weeks.append(
            {
                "user_id": user_id,
                "id": week_id,
                "program_id": program_id,
                "index": week.index,
                "deload": week.deload,
                "calibration": week.calibration,
            }
        )
        for session in week.sessions:
            workout_id = uuid.uuid4()
            out.workout_ids[(week.index, session.day_index)] = workout_id
            out.workouts.append(
                {
                    "user_id": user_id,
                    "id": workout_id,
                    "program_id": program_id,
                    "week_id": week_id,
                    "day_index": session.day_index,
                    "weekday": session.weekday,
                    "title": session.title,
                    "estimated_minutes": session.estimated_minutes,
                }
            )
            for x in session.exercises:
                out.exercises.append(
                    {
                        "user_id": user_id,
                        "id": uuid.uuid4(),
                        "program_workout_id": workout_id,
                        "position": x.position,
                        "slot": x.slot,
                        "exercise_id": x.exercise_id,
                        "role": x.role.value,
                        **prescription_columns(x),
                    }
                )
    return out


def changed_rows(
    user_id: uuid.UUID,
    before: model.Program,
    after: model.Program,
    workout_ids: Mapping[WorkoutKey, uuid.UUID],
) -> list[dict[str, Any]]:
    """The prescriptions whose row differs between two versions of a program."""
    old = {
        (w.index, s.day_index, x.position): x
        for w in before.weeks
        for s in w.sessions
        for x in s.exercises
    }
    changed = []
    for week in after.weeks:
        for session in week.sessions:
            for x in session.exercises:
                key = (week.index, session.day_index, x.position)
                if old.get(key) == x:
                    continue
                changed.append(
                    {
                        "user_id": user_id,
                        "program_workout_id": workout_ids[(week.index, session.day_index)],
                        "position": x.position,
                        **prescription_columns(x),
                    }
                )
    return changed


def mass_json(grams: int | None, unit: MassUnit) -> dict[str, Any] | None:
    return None if grams is None else {"weight": display_mass(grams, unit), "unit": unit}


def prescription_json(x: model.Prescription, unit: MassUnit) -> dict[str, Any]:
    load = x.load
    plates = None
    if load is not None and load.kind is model.LoadKind.barbell:
        plates = [{"mass": number(p.nominal), "unit": p.unit} for p in load.per_side]
    return {
        "position": x.position,
        "exercise_id": x.exercise_id,
        "sets": x.sets,
        "reps_min": x.reps_min,
        "reps_max": x.reps_max,
        "rir": number(x.rir),
        "rpe": number(x.rpe),
        "load": None if load is None else mass_json(load.grams, unit),
        "percent_e1rm": None if load is None else number(load.percent_e1rm),
        "rest_s": x.rest_s,
        "plates": plates,
    }


def explanation_json(x: model.Explanation) -> dict[str, Any]:
    return {
        "topic": x.topic,
        "text": x.text,
        "week": x.week,
        "day_index": x.day_index,
        "position": x.position,
        "exercise_id": x.exercise_id,
        "muscle": x.muscle,
    }


def summary_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "status": row["status"],
        "creator": row["created_by"],
        "goal": row["goal"],
        "weeks_count": row["weeks"],
        "generator_version": row["generator_version"],
        "gym_id": row["gym_id"],
        "activated_at": row["activated_at"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def program_json(
    row: Mapping[str, Any],
    program: model.Program,
    workout_ids: Mapping[WorkoutKey, uuid.UUID],
    unit: MassUnit,
) -> dict[str, Any]:
    weeks = [
        {
            "index": week.index,
            "deload": week.deload,
            "workouts": [
                {
                    "id": workout_ids[(week.index, s.day_index)],
                    "weekday": s.weekday,
                    "title": s.title,
                    "estimated_minutes": s.estimated_minutes,
                    "exercises": [prescription_json(x, unit) for x in s.exercises],
                }
                for s in week.sessions
            ],
        }
        for week in program.weeks
    ]
    explanations = [explanation_json(x) for x in program.explanations]
    return {**summary_json(row), "weeks": weeks, "explanations": explanations}


def workout_keys(found: Sequence[Mapping[str, Any]]) -> dict[WorkoutKey, uuid.UUID]:
    return {(row["week"], row["day_index"]): row["id"] for row in found}

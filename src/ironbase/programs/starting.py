"""Starting a program workout: a training-log workout prefilled from the prescription.

The program first adapts to every finished workout not yet evaluated (``service``). Then
one transaction reads today's readiness and the loading kit and writes the workout:
the session lowered by readiness (``generator.readiness.adjust_session``: fewer sets,
more reps in reserve, never more than planned; the cycle phase alone changes nothing),
one planned set per prescribed set with its load in grams, reps, RPE and RIR. Plates per
set and a warm-up are solved after the commit, as a template start does
(``training.workouts.loading``). A ``coach_logs`` row records the start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from decimal import Decimal
from typing import Any

from ironbase.catalog.exercises import service as catalog
from ironbase.db.pg import Transactions
from ironbase.fitness.readiness import service as readiness
from ironbase.fitness.readiness.service import Readiness
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import NotFound
from ironbase.kit.units import MassUnit, number
from ironbase.programs import repository as repo
from ironbase.programs import service, stored
from ironbase.programs.generator import model, rules
from ironbase.programs.generator import readiness as lowering
from ironbase.programs.schemas import ProgramStart
from ironbase.training.workouts import loading
from ironbase.training.workouts import service as workouts


@dataclasses.dataclass(slots=True)
class _Planned:
    """One prescription as started: its workout exercise and planned set rows."""

    prescription: model.Prescription
    exercise: dict[str, Any]
    sets: list[dict[str, Any]]

    @property
    def exercise_id(self) -> uuid.UUID:
        return self.prescription.exercise_id


def _effort(x: model.Prescription) -> tuple[Decimal | None, int | None]:
    """RPE in half steps and whole RIR, as the log stores them (else left out)."""
    rpe = x.rpe if 1 <= x.rpe <= 10 and (x.rpe * 2) % 1 == 0 else None
    rir = int(x.rir) if x.rir % 1 == 0 and 0 <= x.rir <= 10 else None
    return rpe, rir


def _plan(session: model.Session, unit: MassUnit) -> list[_Planned]:
    planned = []
    for x in session.exercises:
        exercise = {
            "id": uuid.uuid4(),
            "exercise_id": x.exercise_id,
            "position": x.position,
            "superset_group": None,
            "notes": None,
        }
        grams = None if x.load is None else x.load.grams
        rpe, rir = _effort(x)
        sets = [
            {
                "id": uuid.uuid4(),
                "workout_exercise_id": exercise["id"],
                "position": i,
                "set_type": "normal",
                "weight_g": grams,
                "unit": None if grams is None else unit,
                "reps": x.reps_max,
                "duration_s": None,
                "distance_m": None,
                "rpe": rpe,
                "rir": rir,
                "completed_at": None,
                "planned": True,
            }
            for i in range(x.sets)
        ]
        planned.append(_Planned(x, exercise, sets))
    return planned


def _changes(before: model.Session, after: model.Session, unit: MassUnit) -> list[str]:
    """What readiness changed, one line per prescription."""
    lines = []
    planned = {x.position: x for x in before.exercises}
    for x in after.exercises:
        old = planned.get(x.position)
        if old is None or old == x:
            continue
        parts = []
        if x.sets != old.sets:
            parts.append(f"sets {old.sets} -> {x.sets}")
        if x.rir != old.rir:
            parts.append(f"RIR {number(old.rir)} -> {number(x.rir)}")
        old_g = None if old.load is None else old.load.grams
        new_g = None if x.load is None else x.load.grams
        if old_g != new_g:
            parts.append(f"load {_weight(old_g, unit)} -> {_weight(new_g, unit)}")
        if parts:
            lines.append(f"position {x.position}: " + ", ".join(parts))
    dropped = sorted(set(planned) - {x.position for x in after.exercises})
    lines += [f"position {p}: left out today" for p in dropped]
    return lines


def _weight(grams: int | None, unit: MassUnit) -> str:
    return "none" if grams is None else f"{workouts.display_mass(grams, unit)} {unit}"


def _readiness_json(ready: Readiness, changed: list[str]) -> dict[str, Any]:
    return {
        "band": None if ready.band is None else ready.band.value,
        "score": ready.score,
        "advice": ready.adjustment.advice,
        "changed": changed,
    }


def _session_of(loaded: service.Loaded, program_workout_id: uuid.UUID) -> model.Session:
    key = next((k for k, v in loaded.workout_ids.items() if v == program_workout_id), None)
    if key is None:
        raise NotFound("Program workout")
    week = next(w for w in loaded.program.weeks if w.index == key[0])
    return next(s for s in week.sessions if s.day_index == key[1])


async def start_workout(
    transaction: Transactions,
    caller: SignedIn,
    program_id: uuid.UUID,
    program_workout_id: uuid.UUID,
    body: ProgramStart,
    now: dt.datetime,
) -> dict[str, Any]:
    loaded, _ = await service.adapt_and_load(transaction, caller, program_id)
    session = _session_of(loaded, program_workout_id)
    started = time.perf_counter()
    ids = [x.exercise_id for x in session.exercises]
    async with transaction() as tx:
        ready = await readiness.today(tx, caller, now)
        unit = await workouts.response_unit(tx, caller, body.unit)
        bars = await catalog.plate_bars(tx, caller, ids)
        adjusted = lowering.adjust_session(session, ready.adjustment, loaded.inputs)
        changed = _changes(session, adjusted, unit)
        planned = _plan(adjusted, unit)
        gym_id, kit = await loading.gym_kit(tx, caller, loaded.row["gym_id"], ids, bars, unit)
        values = {
            "id": uuid.uuid4(),
            "program_workout_id": program_workout_id,
            "title": session.title,
            "started_at": body.started_at or now,
            "gym_id": gym_id,
        }
        workout = await workouts.start_planned(
            tx,
            caller,
            values,
            [one.exercise for one in planned],
            [row for one in planned for row in one.sets],
            unit,
        )
        await repo.insert_log(
            tx,
            {
                "user_id": caller.user_id,
                "program_id": program_id,
                "workout_id": workout["id"],
                "kind": "start",
                "generator_version": rules.GENERATOR_VERSION,
                "inputs_digest": loaded.row["inputs_digest"],
                "request": {
                    "program_workout_id": str(program_workout_id),
                    "readiness": dataclasses.asdict(ready.adjustment),
                },
                "duration_ms": service.milliseconds(started),
                "outcome": "adapted" if changed else "unchanged",
                "detail": {"changed": changed, "band": _readiness_json(ready, [])["band"]},
            },
        )
    status, plans = await loading.solve(planned, bars, kit)
    by_id = {one.exercise["id"]: one for one in planned}
    planned_by_position = {x.position: x for x in session.exercises}
    for exercise in workout["exercises"]:
        one = by_id[exercise["id"]]
        loading.annotate(exercise, plans.get(exercise["id"]))
        original = planned_by_position[one.prescription.position]
        exercise["prescription"] = stored.prescription_json(original, unit)
    first = next((one.kit for one in plans.values()), None)
    workout["loading"] = loading.loading_json(status, gym_id, unit, first)
    workout["program_id"] = program_id
    workout["program_workout_id"] = program_workout_id
    workout["readiness"] = _readiness_json(ready, changed)
    return workout

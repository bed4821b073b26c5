"""Workouts with their exercises and sets: the whole-document write, reads, edits, pages.

A set logged or edited one at a time (``add_set``, ``update_set``) answers with the records
it breaks (``training.stats.records_broken``: one statement). The document writes (``PUT``,
``POST /v1/workouts``, an exercise added with its sets) do not flag sets: a document is
often an offline workout synced late, whose sets were done before sets already stored, so
"broke a record" would depend on the order of arrival (``training.science.records`` calls
for a recomputation there), and the client showed its records while the lifter trained.
``GET /v1/records`` recomputes them after the write in one request.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import asyncpg

from ironbase.catalog.exercises import service as exercises
from ironbase.db.pg import Tx
from ironbase.fitness.readiness import service as readiness
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.kit.units import (
    GRAMS_PER,
    MassUnit,
    checked_grams,
    from_grams,
    number,
    to_grams,
    unit_of_system,
)
from ironbase.training.stats import service as stats
from ironbase.training.workouts import repository as repo
from ironbase.training.workouts.schemas import (
    MAX_WORKOUT_HOURS,
    ExerciseIn,
    SetIn,
    SetUpdate,
    WorkoutCreate,
    WorkoutDocument,
    WorkoutUpdate,
)
from ironbase.users import service as users

WORKOUTS_BY_STARTED = CursorKind("workouts.started", (Timestamp(), Uuid()))
MAX_SET_GRAMS = 1_000_000  # the database's bound: 1000 kg
# Exercise names are not read here, only whether the caller may use the exercise.
_ANY_LOCALE = ["en"]


async def response_unit(tx: Tx, caller: SignedIn, asked: MassUnit | None) -> MassUnit:
    """The unit masses are written in: the request's, else the caller's unit system."""
    if asked is not None:
        return asked
    return unit_of_system(await users.unit_system_of(tx, caller.user_id) or "metric")


# --- the whole-document write -------------------------------------------------------


def _require_ids(document: WorkoutCreate) -> None:
    for i, exercise in enumerate(document.exercises):
        if exercise.id is None:
            raise InvalidInput(f"exercises.{i}.id", "A PUT document carries every id.")
        for j, one_set in enumerate(exercise.sets):
            if one_set.id is None:
                raise InvalidInput(f"exercises.{i}.sets.{j}.id", "A PUT document carries every id.")


def _deleted_later(what: str) -> Conflict:
    return Conflict(
        f"{what} was deleted after this write's client_updated_at, so it stays deleted.",
        kind="deleted-later",
    )


def _rows(
    document: WorkoutCreate, unit: MassUnit
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The exercise and set rows of a document, masses in grams; 422 before any write.

    Each row carries its ``stamp``: its own ``client_updated_at``, else the document's."""
    exercise_rows: list[dict[str, Any]] = []
    set_rows: list[dict[str, Any]] = []
    for i, exercise in enumerate(document.exercises):
        exercise_id = exercise.id or uuid.uuid4()
        exercise_rows.append(
            {
                "id": exercise_id,
                "exercise_id": exercise.exercise_id,
                "position": i if exercise.position is None else exercise.position,
                "superset_group": exercise.superset_group,
                "notes": exercise.notes,
                "stamp": exercise.client_updated_at or document.client_updated_at,
            }
        )
        for j, one_set in enumerate(exercise.sets):
            set_unit = one_set.unit or unit
            grams = (
                None
                if one_set.weight is None
                else checked_grams(
                    f"exercises.{i}.sets.{j}.weight", one_set.weight, set_unit, 0, MAX_SET_GRAMS
                )
            )
            set_rows.append(
                {
                    "id": one_set.id or uuid.uuid4(),
                    "workout_exercise_id": exercise_id,
                    "position": j,
                    "set_type": one_set.set_type,
                    "weight_g": grams,
                    "unit": None if grams is None else set_unit,
                    "reps": one_set.reps,
                    "duration_s": one_set.duration_s,
                    "distance_m": one_set.distance_m,
                    "rpe": one_set.rpe,
                    "rir": one_set.rir,
                    "completed_at": one_set.completed_at,
                    "planned": one_set.planned,
                    "stamp": one_set.client_updated_at or document.client_updated_at,
                }
            )
    return exercise_rows, set_rows


async def check_exercises(tx: Tx, caller: SignedIn, exercise_ids: Sequence[uuid.UUID]) -> None:
    """422 on ``exercises.{i}.exercise_id`` unless each is the catalog's or the caller's own
    (a foreign key alone would take anyone's private exercise)."""
    wanted = [str(exercise_id) for exercise_id in exercise_ids]
    if not wanted:
        return
    visible = {str(r["id"]) for r in await exercises.summaries(tx, caller, wanted, _ANY_LOCALE)}
    for i, exercise_id in enumerate(wanted):
        if exercise_id not in visible:
            raise InvalidInput(f"exercises.{i}.exercise_id", "No such exercise.")


async def _check_exercises(tx: Tx, caller: SignedIn, document: WorkoutCreate) -> None:
    await check_exercises(tx, caller, [e.exercise_id for e in document.exercises])


async def write_document(
    tx: Tx,
    caller: SignedIn,
    workout_id: uuid.UUID,
    document: WorkoutCreate,
    asked: MassUnit | None,
) -> dict[str, Any]:
    """Merges the document into the caller's workout ``workout_id`` (created if new) and
    answers the workout as stored.

    Per row, the newer ``client_updated_at`` wins (docs/adr/0008): a row the document has
    is written unless a newer write holds it or it was deleted after the document's time;
    a row the document lacks is deleted unless changed after the document's time. Writing
    the same document again changes no row. Another person's id answers 404, a workout
    deleted after the document's time 409, and any bad value 422: all before any write."""
    if isinstance(document, WorkoutDocument):
        if document.id != workout_id:
            raise InvalidInput("id", "The document's id is not the one in the path.")
        _require_ids(document)
    stamp = document.client_updated_at
    state = await repo.document_state(tx, caller.user_id, workout_id, stamp)
    if state["taken"]:
        raise NotFound("Workout")
    if state["deleted_later"] and not state["stored"]:
        raise _deleted_later("The workout")
    unit = document.unit or await response_unit(tx, caller, asked)
    exercise_rows, set_rows = _rows(document, unit)
    await _check_exercises(tx, caller, document)
    values = {
        "id": workout_id,
        "title": document.title,
        "started_at": document.started_at,
        "ended_at": document.ended_at,
        "notes": document.notes,
        "gym_id": document.gym_id,
        "stamp": stamp,
    }
    await repo.merge_workout(tx, caller.user_id, values)
    await repo.merge_exercises(tx, caller.user_id, workout_id, exercise_rows)
    await repo.merge_sets(tx, caller.user_id, workout_id, set_rows)
    kept_sets = [row["id"] for row in set_rows]
    await repo.delete_stale_sets(tx, caller.user_id, workout_id, kept_sets, stamp)
    kept_exercises = [row["id"] for row in exercise_rows]
    await repo.delete_stale_exercises(tx, caller.user_id, workout_id, kept_exercises, stamp)
    return await get_workout(tx, caller, workout_id, asked or document.unit)


# --- reads ----------------------------------------------------------------------------


_STEPS = tuple(Decimal(1).scaleb(-places) for places in range(4))


# Remembered: a page of sets repeats a handful of loads, and the search below costs a few
# Decimal operations each time (the largest share of a workout page's Python time).
@functools.lru_cache(maxsize=4096)
def display_mass(grams: int, unit: MassUnit) -> int | float:
    """The shortest mass in ``unit`` (up to three decimals) that converts back to the same
    grams: 102 058 g is 225 lb, not 224.999, and sending it back changes nothing."""
    exact = Decimal(grams) / GRAMS_PER[unit]
    for step in _STEPS:
        value = exact.quantize(step, ROUND_HALF_EVEN)
        if to_grams(value, unit) == grams:
            return number(value)
    return number(from_grams(grams, unit))  # three decimals always convert back


@functools.lru_cache(maxsize=64)
def _rpe(rpe: Decimal) -> int | float:
    return number(rpe)


def set_json(row: Mapping[str, Any], unit: MassUnit) -> dict[str, Any]:
    """A set as the API shows it: the mass in ``unit``, RPE as a plain number."""
    grams = row["weight_g"]
    rpe = row["rpe"]
    return {
        "id": row["id"],
        "position": row["position"],
        "set_type": row["set_type"],
        "weight": None if grams is None else display_mass(grams, unit),
        "unit": unit,
        "reps": row["reps"],
        "duration_s": row["duration_s"],
        "distance_m": row["distance_m"],
        "rpe": None if rpe is None else _rpe(rpe),
        "rir": row["rir"],
        "completed_at": row["completed_at"],
        "planned": row["planned"],
    }


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _part_set(s: dict[str, Any], unit: MassUnit) -> dict[str, Any]:
    """A set of the parts' JSON (``repository._PARTS``) as the API writes it."""
    grams, rpe, completed = s["weight_g"], s["rpe"], s["completed_us"]
    return {
        "id": s["id"],
        "position": s["position"],
        "set_type": s["set_type"],
        "weight": None if grams is None else display_mass(grams, unit),
        "unit": unit,
        "reps": s["reps"],
        "duration_s": s["duration_s"],
        "distance_m": s["distance_m"],
        "rpe": rpe if rpe is None or rpe != int(rpe) else int(rpe),  # 8.5, or 8 for 8.0
        "rir": s["rir"],
        "completed_at": None
        if completed is None
        else _EPOCH + dt.timedelta(microseconds=completed),
        "planned": s["planned"],
    }


def _with_parts(workout: asyncpg.Record, unit: MassUnit) -> dict[str, Any]:
    """A workout row read with its parts, masses in ``unit``."""
    item = dict(workout)
    for exercise in item["exercises"]:
        exercise["sets"] = [_part_set(s, unit) for s in exercise["sets"]]
    return item


async def get_workout(
    tx: Tx,
    caller: SignedIn,
    workout_id: uuid.UUID,
    asked: MassUnit | None,
    owner: uuid.UUID | None = None,
) -> dict[str, Any]:
    row = await repo.get_workout(tx, owner or caller.user_id, workout_id)
    if row is None:
        raise NotFound("Workout")
    return _with_parts(row, await response_unit(tx, caller, asked))


async def list_workouts(
    tx: Tx,
    caller: SignedIn,
    cursor: PageCursor,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int,
    summary: bool,
    asked: MassUnit | None,
    owner: uuid.UUID | None = None,
) -> dict[str, Any]:
    """A page, newest first; with exercises and sets unless ``summary``. ``owner``: whose
    workouts (default the caller's; a coach reads a client's, as RLS lets them)."""
    key = cursor.after(WORKOUTS_BY_STARTED)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page_workouts(
        tx, owner or caller.user_id, after=after, since=since, until=until, limit=limit + 1,
        parts=not summary,
    )  # fmt: skip
    page, next_cursor = cursor.page(
        rows, limit, WORKOUTS_BY_STARTED, lambda r: (r["started_at"], r["id"])
    )
    if summary:
        items: list[dict[str, Any]] = [dict(r) for r in page]
    else:
        unit = await response_unit(tx, caller, asked)
        items = [_with_parts(row, unit) for row in page]
    return {"items": items, "next_cursor": next_cursor}


# --- edits ----------------------------------------------------------------------------


async def create_workout(
    tx: Tx, caller: SignedIn, body: WorkoutCreate, asked: MassUnit | None
) -> dict[str, Any]:
    return await write_document(tx, caller, uuid.uuid4(), body, asked)


def _check_times(started: Any, ended: Any) -> None:
    """The stored workout with these times is one the database accepts (else 422)."""
    if ended is not None and not started <= ended <= started + dt.timedelta(
        hours=MAX_WORKOUT_HOURS
    ):
        raise InvalidInput(
            "ended_at", f"A workout ends after it starts, within {MAX_WORKOUT_HOURS} hours."
        )


async def update_workout(
    tx: Tx, caller: SignedIn, workout_id: uuid.UUID, body: WorkoutUpdate, asked: MassUnit | None
) -> dict[str, Any]:
    """Edits the fields sent; an edit older than the workout's last write changes nothing
    (the answer shows the workout as it stays)."""
    changes = body.changes()
    if {"started_at", "ended_at"} & changes.keys():
        current = await repo.workout_times(tx, caller.user_id, workout_id)
        if current is None:
            raise NotFound("Workout")
        _check_times(
            changes.get("started_at", current["started_at"]),
            changes.get("ended_at", current["ended_at"]),
        )
    if changes:
        await repo.update_workout(tx, caller.user_id, workout_id, changes, body.client_updated_at)
    return await get_workout(tx, caller, workout_id, asked)  # 404 when not the caller's


async def delete_workout(tx: Tx, caller: SignedIn, workout_id: uuid.UUID) -> None:
    if not await repo.delete_workout(tx, caller.user_id, workout_id):
        raise NotFound("Workout")


# --- exercises and sets one at a time -------------------------------------------------


async def add_exercise(
    tx: Tx, caller: SignedIn, workout_id: uuid.UUID, body: ExerciseIn, asked: MassUnit | None
) -> dict[str, Any]:
    """Appends an exercise (with any sets) to the caller's workout; 404 for anyone else's."""
    if await repo.workout_times(tx, caller.user_id, workout_id) is None:
        raise NotFound("Workout")
    if body.position is None:
        position = await repo.next_exercise_position(tx, caller.user_id, workout_id)
        body = body.model_copy(update={"position": position})
    # Its sets take the exercise's stamp unless they carry their own.
    part = WorkoutCreate(
        started_at=dt.datetime.now(dt.UTC),
        client_updated_at=body.client_updated_at,
        exercises=[body],
    )
    unit = await response_unit(tx, caller, asked)
    exercise_rows, set_rows = _rows(part, unit)
    await _check_exercises(tx, caller, part)
    await repo.merge_exercises(tx, caller.user_id, workout_id, exercise_rows)
    await repo.merge_sets(tx, caller.user_id, workout_id, set_rows)
    added = await repo.exercise_of_workout(tx, caller.user_id, workout_id, exercise_rows[0]["id"])
    if added is None:
        raise _deleted_later("The workout exercise")
    sets = [set_json(row, unit) for row in await repo.sets_of(tx, caller.user_id, [added["id"]])]
    return {key: added[key] for key in _EXERCISE_FIELDS} | {"sets": sets}


_EXERCISE_FIELDS = ("id", "exercise_id", "position", "superset_group", "notes")


async def add_set(
    tx: Tx,
    caller: SignedIn,
    workout_id: uuid.UUID,
    workout_exercise_id: uuid.UUID,
    body: SetIn,
    asked: MassUnit | None,
) -> dict[str, Any]:
    """Appends a set to an exercise of the caller's workout; 404 when either is not theirs."""
    found = await repo.exercise_in_workout(tx, caller.user_id, workout_id, workout_exercise_id)
    if found is None:
        raise NotFound("Workout exercise")
    unit = await response_unit(tx, caller, asked)
    set_unit = body.unit or unit
    grams = (
        None
        if body.weight is None
        else checked_grams("weight", body.weight, set_unit, 0, MAX_SET_GRAMS)
    )
    row = {
        "id": body.id or uuid.uuid4(),
        "workout_exercise_id": workout_exercise_id,
        "position": found["next_position"],
        "set_type": body.set_type,
        "weight_g": grams,
        "unit": None if grams is None else set_unit,
        "reps": body.reps,
        "duration_s": body.duration_s,
        "distance_m": body.distance_m,
        "rpe": body.rpe,
        "rir": body.rir,
        "completed_at": body.completed_at,
        "planned": body.planned,
        "stamp": body.client_updated_at,
    }
    await repo.merge_sets(tx, caller.user_id, workout_id, [row])
    stored = await repo.get_set(tx, caller.user_id, row["id"])
    if stored is None:
        raise _deleted_later("The set")
    return set_json(stored, unit) | {"records": await stats.records_broken(tx, caller, row["id"])}


async def get_set(tx: Tx, caller: SignedIn, set_id: uuid.UUID, unit: MassUnit) -> dict[str, Any]:
    row = await repo.get_set(tx, caller.user_id, set_id)
    if row is None:
        raise NotFound("Set")
    return set_json(row, unit)


async def update_set(
    tx: Tx, caller: SignedIn, set_id: uuid.UUID, body: SetUpdate, asked: MassUnit | None
) -> dict[str, Any]:
    """Edits the fields sent. A completion time without ``planned`` marks a planned set as
    done, so that records and statistics count it from now on (and ``records`` flags it)."""
    unit = await response_unit(tx, caller, asked)
    own = body.model_fields_set - {"weight", "unit", "client_updated_at"}
    changes: dict[str, Any] = {name: getattr(body, name) for name in own}
    if "weight" in body.model_fields_set:
        set_unit = body.unit or unit
        if body.weight is None:
            changes |= {"weight_g": None, "unit": None}
        else:
            grams = checked_grams("weight", body.weight, set_unit, 0, MAX_SET_GRAMS)
            changes |= {"weight_g": grams, "unit": set_unit}
    if body.completed_at is not None and "planned" not in body.model_fields_set:
        changes["planned"] = False  # completing a planned set says it was done
    if changes:  # an edit older than the set's last write changes nothing
        await repo.update_set(tx, caller.user_id, set_id, changes, body.client_updated_at)
    stored = await get_set(tx, caller, set_id, unit)  # 404 when not the caller's
    return stored | {"records": await stats.records_broken(tx, caller, set_id)}


async def delete_set(tx: Tx, caller: SignedIn, set_id: uuid.UUID) -> None:
    if not await repo.delete_set(tx, caller.user_id, set_id):
        raise NotFound("Set")


# --- workouts started from a template -------------------------------------------------


@dataclass(frozen=True, slots=True)
class LastPerformance:
    """An exercise's sets (rows, masses in grams) in the latest workout that has any."""

    workout_id: uuid.UUID
    started_at: dt.datetime
    sets: list[asyncpg.Record] = field(default_factory=list)

    def working(self) -> list[asyncpg.Record]:
        return [row for row in self.sets if row["set_type"] != "warmup"]

    def json(self, unit: MassUnit) -> dict[str, Any]:
        """``LastPerformance`` of the templates' schemas."""
        return {
            "workout_id": self.workout_id,
            "started_at": self.started_at,
            "sets": [set_json(row, unit) for row in self.sets],
        }


async def last_performance(
    tx: Tx, caller: SignedIn, exercise_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, LastPerformance]:
    """Per exercise, the caller's latest performance of it: one statement for them all."""
    rows = await repo.last_performance(tx, caller.user_id, sorted(set(exercise_ids)))
    found: dict[uuid.UUID, LastPerformance] = {}
    for row in rows:
        exercise_id = uuid.UUID(str(row["exercise_id"]))
        if exercise_id not in found:
            found[exercise_id] = LastPerformance(row["workout_id"], row["started_at"])
        found[exercise_id].sets.append(row)
    return found


async def start_planned(
    tx: Tx,
    caller: SignedIn,
    values: Mapping[str, Any],
    exercise_rows: Sequence[Mapping[str, Any]],
    set_rows: Sequence[Mapping[str, Any]],
    unit: MassUnit,
) -> dict[str, Any]:
    """Stores a new workout with its exercises and planned sets (``values``: id,
    template_id or program_workout_id, title, started_at, gym_id) with the readiness
    score of the day it starts on (if the caller checked in that day), and answers it as
    ``GET /v1/workouts/{id}`` would, built from what was written instead of read back."""
    score = await readiness.score_for_workout(tx, caller, values["started_at"])
    workout = await repo.insert_started(tx, caller.user_id, {**values, "readiness_score": score})
    await repo.merge_exercises(tx, caller.user_id, workout["id"], exercise_rows)
    await repo.merge_sets(tx, caller.user_id, workout["id"], set_rows)
    sets: defaultdict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(set_rows, key=lambda r: (r["position"], r["id"])):
        sets[row["workout_exercise_id"]].append(set_json(row, unit))
    exercises = [
        {key: row[key] for key in _EXERCISE_FIELDS} | {"sets": sets[row["id"]]}
        for row in sorted(exercise_rows, key=lambda r: (r["position"], r["id"]))
    ]
    return {**dict(workout), "exercises": exercises}


async def forget_template(tx: Tx, caller: SignedIn, template_id: uuid.UUID) -> None:
    """Clears ``template_id`` on the caller's workouts started from this template."""
    await repo.forget_template(tx, caller.user_id, template_id)


@dataclass(frozen=True, slots=True)
class History:
    """How much the person has logged: for judging experience from the log."""

    workouts: int
    first_started_at: dt.datetime | None
    last_started_at: dt.datetime | None


async def history(tx: Tx, caller: SignedIn) -> History:
    row = await repo.history(tx, caller.user_id)
    return History(row["workouts"], row["first_started_at"], row["last_started_at"])


async def program_sessions(
    tx: Tx, caller: SignedIn, program_workout_ids: Sequence[uuid.UUID]
) -> list[asyncpg.Record]:
    """The caller's finished workouts that carried out these program workouts, one row per
    done working set (an exercise without one: a row with null set columns), oldest
    workout first: what adaptation reads. One statement."""
    return await repo.program_sessions(tx, caller.user_id, sorted(set(program_workout_ids)))

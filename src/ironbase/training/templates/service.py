"""Workout templates: the caller's plans, and starting a workout from one.

Starting a template stores a new workout with one exercise per template exercise and its
planned sets: sets marked ``planned`` with ``completed_at`` null, prefilled from the
targets (reps from the rep range, RPE and RIR) and from the last performance of the
exercise (weights, and reps or durations the template does not set). The client completes
each set it does (``PATCH /v1/sets/{id}`` with ``completed_at``, which clears ``planned``,
or the whole-document PUT with ``planned`` false) and deletes the ones it skips. Until then
records, statistics and the next start's last performance leave a planned set out: a plan
abandoned half way is no lifting.

Beside the stored workout the answer carries, per plate-loaded exercise at a gym where the
caller keeps plates, its bar, what to load for every set and a warm-up ladder before the
first working set. Each exercise is planned on the bar its equipment names (a squat on the
Olympic bar, a trap bar deadlift on the trap bar) when the gym has it, else on the gym's
default bar. The plate solver runs after the transaction commits, in a worker thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from ironbase.catalog.exercises import service as catalog
from ironbase.db.pg import Transactions, Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Text, Uuid
from ironbase.kit.units import MassUnit, number
from ironbase.training.templates import repository as repo
from ironbase.training.templates.schemas import (
    MAX_TARGET_SETS,
    TemplateCreate,
    TemplateExerciseIn,
    TemplateStart,
    TemplateUpdate,
)
from ironbase.training.workouts import loading
from ironbase.training.workouts import service as workouts

TEMPLATES_BY_NAME = CursorKind("templates.name", (Text(200), Uuid()))
_TARGET_FIELDS = ("target_sets", "rep_min", "rep_max", "target_rpe", "target_rir", "rest_s")


def _exercise_json(row: Mapping[str, Any]) -> dict[str, Any]:
    body = {name: row[name] for name in repo.EXERCISE_COLUMNS}
    body["target_rpe"] = None if row["target_rpe"] is None else number(row["target_rpe"])
    return body


async def _with_exercises(
    tx: Tx, caller: SignedIn, templates: Sequence[asyncpg.Record]
) -> list[dict[str, Any]]:
    """Templates with their exercises: one statement for any number of templates."""
    rows = await repo.exercises_of(tx, caller.user_id, [t["id"] for t in templates])
    by_template: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in rows:
        by_template.setdefault(row["template_id"], []).append(_exercise_json(row))
    return [{**dict(t), "exercises": by_template.get(t["id"], [])} for t in templates]


async def get_template(tx: Tx, caller: SignedIn, template_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.get_template(tx, caller.user_id, template_id)
    if row is None:
        raise NotFound("Template")
    return (await _with_exercises(tx, caller, [row]))[0]


async def list_templates(
    tx: Tx, caller: SignedIn, cursor: PageCursor, *, limit: int, summary: bool
) -> dict[str, Any]:
    """A page by name (then id); with exercises unless ``summary``."""
    key = cursor.after(TEMPLATES_BY_NAME)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page_templates(tx, caller.user_id, after=after, limit=limit + 1)
    page, next_cursor = cursor.page(rows, limit, TEMPLATES_BY_NAME, lambda r: (r["name"], r["id"]))
    items = [dict(r) for r in page] if summary else await _with_exercises(tx, caller, page)
    return {"items": items, "next_cursor": next_cursor}


# --- edits ----------------------------------------------------------------------------


def _exercise_rows(
    exercises: Sequence[TemplateExerciseIn], stamp: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The rows of a list; each carries its own ``client_updated_at``, else ``stamp``."""
    return [
        {
            **exercise.model_dump(include=set(repo.EXERCISE_COLUMNS)),
            "id": exercise.id or uuid.uuid4(),
            "position": i if exercise.position is None else exercise.position,
            "stamp": exercise.client_updated_at or stamp,
        }
        for i, exercise in enumerate(exercises)
    ]


async def create_template(tx: Tx, caller: SignedIn, body: TemplateCreate) -> dict[str, Any]:
    await workouts.check_exercises(tx, caller, [e.exercise_id for e in body.exercises])
    template_id = uuid.uuid4()
    values = {"id": template_id, "name": body.name, "notes": body.notes}
    await repo.insert_template(tx, caller.user_id, values)
    await repo.merge_exercises(tx, caller.user_id, template_id, _exercise_rows(body.exercises))
    return await get_template(tx, caller, template_id)


async def update_template(
    tx: Tx, caller: SignedIn, template_id: uuid.UUID, body: TemplateUpdate
) -> dict[str, Any]:
    """Changes the fields sent; a list of exercises replaces the template's. Per row, an
    edit older than the row's last write changes nothing (docs/adr/0008). 404 for a
    template that is not the caller's, before anything is written."""
    stamp = body.client_updated_at
    changes = {name: getattr(body, name) for name in body.model_fields_set & {"name", "notes"}}
    updated = bool(changes) and await repo.update_template(
        tx, caller.user_id, template_id, changes, stamp
    )
    if not updated and await repo.get_template(tx, caller.user_id, template_id) is None:
        raise NotFound("Template")
    if body.exercises is not None:
        await workouts.check_exercises(tx, caller, [e.exercise_id for e in body.exercises])
        rows = _exercise_rows(body.exercises, stamp)
        await repo.merge_exercises(tx, caller.user_id, template_id, rows)
        keep = [row["id"] for row in rows]
        await repo.delete_stale_exercises(tx, caller.user_id, template_id, keep, stamp)
    return await get_template(tx, caller, template_id)


async def delete_template(tx: Tx, caller: SignedIn, template_id: uuid.UUID) -> None:
    """The workouts started from it stay, without their ``template_id`` (docs/adr/0007)."""
    await workouts.forget_template(tx, caller, template_id)
    if not await repo.delete_template(tx, caller.user_id, template_id):
        raise NotFound("Template")


# --- starting a workout ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Reads:
    """What a start reads, all in its one transaction."""

    template: asyncpg.Record
    parts: list[asyncpg.Record]
    unit: MassUnit
    last: dict[uuid.UUID, workouts.LastPerformance]
    # The plate-loaded exercises, each with the bar types its equipment names.
    bars: dict[uuid.UUID, catalog.PlateBars]


@dataclasses.dataclass(slots=True)
class _Planned:
    """One template exercise as started: its workout exercise and planned set rows."""

    part: asyncpg.Record
    exercise: dict[str, Any]
    sets: list[dict[str, Any]]
    last: workouts.LastPerformance | None

    @property
    def exercise_id(self) -> uuid.UUID:
        return _exercise_id(self.part)


def _exercise_id(part: Mapping[str, Any]) -> uuid.UUID:
    return uuid.UUID(str(part["exercise_id"]))


async def _reads(tx: Tx, caller: SignedIn, template_id: uuid.UUID, unit: MassUnit | None) -> _Reads:
    template = await repo.get_template(tx, caller.user_id, template_id)
    if template is None:
        raise NotFound("Template")
    parts = await repo.exercises_of(tx, caller.user_id, [template_id])
    unit = await workouts.response_unit(tx, caller, unit)
    ids = sorted({_exercise_id(p) for p in parts})
    last = await workouts.last_performance(tx, caller, ids)
    bars = await catalog.plate_bars(tx, caller, ids)
    return _Reads(template, parts, unit, last, bars)


def _planned_sets(
    part: Mapping[str, Any],
    last: workouts.LastPerformance | None,
    workout_exercise_id: uuid.UUID,
    unit: MassUnit,
) -> list[dict[str, Any]]:
    """``target_sets`` sets (else as many as the working sets last time), set i taking its
    weight from working set i of the last performance (the last one when there were
    fewer), its reps from the top of the rep range (else the bottom, else last time's)."""
    working = [] if last is None else last.working()
    count = part["target_sets"]
    if count is None:
        count = min(len(working), MAX_TARGET_SETS)
    target_reps = part["rep_max"] if part["rep_max"] is not None else part["rep_min"]
    rows = []
    for i in range(count):
        before = working[min(i, len(working) - 1)] if working else None
        grams = None if before is None else before["weight_g"]
        reps = before["reps"] if target_reps is None and before is not None else target_reps
        rows.append(
            {
                "id": uuid.uuid4(),
                "workout_exercise_id": workout_exercise_id,
                "position": i,
                "set_type": "normal",
                "weight_g": grams,
                "unit": None if grams is None else unit,
                "reps": reps,
                "duration_s": None if before is None else before["duration_s"],
                "distance_m": None if before is None else before["distance_m"],
                "rpe": part["target_rpe"],
                "rir": part["target_rir"],
                "completed_at": None,
                "planned": True,
            }
        )
    return rows


def _plan(reads: _Reads) -> list[_Planned]:
    planned = []
    for part in reads.parts:
        last = reads.last.get(_exercise_id(part))
        exercise = {
            "id": uuid.uuid4(),
            "exercise_id": part["exercise_id"],
            "position": part["position"],
            "superset_group": part["superset_group"],
            "notes": part["notes"],
        }
        sets = _planned_sets(part, last, exercise["id"], reads.unit)
        planned.append(_Planned(part, exercise, sets, last))
    return planned


async def start_template(
    transaction: Transactions,
    caller: SignedIn,
    template_id: uuid.UUID,
    body: TemplateStart,
    asked: MassUnit | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """A new workout from the caller's template (404 for anyone else's), with the plan.

    Reads and writes in one transaction, whose statement count does not grow with the
    template; plates are solved after it commits, off the event loop."""
    async with transaction() as tx:
        reads = await _reads(tx, caller, template_id, body.unit or asked)
        ids = [_exercise_id(part) for part in reads.parts]
        gym_id, kit = await loading.gym_kit(tx, caller, body.gym_id, ids, reads.bars, reads.unit)
        planned = _plan(reads)
        values = {
            "id": uuid.uuid4(),
            "template_id": template_id,
            "title": reads.template["name"],
            "started_at": body.started_at or now,
            "gym_id": gym_id,
        }
        workout = await workouts.start_planned(
            tx,
            caller,
            values,
            [one.exercise for one in planned],
            [row for one in planned for row in one.sets],
            reads.unit,
        )
    status, plans = await loading.solve(planned, reads.bars, kit)
    by_id = {one.exercise["id"]: one for one in planned}
    for exercise in workout["exercises"]:
        one = by_id[exercise["id"]]
        loading.annotate(exercise, plans.get(exercise["id"]))
        exercise["template_exercise_id"] = one.part["id"]
        targets = _exercise_json(one.part)
        exercise["targets"] = {name: targets[name] for name in _TARGET_FIELDS}
        exercise["last_performance"] = None if one.last is None else one.last.json(reads.unit)
    first = next((one.kit for one in plans.values()), None)
    workout["loading"] = loading.loading_json(status, gym_id, reads.unit, first)
    return workout

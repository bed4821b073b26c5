"""``GET /v1/exports``: the caller's whole training log, streamed.

The log is read in pages of workouts, oldest first, each page in a short transaction of its
own (workouts, their exercises, their sets, the names of exercises not seen yet): memory
stays bounded by a page, and no connection is held while a slow client reads. Each page is
as the log was when it was read; an edit made during a long export shows in the pages read
after it.

- ``csv``: the Strong 6.x layout (``training.imports.export``) that the importers read: a
  file that imports into another account (or another app) as the same workouts and sets.
  Times are written on the caller's clock (the layout has no zone; durations stay exact),
  exercises by their English names. What the layout cannot carry is left out: set times,
  RIR, superset groups, gyms, templates, workouts without exercises; AMRAP sets are written
  as working sets. Planned sets (a template start's, not lifted) are left out too, with an
  exercise that had only those: the file says what was trained.
- ``json``: everything, with ids: workouts with exercises and sets (each mass with its
  unit, exact to the gram, planned ones flagged ``planned``), and templates with their
  exercises.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

import asyncpg

from ironbase.catalog.exercises import service as exercises
from ironbase.db.pg import Transactions, Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.locales import locale_chain
from ironbase.kit.responses import dumps
from ironbase.kit.units import MassUnit, number, unit_of_system
from ironbase.training.imports import (
    ImportedExercise,
    ImportedSet,
    ImportedWorkout,
    SetType,
    header_line,
    workout_lines,
)
from ironbase.training.transfer import repository as repo
from ironbase.training.workouts.service import set_json
from ironbase.users import service as users

ExportFormat = Literal["csv", "json"]
PAGE_WORKOUTS = 200
MEDIA_TYPES: dict[str, str] = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True, slots=True)
class ExportProfile:
    unit: MassUnit
    time_zone: ZoneInfo
    chain: list[str]


async def profile(
    transactions: Transactions, caller: SignedIn, export_format: ExportFormat, unit: MassUnit | None
) -> ExportProfile:
    """Read before the response starts, so that a missing profile is still a 404."""
    async with transactions() as tx:
        me = await users.get_me(tx, caller)
    # A CSV names exercises in English: it must import anywhere, ours included.
    chain = ["en"] if export_format == "csv" else locale_chain(me["locale"])
    return ExportProfile(
        unit or unit_of_system(me["unit_system"]), ZoneInfo(me["time_zone"]), chain
    )


def file_name(export_format: ExportFormat, now: dt.datetime) -> str:
    return f"ironbase-export-{now:%Y%m%d}.{export_format}"


# --- reading the log page by page -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Page:
    workouts: list[asyncpg.Record]
    exercises: dict[uuid.UUID, list[asyncpg.Record]]
    sets: dict[uuid.UUID, list[asyncpg.Record]]


async def _names(
    tx: Tx, caller: SignedIn, ids: set[str], known: dict[str, Mapping[str, Any]], chain: list[str]
) -> None:
    missing = sorted(ids - known.keys())
    if missing:
        for row in await exercises.summaries(tx, caller, missing, chain):
            known[str(row["id"])] = row


def _grouped(rows: Sequence[asyncpg.Record], key: str) -> dict[uuid.UUID, list[asyncpg.Record]]:
    grouped: defaultdict[uuid.UUID, list[asyncpg.Record]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


async def _pages(
    transactions: Transactions,
    caller: SignedIn,
    names: dict[str, Mapping[str, Any]],
    chain: list[str],
) -> AsyncIterator[_Page]:
    after: tuple[dt.datetime, uuid.UUID] | None = None
    while True:
        async with transactions() as tx:
            workouts = await repo.export_workouts(tx, caller.user_id, after, PAGE_WORKOUTS)
            parts = await repo.export_exercises(tx, caller.user_id, [w["id"] for w in workouts])
            sets = await repo.export_sets(tx, caller.user_id, [e["id"] for e in parts])
            await _names(tx, caller, {str(e["exercise_id"]) for e in parts}, names, chain)
        if workouts:
            by_workout = _grouped(parts, "workout_id")
            yield _Page(workouts, by_workout, _grouped(sets, "workout_exercise_id"))
        if len(workouts) < PAGE_WORKOUTS:
            return
        after = (workouts[-1]["started_at"], workouts[-1]["id"])


# --- csv ---------------------------------------------------------------------------------


def _local(moment: dt.datetime, time_zone: ZoneInfo) -> dt.datetime:
    return moment.astimezone(time_zone).replace(tzinfo=None, microsecond=0)


def _imported_set(row: Mapping[str, Any]) -> ImportedSet:
    return ImportedSet(
        set_type=SetType(row["set_type"]),
        mass_g=row["weight_g"],
        reps=row["reps"],
        duration_s=row["duration_s"],
        distance_m=row["distance_m"],
        rpe=row["rpe"],
        notes=row["notes"],
    )


def _imported(
    workout: Mapping[str, Any], page: _Page, names: Mapping[str, Mapping[str, Any]], tz: ZoneInfo
) -> ImportedWorkout:
    started = _local(workout["started_at"], tz)
    ended = workout["ended_at"]
    parts = []
    for part in page.exercises.get(workout["id"], []):
        name = names.get(str(part["exercise_id"]), {}).get("name") or str(part["exercise_id"])
        stored = page.sets.get(part["id"], [])
        sets = tuple(_imported_set(row) for row in stored if not row["planned"])
        if stored and not sets:
            continue  # only planned: nothing of it was trained
        parts.append(ImportedExercise(str(name), sets, part["notes"], part["superset_group"]))
    return ImportedWorkout(
        key="",
        started_at=started,
        # The exact duration, whatever the clock did in between (summer time).
        ended_at=None if ended is None else started + (ended - workout["started_at"]),
        title=workout["title"],
        notes=workout["notes"],
        exercises=tuple(parts),
    )


async def csv_chunks(
    transactions: Transactions, caller: SignedIn, profile: ExportProfile
) -> AsyncIterator[bytes]:
    yield header_line().encode()
    names: dict[str, Mapping[str, Any]] = {}
    number_ = 0
    async for page in _pages(transactions, caller, names, profile.chain):
        lines: list[str] = []
        for workout in page.workouts:
            number_ += 1
            lines.extend(workout_lines(number_, _imported(workout, page, names, profile.time_zone)))
        yield "".join(lines).encode()


# --- json --------------------------------------------------------------------------------


def _rpe(value: Decimal | None) -> int | float | None:
    return None if value is None else number(value)


def _set_json(row: Mapping[str, Any], unit: MassUnit) -> dict[str, Any]:
    """The set as the workouts API shows it, with its notes."""
    return set_json(row, unit) | {"notes": row["notes"]}


def _named(row: Mapping[str, Any], names: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    found = names.get(str(row["exercise_id"]), {})
    return {"exercise_slug": found.get("slug"), "exercise_name": found.get("name")}


def _workout_json(
    workout: Mapping[str, Any], page: _Page, names: Mapping[str, Mapping[str, Any]], unit: MassUnit
) -> dict[str, Any]:
    parts = [
        {
            "id": part["id"],
            "exercise_id": part["exercise_id"],
            **_named(part, names),
            "position": part["position"],
            "superset_group": part["superset_group"],
            "notes": part["notes"],
            "sets": [_set_json(row, unit) for row in page.sets.get(part["id"], [])],
        }
        for part in page.exercises.get(workout["id"], [])
    ]
    return {**dict(workout), "exercises": parts}


def _template_json(
    template: Mapping[str, Any],
    parts: Sequence[Mapping[str, Any]],
    names: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    exercises_ = []
    for part in parts:
        item = dict(part)
        item.pop("template_id")
        item["target_rpe"] = _rpe(item["target_rpe"])
        exercises_.append({**item, **_named(part, names)})
    return {**dict(template), "exercises": exercises_}


async def _templates(
    transactions: Transactions,
    caller: SignedIn,
    names: dict[str, Mapping[str, Any]],
    chain: list[str],
) -> list[dict[str, Any]]:
    async with transactions() as tx:
        templates, parts = await repo.export_templates(tx, caller.user_id)
        await _names(tx, caller, {str(p["exercise_id"]) for p in parts}, names, chain)
    by_template = _grouped(parts, "template_id")
    return [_template_json(t, by_template.get(t["id"], []), names) for t in templates]


async def json_chunks(
    transactions: Transactions, caller: SignedIn, profile: ExportProfile, now: dt.datetime
) -> AsyncIterator[bytes]:
    """``ExportDocument``, written a page of workouts at a time."""
    head = {
        "format": "ironbase-export",
        "version": 1,
        "exported_at": now,
        "unit": profile.unit,
        "time_zone": profile.time_zone.key,
    }
    yield dumps(head)[:-1] + b',"workouts":['
    names: dict[str, Mapping[str, Any]] = {}
    first = True
    async for page in _pages(transactions, caller, names, profile.chain):
        items = [dumps(_workout_json(w, page, names, profile.unit)) for w in page.workouts]
        yield (b"" if first else b",") + b",".join(items)
        first = False
    templates = await _templates(transactions, caller, names, profile.chain)
    yield b'],"templates":' + dumps(templates) + b"}"

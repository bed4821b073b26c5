"""The offline client's change feed: what changed in the caller's training log since a
cursor, each row once, with its current state (docs/adr/0007, 0008).

A page is the log entries after ``since`` (at most ``limit``); a row met several times
appears once, at its last entry, as its current row (an upsert) or as a tombstone (a
delete). The cursor is the log's ``seq``: per person, in commit order, so a client that
has read up to *n* never misses an entry below *n* committed later.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

import asyncpg

from ironbase.db.pg import Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.units import MassUnit, number
from ironbase.training.sync import repository as repo
from ironbase.training.workouts.service import display_mass, response_unit


def _numbers(row: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """The row as a dict, its numeric columns as JSON numbers (8.5, not "8.5")."""
    out = dict(row)
    for name in names:
        if out[name] is not None:
            out[name] = number(out[name])
    return out


def _set_json(row: asyncpg.Record, unit: MassUnit) -> dict[str, Any]:
    out = _numbers(row, "rpe")
    grams = out.pop("weight_g")
    out["weight"] = None if grams is None else display_mass(grams, unit)
    out["unit"] = unit
    return out


def _json_of(table: str, unit: MassUnit | None) -> Callable[[asyncpg.Record], dict[str, Any]]:
    if table == "workout_sets":
        assert unit is not None
        return lambda row: _set_json(row, unit)
    if table == "template_exercises":
        return lambda row: _numbers(row, "target_rpe")
    return dict


def _last_per_row(entries: list[asyncpg.Record]) -> list[asyncpg.Record]:
    """One entry per row, its last, in log order."""
    last: dict[tuple[str, uuid.UUID], asyncpg.Record] = {}
    for entry in entries:
        last[(entry["table_name"], entry["row_id"])] = entry
    return sorted(last.values(), key=lambda entry: int(entry["seq"]))


async def _current_rows(
    tx: Tx, caller: SignedIn, entries: list[asyncpg.Record], asked: MassUnit | None
) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
    """The rows the upserts name, as JSON: one statement per table named, whatever the count."""
    wanted: defaultdict[str, list[uuid.UUID]] = defaultdict(list)
    for entry in entries:
        if entry["op"] == "upsert":
            wanted[entry["table_name"]].append(entry["row_id"])
    unit = await response_unit(tx, caller, asked) if "workout_sets" in wanted else None
    found: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    for table in repo.TABLES:  # a fixed order: the statements of a page are predictable
        if table in wanted:
            to_json = _json_of(table, unit)
            for row in await repo.rows(tx, caller.user_id, table, wanted[table]):
                found[(table, row["id"])] = to_json(row)
    return found


async def changes(
    tx: Tx, caller: SignedIn, since: int, limit: int, asked: MassUnit | None
) -> dict[str, Any]:
    """The entries after ``since``: at most ``limit``, the next cursor, whether more follow.

    A cursor past the log's end (say, a database restored from an older backup) answers
    no entries and the log's end as ``next_cursor``: a client seeing it go down resyncs."""
    entries = await repo.page(tx, caller.user_id, since, limit + 1)
    has_more = len(entries) > limit
    entries = entries[:limit]
    if not entries:
        end = await repo.end_of_log(tx, caller.user_id)
        return {"changes": [], "next_cursor": str(min(since, end)), "has_more": False}
    entries = _last_per_row(entries)
    rows = await _current_rows(tx, caller, entries, asked)
    out: list[dict[str, Any]] = []
    for entry in entries:
        table, row_id = entry["table_name"], entry["row_id"]
        change = {"seq": entry["seq"], "table": table, "id": row_id, "op": entry["op"]}
        if entry["op"] == "upsert":
            row = rows.get((table, row_id))
            if row is None:
                # Deleted after this page was read: its tombstone comes after next_cursor.
                continue
            change["row"] = row
        out.append(change)
    return {"changes": out, "next_cursor": str(entries[-1]["seq"]), "has_more": has_more}

"""Flags for the caller, and administrators' changes to them (each one audited)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import asyncpg

from ironbase.db.pg import Tx
from ironbase.flags import repository as repo
from ironbase.flags.schemas import FlagCreate, FlagUpdate
from ironbase.flags.versions import ClientVersion
from ironbase.kit import audit
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Text
from ironbase.models.flags import MAX_KEY_LENGTH

FLAGS_BY_KEY = CursorKind("flags.key", (Text(MAX_KEY_LENGTH),))


async def my_flags(tx: Tx, version: ClientVersion | None) -> dict[str, Any]:
    """``MyFlags``: one statement, whatever the number of flags."""
    rows = await repo.my_flags(tx, version)
    return {"flags": {r["key"]: r["active"] for r in rows}}


async def is_on(
    tx: Tx, key: str, version: ClientVersion | None, *, when_absent: bool = False
) -> bool:
    """Whether ``key`` is on for the caller; ``when_absent`` when nobody created it."""
    active = await repo.my_flag(tx, key, version)
    return when_absent if active is None else active


# --- administrators ----------------------------------------------------------------------


def _snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    """What an audit entry records of a flag: the columns an administrator sets."""
    return {name: row[name] for name in repo.SETTABLE}


async def list_flags(tx: Tx, limit: int, cursor: PageCursor) -> dict[str, Any]:
    """``Page[Flag]`` by key."""
    after = cursor.after(FLAGS_BY_KEY)
    rows = await repo.list_flags(tx, limit=limit, after_key=None if after is None else after[0])
    items, next_cursor = cursor.page(rows, limit, FLAGS_BY_KEY, lambda r: (r["key"],))
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def get_flag(tx: Tx, key: str) -> asyncpg.Record:
    row = await repo.get_flag(tx, key)
    if row is None:
        raise NotFound("Flag")
    return row


async def create_flag(tx: Tx, admin: SignedIn, body: FlagCreate) -> asyncpg.Record:
    row = await repo.create_flag(tx, body.model_dump())
    if row is None:
        raise Conflict(f"A flag named {body.key!r} already exists.", kind="flag-exists")
    await audit.record_change(
        tx,
        admin,
        action="flags.create",
        target_table="app_flags",
        target_id=body.key,
        before=None,
        after=_snapshot(row),
    )
    return row


async def update_flag(tx: Tx, admin: SignedIn, key: str, body: FlagUpdate) -> asyncpg.Record:
    before = await repo.lock_flag(tx, key)
    if before is None:
        raise NotFound("Flag")
    after = await repo.update_flag(tx, key, body.changes())
    assert after is not None  # locked above
    await audit.record_change(
        tx,
        admin,
        action="flags.update",
        target_table="app_flags",
        target_id=key,
        before=_snapshot(before),
        after=_snapshot(after),
    )
    return after


async def delete_flag(tx: Tx, admin: SignedIn, key: str) -> None:
    before = await repo.lock_flag(tx, key)
    if before is None:
        raise NotFound("Flag")
    await repo.delete_flag(tx, key)
    await audit.record_change(
        tx,
        admin,
        action="flags.delete",
        target_table="app_flags",
        target_id=key,
        before=_snapshot(before),
        after=None,
    )

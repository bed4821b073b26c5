"""Every statement of the flags domain.

People's statements go through ``public.my_flags`` (a definer function: they cannot read
``app_flags``); administrators' read and write the table under their checked policy.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import asyncpg
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ironbase.db.pg import Query, Tx
from ironbase.models.flags import AppFlag

# --- for the caller ----------------------------------------------------------------------

_MY_FLAGS = Query("select key, active from public.my_flags(cast(:version as integer[]))")
_MY_FLAG = Query("select active from public.my_flags(cast(:version as integer[])) where key = :key")


async def my_flags(tx: Tx, version: Sequence[int] | None) -> list[asyncpg.Record]:
    """Every flag's key and whether it is on for the caller, by key."""
    return await tx.fetch(_MY_FLAGS, version=None if version is None else list(version))


async def my_flag(tx: Tx, key: str, version: Sequence[int] | None) -> bool | None:
    """One flag for the caller; None when no such flag exists."""
    value = await tx.value(_MY_FLAG, key=key, version=None if version is None else list(version))
    return None if value is None else bool(value)


# --- administrators ----------------------------------------------------------------------

_COLUMNS = (
    AppFlag.key,
    AppFlag.enabled,
    AppFlag.description,
    AppFlag.pro_only,
    AppFlag.percentage,
    AppFlag.user_ids,
    AppFlag.min_app_version,
    AppFlag.created_at,
    AppFlag.updated_at,
)
# The columns an administrator sets (the snapshot an audit entry records).
SETTABLE = ("enabled", "description", "pro_only", "percentage", "user_ids", "min_app_version")


@functools.cache
def _page_query(resumed: bool) -> Query:
    statement = select(*_COLUMNS).order_by(AppFlag.key)
    if resumed:
        statement = statement.where(AppFlag.key > bindparam("after_key"))
    return Query(statement.limit(bindparam("limit")))


async def list_flags(tx: Tx, *, limit: int, after_key: str | None) -> list[asyncpg.Record]:
    """Up to ``limit + 1`` flags by key, after ``after_key`` when given."""
    if after_key is None:
        return await tx.fetch(_page_query(False), limit=limit + 1)
    return await tx.fetch(_page_query(True), limit=limit + 1, after_key=after_key)


_GET = Query(select(*_COLUMNS).where(AppFlag.key == bindparam("key")))
_LOCK = Query(select(*_COLUMNS).where(AppFlag.key == bindparam("key")).with_for_update())
_CREATE = Query(
    pg_insert(AppFlag)
    .values({name: bindparam(name) for name in ("key", *SETTABLE)})
    .on_conflict_do_nothing(index_elements=[AppFlag.key])
    .returning(*_COLUMNS)
)
_DELETE = Query(delete(AppFlag).where(AppFlag.key == bindparam("key")))


async def get_flag(tx: Tx, key: str) -> asyncpg.Record | None:
    return await tx.row(_GET, key=key)


async def lock_flag(tx: Tx, key: str) -> asyncpg.Record | None:
    """The flag as it is, locked until the transaction ends (a change reads its before)."""
    return await tx.row(_LOCK, key=key)


async def create_flag(tx: Tx, values: dict[str, Any]) -> asyncpg.Record | None:
    """The new flag; None when the key is taken (decided by the primary key)."""
    return await tx.row(_CREATE, **values)


@functools.cache
def _update_query(columns: tuple[str, ...]) -> Query:
    """One statement per set of changed columns; values bound at run time."""
    statement = (
        update(AppFlag)
        .where(AppFlag.key == bindparam("key"))
        .values({name: bindparam(name) for name in columns})
        .returning(*_COLUMNS)
    )
    return Query(statement)


async def update_flag(tx: Tx, key: str, changes: dict[str, Any]) -> asyncpg.Record | None:
    columns = tuple(sorted(changes))
    if not columns:
        return await get_flag(tx, key)
    return await tx.row(_update_query(columns), key=key, **changes)


async def delete_flag(tx: Tx, key: str) -> None:
    await tx.execute(_DELETE, key=key)

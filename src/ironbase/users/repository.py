"""Queries on ``public.users`` joined with the caller's identity."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
from sqlalchemy import bindparam, select, update

from ironbase.db.pg import Query, Tx
from ironbase.models.auth import AuthUser
from ironbase.models.users import User

_ME_COLUMNS = (
    User.id,
    AuthUser.email,
    User.is_pro,
    User.display_name,
    User.unit_system,
    User.time_zone,
    User.locale,
    User.created_at,
)

# Compiled once: building a statement per request costs more than running it.
_PROFILE = Query(
    select(*_ME_COLUMNS)
    .join(AuthUser, AuthUser.id == User.id)
    .where(User.id == bindparam("user_id"))
)


async def get_profile(tx: Tx, user_id: uuid.UUID) -> asyncpg.Record | None:
    # Filtered by id here as well as by RLS: the database is the wall, this is the fence.
    return await tx.row(_PROFILE, user_id=user_id)


_UNIT_SYSTEM = Query(select(User.unit_system).where(User.id == bindparam("user_id")))


async def unit_system(tx: Tx, user_id: uuid.UUID) -> str | None:
    value = await tx.value(_UNIT_SYSTEM, user_id=user_id)
    return None if value is None else str(value)


_LOCALE = Query(select(User.locale).where(User.id == bindparam("user_id")))


async def locale(tx: Tx, user_id: uuid.UUID) -> str | None:
    value = await tx.value(_LOCALE, user_id=user_id)
    return None if value is None else str(value)


_TIME_ZONE = Query(select(User.time_zone).where(User.id == bindparam("user_id")))


async def time_zone(tx: Tx, user_id: uuid.UUID) -> str | None:
    value = await tx.value(_TIME_ZONE, user_id=user_id)
    return None if value is None else str(value)


async def update_profile(tx: Tx, user_id: uuid.UUID, changes: dict[str, Any]) -> bool:
    if not changes:
        return True
    # Built per call (which columns change varies); a PATCH is not a hot read.
    statement = (
        update(User).where(User.id == bindparam("user_id")).values(**changes).returning(User.id)
    )
    return await tx.row(Query(statement), user_id=user_id) is not None


_LOCK_PRO = Query(select(User.is_pro).where(User.id == bindparam("user_id")).with_for_update())
_SET_PRO = Query(
    update(User).where(User.id == bindparam("user_id")).values(is_pro=bindparam("is_pro"))
)


async def set_pro(tx: Tx, user_id: uuid.UUID, is_pro: bool) -> tuple[bool, bool] | None:
    """(before, after) of ``is_pro``, or None when there is no such user."""
    before = await tx.value(_LOCK_PRO, user_id=user_id)
    if before is None:
        return None
    await tx.execute(_SET_PRO, user_id=user_id, is_pro=is_pro)
    return before, is_pro

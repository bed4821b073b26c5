"""Queries on ``public.users`` joined with the caller's identity."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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


# Built once: constructing a select per request costs more than running it.
_PROFILE = (
    select(*_ME_COLUMNS)
    .join(AuthUser, AuthUser.id == User.id)
    .where(User.id == bindparam("user_id"))
)


async def get_profile(session: AsyncSession, user_id: uuid.UUID) -> dict[str, Any] | None:
    # Filtered by id here as well as by RLS: the database is the wall, this is the fence.
    row = (await session.execute(_PROFILE, {"user_id": user_id})).first()
    return row._asdict() if row else None


async def update_profile(
    session: AsyncSession, user_id: uuid.UUID, changes: dict[str, Any]
) -> bool:
    if not changes:
        return True
    result = await session.execute(
        update(User).where(User.id == user_id).values(**changes).returning(User.id)
    )
    return result.first() is not None


async def set_pro(
    session: AsyncSession, user_id: uuid.UUID, is_pro: bool
) -> tuple[bool, bool] | None:
    """(before, after) of ``is_pro``, or None when there is no such user."""
    before = (
        await session.execute(select(User.is_pro).where(User.id == user_id).with_for_update())
    ).scalar_one_or_none()
    if before is None:
        return None
    await session.execute(update(User).where(User.id == user_id).values(is_pro=is_pro))
    return before, is_pro

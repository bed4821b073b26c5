"""Queries on a person's own iron at a gym: plates, miniweights, collars.

Every statement filters by the caller's id as well as through RLS.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.models.catalog import BarType
from ironbase.models.gyms import GymBarType, UserGymCollar, UserGymMiniweight, UserGymPlate
from ironbase.models.users import User

Stock = type[UserGymPlate] | type[UserGymMiniweight]


async def unit_system(session: AsyncSession, user_id: uuid.UUID) -> str | None:
    statement = select(User.unit_system).where(User.id == user_id)
    value = (await session.execute(statement)).scalar_one_or_none()
    return None if value is None else str(value)


async def replace_stock(
    session: AsyncSession,
    model: Stock,
    user_id: uuid.UUID,
    gym_id: uuid.UUID,
    rows: Sequence[dict[str, Any]],
) -> None:
    await session.execute(delete(model).where(model.user_id == user_id, model.gym_id == gym_id))
    if rows:
        values = [{**row, "user_id": user_id, "gym_id": gym_id} for row in rows]
        await session.execute(insert(model), values)


async def list_stock(
    session: AsyncSession, model: Stock, user_id: uuid.UUID, gym_id: uuid.UUID
) -> list[dict[str, Any]]:
    """Heaviest first, as they go on the bar."""
    statement = (
        select(model.mass, model.unit, model.pairs)
        .where(model.user_id == user_id, model.gym_id == gym_id)
        .order_by(model.mass_g.desc(), model.unit)
    )
    return [dict(r) for r in (await session.execute(statement)).mappings()]


async def list_collars(
    session: AsyncSession, user_id: uuid.UUID, gym_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The any-bar entry (``bar_type`` None) first, then by bar slug."""
    statement = (
        select(BarType.slug.label("bar_type"), UserGymCollar.mass, UserGymCollar.unit)
        .select_from(UserGymCollar)
        .outerjoin(BarType, BarType.id == UserGymCollar.bar_type_id)
        .where(UserGymCollar.user_id == user_id, UserGymCollar.gym_id == gym_id)
        .order_by(BarType.slug.nulls_first())
    )
    return [dict(r) for r in (await session.execute(statement)).mappings()]


async def replace_collars(
    session: AsyncSession,
    user_id: uuid.UUID,
    gym_id: uuid.UUID,
    rows: Sequence[dict[str, Any]],
) -> None:
    await session.execute(
        delete(UserGymCollar).where(
            UserGymCollar.user_id == user_id, UserGymCollar.gym_id == gym_id
        )
    )
    if rows:
        values = [{**row, "user_id": user_id, "gym_id": gym_id} for row in rows]
        await session.execute(insert(UserGymCollar), values)


async def collar_for(
    session: AsyncSession, user_id: uuid.UUID, gym_id: uuid.UUID, bar_type_id: uuid.UUID
) -> dict[str, Any] | None:
    """The collar for this bar type if the person set one, else their any-bar collar."""
    statement = (
        select(UserGymCollar.mass, UserGymCollar.unit)
        .where(
            UserGymCollar.user_id == user_id,
            UserGymCollar.gym_id == gym_id,
            or_(UserGymCollar.bar_type_id == bar_type_id, UserGymCollar.bar_type_id.is_(None)),
        )
        .order_by(UserGymCollar.bar_type_id.nulls_last())
        .limit(1)
    )
    row = (await session.execute(statement)).mappings().first()
    return dict(row) if row else None


_BAR = (BarType.id, BarType.slug, BarType.name, BarType.mass, BarType.unit, BarType.loads_plates)


async def bar_type(session: AsyncSession, ref: str) -> dict[str, Any] | None:
    """A catalog bar type by id or slug."""
    try:
        match = BarType.id == uuid.UUID(ref)
    except ValueError:
        match = BarType.slug == ref
    row = (await session.execute(select(*_BAR).where(match))).mappings().first()
    return dict(row) if row else None


async def gym_default_bar(
    session: AsyncSession, gym_id: uuid.UUID, unit: str
) -> dict[str, Any] | None:
    """The gym's plate-loading bar to assume: one labelled in ``unit`` first, then the
    heaviest (the Olympic bar rather than the EZ bar)."""
    statement = (
        select(*_BAR)
        .join(GymBarType, GymBarType.bar_type_id == BarType.id)
        .where(GymBarType.gym_id == gym_id, BarType.loads_plates)
        .order_by((BarType.unit == unit).desc(), BarType.mass_g.desc(), BarType.slug)
        .limit(1)
    )
    row = (await session.execute(statement)).mappings().first()
    return dict(row) if row else None

"""Queries on a person's own iron at a gym: plates, miniweights, collars.

Every statement filters by the caller's id as well as through RLS.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
from sqlalchemy import Text, bindparam, delete, insert, or_, select
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.catalog import BarType
from ironbase.models.gyms import GymBarType, UserGymCollar, UserGymMiniweight, UserGymPlate

Stock = type[UserGymPlate] | type[UserGymMiniweight]


def _values(model: Any, columns: Sequence[str]) -> dict[str, Any]:
    table = model.__table__
    return {name: bindparam(name, type_=table.c[name].type) for name in columns}


@functools.cache
def _clear_stock(model: Stock) -> Query:
    return Query(
        delete(model).where(
            model.user_id == bindparam("user_id"), model.gym_id == bindparam("gym_id")
        )
    )


@functools.cache
def _insert_stock(model: Stock) -> Query:
    columns = ("user_id", "gym_id", "mass", "unit", "mass_g", "pairs")
    return Query(insert(model).values(_values(model, columns)))


async def replace_stock(
    tx: Tx,
    model: Stock,
    user_id: uuid.UUID,
    gym_id: uuid.UUID,
    rows: Sequence[dict[str, Any]],
) -> None:
    await tx.execute(_clear_stock(model), user_id=user_id, gym_id=gym_id)
    if rows:
        values = [{**row, "user_id": user_id, "gym_id": gym_id} for row in rows]
        await tx.execute_many(_insert_stock(model), values)


@functools.cache
def _list_stock(model: Stock) -> Query:
    return Query(
        select(model.mass, model.unit, model.pairs)
        .where(model.user_id == bindparam("user_id"), model.gym_id == bindparam("gym_id"))
        .order_by(model.mass_g.desc(), model.unit)
    )


async def list_stock(
    tx: Tx, model: Stock, user_id: uuid.UUID, gym_id: uuid.UUID
) -> list[asyncpg.Record]:
    """Heaviest first, as they go on the bar."""
    return await tx.fetch(_list_stock(model), user_id=user_id, gym_id=gym_id)


_LIST_COLLARS = Query(
    select(BarType.slug.label("bar_type"), UserGymCollar.mass, UserGymCollar.unit)
    .select_from(UserGymCollar)
    .outerjoin(BarType, BarType.id == UserGymCollar.bar_type_id)
    .where(
        UserGymCollar.user_id == bindparam("user_id"), UserGymCollar.gym_id == bindparam("gym_id")
    )
    .order_by(BarType.slug.nulls_first())
)


async def list_collars(tx: Tx, user_id: uuid.UUID, gym_id: uuid.UUID) -> list[asyncpg.Record]:
    """The any-bar entry (``bar_type`` None) first, then by bar slug."""
    return await tx.fetch(_LIST_COLLARS, user_id=user_id, gym_id=gym_id)


_CLEAR_COLLARS = Query(
    delete(UserGymCollar).where(
        UserGymCollar.user_id == bindparam("user_id"), UserGymCollar.gym_id == bindparam("gym_id")
    )
)
_INSERT_COLLAR = Query(
    insert(UserGymCollar).values(
        _values(UserGymCollar, ("user_id", "gym_id", "bar_type_id", "mass", "unit", "mass_g"))
    )
)


async def replace_collars(
    tx: Tx,
    user_id: uuid.UUID,
    gym_id: uuid.UUID,
    rows: Sequence[dict[str, Any]],
) -> None:
    await tx.execute(_CLEAR_COLLARS, user_id=user_id, gym_id=gym_id)
    if rows:
        values = [{**row, "user_id": user_id, "gym_id": gym_id} for row in rows]
        await tx.execute_many(_INSERT_COLLAR, values)


_COLLAR_FOR = Query(
    select(UserGymCollar.mass, UserGymCollar.unit)
    .where(
        UserGymCollar.user_id == bindparam("user_id"),
        UserGymCollar.gym_id == bindparam("gym_id"),
        or_(
            UserGymCollar.bar_type_id == bindparam("bar_type_id", type_=PG_UUID),
            UserGymCollar.bar_type_id.is_(None),
        ),
    )
    .order_by(UserGymCollar.bar_type_id.nulls_last())
    .limit(1)
)


async def collar_for(
    tx: Tx, user_id: uuid.UUID, gym_id: uuid.UUID, bar_type_id: uuid.UUID
) -> asyncpg.Record | None:
    """The collar for this bar type if the person set one, else their any-bar collar."""
    return await tx.row(_COLLAR_FOR, user_id=user_id, gym_id=gym_id, bar_type_id=bar_type_id)


_BAR = (BarType.id, BarType.slug, BarType.name, BarType.mass, BarType.unit, BarType.loads_plates)
_BAR_BY_ID = Query(select(*_BAR).where(BarType.id == bindparam("ref", type_=PG_UUID)))
_BAR_BY_SLUG = Query(select(*_BAR).where(BarType.slug == bindparam("ref", type_=Text)))


async def bar_type(tx: Tx, ref: str) -> asyncpg.Record | None:
    """A catalog bar type by id or slug."""
    try:
        bar_type_id = uuid.UUID(ref)
    except ValueError:
        return await tx.row(_BAR_BY_SLUG, ref=ref)
    return await tx.row(_BAR_BY_ID, ref=bar_type_id)


_GYM_DEFAULT_BAR = Query(
    select(*_BAR)
    .join(GymBarType, GymBarType.bar_type_id == BarType.id)
    .where(GymBarType.gym_id == bindparam("gym_id"), BarType.loads_plates)
    .order_by(
        (BarType.unit == bindparam("unit", type_=Text)).desc(), BarType.mass_g.desc(), BarType.slug
    )
    .limit(1)
)


async def gym_default_bar(tx: Tx, gym_id: uuid.UUID, unit: str) -> asyncpg.Record | None:
    """The gym's plate-loading bar to assume: one labelled in ``unit`` first, then the
    heaviest (the Olympic bar rather than the EZ bar)."""
    return await tx.row(_GYM_DEFAULT_BAR, gym_id=gym_id, unit=unit)


_GYM_BARS = Query(
    select(*_BAR)
    .join(GymBarType, GymBarType.bar_type_id == BarType.id)
    .where(GymBarType.gym_id == bindparam("gym_id"), BarType.loads_plates)
    .order_by(
        (BarType.unit == bindparam("unit", type_=Text)).desc(), BarType.mass_g.desc(), BarType.slug
    )
)


async def gym_bars(tx: Tx, gym_id: uuid.UUID, unit: str) -> list[asyncpg.Record]:
    """Every plate-loading bar the gym lists, its default bar (``gym_default_bar``) first."""
    return await tx.fetch(_GYM_BARS, gym_id=gym_id, unit=unit)

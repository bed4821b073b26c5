"""Equipment queries: lists, lookups by id or slug, and the administrators' writes."""

from __future__ import annotations

import functools
import uuid
from typing import Any

import asyncpg
from sqlalchemy import ColumnElement, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ironbase.catalog.repository import (
    AnySelect,
    after_params,
    any_text,
    as_uuid,
    localized,
    names_setter,
    slug_paged,
)
from ironbase.db.pg import Query, Tx
from ironbase.models import catalog as m

EQUIPMENT = m.Equipment


def equipment_select() -> AnySelect:
    """The columns of ``EquipmentOut`` (the profile flat, ``profile_id`` null without one)."""
    profile = m.EquipmentProfile
    grips = func.array(
        select(m.Grip.slug)
        .join(m.EquipmentGripDefault, m.EquipmentGripDefault.grip_id == m.Grip.id)
        .where(m.EquipmentGripDefault.equipment_id == EQUIPMENT.id)
        .order_by(m.Grip.slug)
        .scalar_subquery()
    )
    handles = func.array(
        select(m.EquipmentHandleOrientation.orientation)
        .where(m.EquipmentHandleOrientation.equipment_id == EQUIPMENT.id)
        .order_by(m.EquipmentHandleOrientation.orientation)
        .scalar_subquery()
    )
    et = m.EquipmentTranslation
    statement: AnySelect = (
        select(
            EQUIPMENT.id,
            EQUIPMENT.slug,
            localized(EQUIPMENT.name, et, et.equipment_id, EQUIPMENT.id).label("name"),
            EQUIPMENT.category,
            EQUIPMENT.load_type,
            m.BarType.slug.label("bar_type"),
            profile.adjustable,
            profile.increment_g,
            profile.fixed_weights_g,
            profile.base_weight_g,
            profile.stack_max_g,
            profile.equipment_id.label("profile_id"),
            grips.label("grip_defaults"),
            handles.label("handle_orientations"),
            EQUIPMENT.retired_at.is_not(None).label("retired"),
        )
        .outerjoin(m.BarType, m.BarType.id == EQUIPMENT.bar_type_id)
        .outerjoin(profile, profile.equipment_id == EQUIPMENT.id)
    )
    return statement


@functools.cache
def _equipment_page(category: bool, load_type: bool, after: bool) -> Query:
    statement = equipment_select().where(EQUIPMENT.retired_at.is_(None))
    if category:
        statement = statement.where(EQUIPMENT.category == bindparam("category"))
    if load_type:
        statement = statement.where(EQUIPMENT.load_type == bindparam("load_type"))
    return Query(slug_paged(statement, EQUIPMENT, after))


async def list_equipment(
    tx: Tx,
    *,
    chain: list[str],
    category: str | None,
    load_type: str | None,
    after: tuple[str, str] | None,
    limit: int,
) -> list[asyncpg.Record]:
    query = _equipment_page(category is not None, load_type is not None, after is not None)
    return await tx.fetch(
        query,
        locale_chain=chain,
        category=category,
        load_type=load_type,
        **after_params(after, limit),
    )


@functools.cache
def _find_equipment(by_id: bool) -> Query:
    condition: ColumnElement[bool] = (
        EQUIPMENT.id == bindparam("equipment_id", type_=PG_UUID(as_uuid=True))
        if by_id
        else EQUIPMENT.slug == bindparam("slug")
    )
    return Query(equipment_select().where(condition))


async def find_equipment(tx: Tx, key: str, chain: list[str]) -> asyncpg.Record | None:
    equipment_id = as_uuid(key)
    return await tx.row(
        _find_equipment(equipment_id is not None),
        equipment_id=equipment_id,
        slug=key,
        locale_chain=chain,
    )


_EQUIPMENT_IDS = Query(
    select(EQUIPMENT.slug, EQUIPMENT.id).where(EQUIPMENT.slug == any_text("slugs"))
)


async def equipment_ids(tx: Tx, slugs: list[str]) -> dict[str, uuid.UUID]:
    if not slugs:
        return {}
    return {r["slug"]: r["id"] for r in await tx.fetch(_EQUIPMENT_IDS, slugs=slugs)}


async def insert_equipment(tx: Tx, values: dict[str, Any]) -> uuid.UUID | None:
    statement = (
        pg_insert(EQUIPMENT).values(**values).on_conflict_do_nothing().returning(EQUIPMENT.id)
    )
    new_id: uuid.UUID | None = await tx.value(Query(statement))
    return new_id


_EQUIPMENT_ID = bindparam("equipment_id", type_=PG_UUID(as_uuid=True))
_EQUIPMENT_ROW = Query(
    select(EQUIPMENT.__table__).where(EQUIPMENT.id == _EQUIPMENT_ID).with_for_update()
)


async def equipment_row(tx: Tx, equipment_id: uuid.UUID) -> asyncpg.Record | None:
    """The whole row, locked for update."""
    return await tx.row(_EQUIPMENT_ROW, equipment_id=equipment_id)


async def update_equipment(tx: Tx, equipment_id: uuid.UUID, values: dict[str, Any]) -> None:
    if values:
        statement = update(EQUIPMENT).where(EQUIPMENT.id == _EQUIPMENT_ID).values(**values)
        await tx.execute(Query(statement), equipment_id=equipment_id)


set_names = names_setter(m.EquipmentTranslation, "equipment_id")


async def set_profile(tx: Tx, equipment_id: uuid.UUID, profile: dict[str, Any]) -> None:
    p = m.EquipmentProfile
    statement = pg_insert(p).values(equipment_id=equipment_id, **profile)
    await tx.execute(
        Query(statement.on_conflict_do_update(index_elements=[p.equipment_id], set_=profile))
    )

"""Queries on what a gym has: catalog equipment, bar types and fixed dumbbells.

Readable by everyone signed in; writes pass RLS only for the gym's admins and staff
(and platform admins).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
from sqlalchemy import ARRAY, ColumnElement, Text, bindparam, delete, func, insert, or_, select
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.catalog import BarType, Equipment, EquipmentProfile
from ironbase.models.gyms import GymBarType, GymDumbbellSet, GymEquipment


def _as_uuid(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref)
    except ValueError:
        return None


def _by_ref(id_column: Any, slug_column: Any) -> ColumnElement[bool]:
    """Matches the ``ids`` or the ``slugs`` parameter (arrays)."""
    return or_(
        id_column == func.any(bindparam("ids", type_=ARRAY(PG_UUID))),
        slug_column == func.any(bindparam("slugs", type_=ARRAY(Text))),
    )


def _refs(refs: Sequence[str]) -> dict[str, list[Any]]:
    return {"ids": [u for u in map(_as_uuid, refs) if u is not None], "slugs": list(refs)}


_BAR_COLUMNS = (
    BarType.id,
    BarType.slug,
    BarType.name,
    BarType.mass,
    BarType.mass_g,
    BarType.unit,
    BarType.loads_plates,
)

_RESOLVE_EQUIPMENT = Query(
    select(Equipment.id, Equipment.slug, Equipment.retired_at).where(
        _by_ref(Equipment.id, Equipment.slug)
    )
)


async def resolve_equipment(tx: Tx, refs: Sequence[str]) -> dict[str, tuple[uuid.UUID, bool]]:
    """Each ref (id or slug) that exists -> (id, retired)."""
    if not refs:
        return {}
    found: dict[str, tuple[uuid.UUID, bool]] = {}
    for row in await tx.fetch(_RESOLVE_EQUIPMENT, **_refs(refs)):
        value = (row["id"], row["retired_at"] is not None)
        found[str(row["id"])] = found[row["slug"]] = value
    return found


_RESOLVE_BAR_TYPES = Query(select(*_BAR_COLUMNS).where(_by_ref(BarType.id, BarType.slug)))


async def resolve_bar_types(tx: Tx, refs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each ref (id or slug) that exists -> its bar type row."""
    if not refs:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for row in await tx.fetch(_RESOLVE_BAR_TYPES, **_refs(refs)):
        found[str(row["id"])] = found[row["slug"]] = dict(row)
    return found


_GymList = type[GymEquipment] | type[GymBarType] | type[GymDumbbellSet]
# The columns each list's rows give (besides ``gym_id``).
_LIST_COLUMNS: dict[_GymList, tuple[str, ...]] = {
    GymEquipment: ("equipment_id", "quantity", "stack_increment_g"),
    GymBarType: ("bar_type_id", "quantity"),
    GymDumbbellSet: ("mass", "unit", "mass_g", "pairs"),
}


@functools.cache
def _clear_list(model: _GymList) -> Query:
    return Query(delete(model).where(model.gym_id == bindparam("gym_id")))


@functools.cache
def _insert_list(model: _GymList) -> Query:
    columns = ("gym_id", *_LIST_COLUMNS[model])
    table = model.__table__
    values = {name: bindparam(name, type_=table.c[name].type) for name in columns}
    return Query(insert(model).values(values))


async def replace_equipment(
    tx: Tx,
    gym_id: uuid.UUID,
    equipment: Sequence[dict[str, Any]],
    bar_types: Sequence[dict[str, Any]],
    dumbbells: Sequence[dict[str, Any]],
) -> None:
    """Swap the three lists for new ones, in the caller's transaction."""
    lists: tuple[tuple[_GymList, Sequence[dict[str, Any]]], ...] = (
        (GymEquipment, equipment),
        (GymBarType, bar_types),
        (GymDumbbellSet, dumbbells),
    )
    for model, rows in lists:
        await tx.execute(_clear_list(model), gym_id=gym_id)
        if rows:
            await tx.execute_many(_insert_list(model), [{**row, "gym_id": gym_id} for row in rows])


_GYM_EQUIPMENT = Query(
    select(
        Equipment.id.label("equipment_id"),
        Equipment.slug,
        Equipment.name,
        Equipment.category,
        Equipment.load_type,
        GymEquipment.quantity,
        GymEquipment.stack_increment_g,
    )
    .join(Equipment, Equipment.id == GymEquipment.equipment_id)
    .where(GymEquipment.gym_id == bindparam("gym_id"))
    .order_by(Equipment.slug)
)
_GYM_BAR_TYPES = Query(
    select(*_BAR_COLUMNS, GymBarType.quantity)
    .join(BarType, BarType.id == GymBarType.bar_type_id)
    .where(GymBarType.gym_id == bindparam("gym_id"))
    .order_by(BarType.mass_g.desc(), BarType.slug)
)
_GYM_DUMBBELLS = Query(
    select(GymDumbbellSet.mass, GymDumbbellSet.unit, GymDumbbellSet.pairs)
    .where(GymDumbbellSet.gym_id == bindparam("gym_id"))
    .order_by(GymDumbbellSet.mass_g, GymDumbbellSet.unit)
)


async def gym_equipment(tx: Tx, gym_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(_GYM_EQUIPMENT, gym_id=gym_id)


async def gym_bar_types(tx: Tx, gym_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(_GYM_BAR_TYPES, gym_id=gym_id)


async def gym_dumbbells(tx: Tx, gym_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(_GYM_DUMBBELLS, gym_id=gym_id)


# Every piece of equipment the gym has, with its weight-stack data where the catalog gives
# some: what a program plans with, in one statement whatever the gym's size.
_GYM_EQUIPMENT_STACKS = Query(
    select(
        Equipment.id.label("equipment_id"),
        GymEquipment.stack_increment_g,
        EquipmentProfile.increment_g,
        EquipmentProfile.base_weight_g,
        EquipmentProfile.stack_max_g,
    )
    .join(Equipment, Equipment.id == GymEquipment.equipment_id)
    .outerjoin(EquipmentProfile, EquipmentProfile.equipment_id == Equipment.id)
    .where(GymEquipment.gym_id == bindparam("gym_id"))
    .order_by(Equipment.id)
)


async def gym_equipment_stacks(tx: Tx, gym_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(_GYM_EQUIPMENT_STACKS, gym_id=gym_id)


@functools.cache
def _gym_machine(by_id: bool) -> Query:
    match = (
        Equipment.id == bindparam("ref", type_=PG_UUID)
        if by_id
        else Equipment.slug == bindparam("ref", type_=Text)
    )
    statement = (
        select(
            GymEquipment.stack_increment_g,
            EquipmentProfile.increment_g,
            EquipmentProfile.base_weight_g,
            EquipmentProfile.stack_max_g,
        )
        .join(Equipment, Equipment.id == GymEquipment.equipment_id)
        .outerjoin(EquipmentProfile, EquipmentProfile.equipment_id == Equipment.id)
        .where(GymEquipment.gym_id == bindparam("gym_id"), match)
    )
    return Query(statement)


async def gym_machine(tx: Tx, gym_id: uuid.UUID, ref: str) -> asyncpg.Record | None:
    """Catalog equipment (by id or slug) that the gym has, with its weight-stack data:
    the gym's own ``stack_increment_g`` and the catalog profile's figures (null when
    there is no profile)."""
    equipment_id = _as_uuid(ref)
    if equipment_id is not None:
        return await tx.row(_gym_machine(True), gym_id=gym_id, ref=equipment_id)
    return await tx.row(_gym_machine(False), gym_id=gym_id, ref=ref)

"""Queries on what a gym has: catalog equipment, bar types and fixed dumbbells.

Readable by everyone signed in; writes pass RLS only for the gym's admins and staff
(and platform admins).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.models.catalog import BarType, Equipment, EquipmentProfile
from ironbase.models.gyms import GymBarType, GymDumbbellSet, GymEquipment


def _as_uuid(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref)
    except ValueError:
        return None


def _by_ref(id_column: Any, slug_column: Any, refs: Sequence[str]) -> ColumnElement[bool]:
    ids = [u for u in map(_as_uuid, refs) if u is not None]
    return or_(id_column.in_(ids), slug_column.in_(list(refs)))


_BAR_COLUMNS = (
    BarType.id,
    BarType.slug,
    BarType.name,
    BarType.mass,
    BarType.mass_g,
    BarType.unit,
    BarType.loads_plates,
)


async def resolve_equipment(
    session: AsyncSession, refs: Sequence[str]
) -> dict[str, tuple[uuid.UUID, bool]]:
    """Each ref (id or slug) that exists -> (id, retired)."""
    if not refs:
        return {}
    statement = select(Equipment.id, Equipment.slug, Equipment.retired_at).where(
        _by_ref(Equipment.id, Equipment.slug, refs)
    )
    found: dict[str, tuple[uuid.UUID, bool]] = {}
    for row in await session.execute(statement):
        value = (row.id, row.retired_at is not None)
        found[str(row.id)] = found[row.slug] = value
    return found


async def resolve_bar_types(
    session: AsyncSession, refs: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Each ref (id or slug) that exists -> its bar type row."""
    if not refs:
        return {}
    statement = select(*_BAR_COLUMNS).where(_by_ref(BarType.id, BarType.slug, refs))
    found: dict[str, dict[str, Any]] = {}
    for row in (await session.execute(statement)).mappings():
        found[str(row["id"])] = found[row["slug"]] = dict(row)
    return found


async def replace_equipment(
    session: AsyncSession,
    gym_id: uuid.UUID,
    equipment: Sequence[dict[str, Any]],
    bar_types: Sequence[dict[str, Any]],
    dumbbells: Sequence[dict[str, Any]],
) -> None:
    """Swap the three lists for new ones, in the caller's transaction."""
    for model, rows in (
        (GymEquipment, equipment),
        (GymBarType, bar_types),
        (GymDumbbellSet, dumbbells),
    ):
        await session.execute(delete(model).where(model.gym_id == gym_id))
        if rows:
            await session.execute(insert(model), [{**row, "gym_id": gym_id} for row in rows])


async def gym_equipment(session: AsyncSession, gym_id: uuid.UUID) -> list[dict[str, Any]]:
    statement = (
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
        .where(GymEquipment.gym_id == gym_id)
        .order_by(Equipment.slug)
    )
    return [dict(r) for r in (await session.execute(statement)).mappings()]


async def gym_bar_types(session: AsyncSession, gym_id: uuid.UUID) -> list[dict[str, Any]]:
    statement = (
        select(*_BAR_COLUMNS, GymBarType.quantity)
        .join(BarType, BarType.id == GymBarType.bar_type_id)
        .where(GymBarType.gym_id == gym_id)
        .order_by(BarType.mass_g.desc(), BarType.slug)
    )
    return [dict(r) for r in (await session.execute(statement)).mappings()]


async def gym_dumbbells(session: AsyncSession, gym_id: uuid.UUID) -> list[dict[str, Any]]:
    statement = (
        select(GymDumbbellSet.mass, GymDumbbellSet.unit, GymDumbbellSet.pairs)
        .where(GymDumbbellSet.gym_id == gym_id)
        .order_by(GymDumbbellSet.mass_g, GymDumbbellSet.unit)
    )
    return [dict(r) for r in (await session.execute(statement)).mappings()]


async def gym_machine(session: AsyncSession, gym_id: uuid.UUID, ref: str) -> dict[str, Any] | None:
    """Catalog equipment (by id or slug) that the gym has, with its weight-stack data:
    the gym's own ``stack_increment_g`` and the catalog profile's figures (null when
    there is no profile)."""
    equipment_id = _as_uuid(ref)
    match = Equipment.id == equipment_id if equipment_id is not None else Equipment.slug == ref
    statement = (
        select(
            GymEquipment.stack_increment_g,
            EquipmentProfile.increment_g,
            EquipmentProfile.base_weight_g,
            EquipmentProfile.stack_max_g,
        )
        .join(Equipment, Equipment.id == GymEquipment.equipment_id)
        .outerjoin(EquipmentProfile, EquipmentProfile.equipment_id == Equipment.id)
        .where(GymEquipment.gym_id == gym_id, match)
    )
    row = (await session.execute(statement)).mappings().first()
    return dict(row) if row else None

"""Administrators curate the catalog's equipment; every change is written to the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from ironbase.catalog import admin_service as curation
from ironbase.catalog import service as catalog
from ironbase.catalog.equipment import repository as repo
from ironbase.catalog.equipment import service
from ironbase.catalog.equipment.schemas import EquipmentAdminCreate, EquipmentAdminUpdate
from ironbase.db.pg import Tx
from ironbase.kit.caller import AuthContext
from ironbase.kit.errors import Conflict, InvalidInput, NotFound


def _snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "slug": row["slug"],
        "name": row["name"],
        "category": row["category"],
        "load_type": row["load_type"],
        "bar_type_id": str(row["bar_type_id"]) if row["bar_type_id"] else None,
        "retired_at": row["retired_at"].isoformat() if row["retired_at"] else None,
    }


async def _equipment(tx: Tx, equipment_id: uuid.UUID) -> asyncpg.Record:
    row = await repo.equipment_row(tx, equipment_id)
    if row is None:
        raise NotFound("Equipment")
    return row


async def _bar_type_id(tx: Tx, slug: str | None) -> uuid.UUID | None:
    return None if slug is None else await catalog.bar_type_id(tx, slug)


EQUIPMENT = curation.Curated(
    kind="equipment",
    table="equipment",
    row=_equipment,
    update=repo.update_equipment,
    set_names=repo.set_names,
    snapshot=_snapshot,
)


async def create_equipment(
    tx: Tx, admin: AuthContext, body: EquipmentAdminCreate, chain: list[str]
) -> dict[str, Any]:
    await catalog.require_load_type(tx, body.load_type)
    bar_id = await _bar_type_id(tx, body.bar_type)
    values = {
        "id": body.id or uuid.uuid4(),
        "slug": body.slug,
        "name": body.name,
        "category": body.category,
        "load_type": body.load_type,
        "bar_type_id": bar_id,
    }
    new_id = await repo.insert_equipment(tx, values)
    if new_id is None:
        raise Conflict("Equipment with this id or slug exists.", kind="equipment-exists")
    await repo.set_names(tx, new_id, {"en": body.name, **body.names})
    if body.profile is not None:
        await repo.set_profile(tx, new_id, body.profile.model_dump())
    await curation.record_created(tx, admin, EQUIPMENT, new_id)
    return await service.get_equipment(tx, str(new_id), chain)


async def update_equipment(
    tx: Tx,
    admin: AuthContext,
    equipment_id: uuid.UUID,
    body: EquipmentAdminUpdate,
    chain: list[str],
) -> dict[str, Any]:
    row = await _equipment(tx, equipment_id)
    changes = body.model_dump(exclude_unset=True, exclude={"names", "profile", "bar_type"})
    if any(value is None for value in changes.values()):
        raise InvalidInput("body", "name, category and load_type cannot be null.")
    if "bar_type" in body.model_fields_set:
        bar_type = body.bar_type
        changes["bar_type_id"] = (
            None if bar_type is None else await catalog.bar_type_id(tx, bar_type)
        )
    if "load_type" in changes:
        await catalog.require_load_type(tx, changes["load_type"])

    async def relations() -> None:
        if body.profile is not None:
            await repo.set_profile(tx, equipment_id, body.profile.model_dump())

    await curation.update(tx, admin, EQUIPMENT, row, changes, body.names, relations)
    return await service.get_equipment(tx, str(equipment_id), chain)


async def set_equipment_retired(
    tx: Tx,
    admin: AuthContext,
    equipment_id: uuid.UUID,
    retired: bool,
    chain: list[str],
) -> dict[str, Any]:
    row = await _equipment(tx, equipment_id)
    await curation.set_retired(tx, admin, EQUIPMENT, row, retired)
    return await service.get_equipment(tx, str(equipment_id), chain)

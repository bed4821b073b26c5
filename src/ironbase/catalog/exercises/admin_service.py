"""Administrators curate the catalog; every change is written to the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import asyncpg

from ironbase.catalog import repository as repo
from ironbase.catalog import service
from ironbase.catalog.schemas import (
    EquipmentAdminCreate,
    EquipmentAdminUpdate,
    ExerciseAdminCreate,
    ExerciseAdminUpdate,
    slugify,
)
from ironbase.catalog.search import joined
from ironbase.db.pg import Tx
from ironbase.kit import audit
from ironbase.kit.caller import AuthContext
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.time import utcnow
from ironbase.models.catalog import LoadType

_AUDITED_COLUMNS = (
    "name",
    "slug",
    "description",
    "instructions",
    "primary_muscle",
    "secondary_muscles",
    "difficulty",
    "is_compound",
    "movement_pattern",
    "load_type",
    "is_unilateral",
    "tracking",
    "retired_at",
)


def _snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    values = {c: row[c] for c in _AUDITED_COLUMNS}
    values["secondary_muscles"] = [str(v) for v in values["secondary_muscles"]]
    values["primary_muscle"] = str(values["primary_muscle"])
    values["retired_at"] = values["retired_at"].isoformat() if values["retired_at"] else None
    return values


async def _aliases(tx: Tx, aliases: list[str], exercise_id: uuid.UUID) -> dict[str, str]:
    normalized = {joined(a): a for a in aliases if joined(a)}
    owners = await repo.alias_owner(tx, list(normalized))
    taken = [normalized[n] for n, owner in owners.items() if owner != exercise_id]
    if taken:
        raise Conflict(
            f"Aliases already used by another exercise: {', '.join(taken)}.", kind="alias-taken"
        )
    return normalized


async def create_exercise(
    tx: Tx, admin: AuthContext, body: ExerciseAdminCreate, chain: list[str]
) -> dict[str, Any]:
    await service.validate_exercise_vocabulary(
        tx, body.movement_pattern, body.load_type, body.primary_muscle, body.secondary_muscles
    )
    equipment = await service.equipment_for(tx, body.equipment)
    values = body.model_dump(exclude={"equipment", "names", "aliases"}, exclude_none=True)
    values["slug"] = body.slug or slugify(body.name)
    values.setdefault("id", uuid.uuid4())
    new_id = await repo.insert_exercise(tx, values)
    if new_id is None:
        raise Conflict("A catalog exercise with this id or slug exists.", kind="exercise-exists")
    await repo.set_equipment(tx, new_id, equipment, None)
    await repo.set_names(tx, new_id, {"en": body.name, **body.names})
    await repo.set_aliases(tx, new_id, await _aliases(tx, body.aliases, new_id))
    created = await repo.exercise_row(tx, new_id)
    assert created is not None
    await audit.record(
        tx,
        admin,
        action="catalog.exercise_create",
        target_table="exercises",
        target_id=str(new_id),
        before=None,
        after=_snapshot(created),
    )
    return await service.get_exercise(tx, admin, str(new_id), chain)


async def _catalog_row(tx: Tx, exercise_id: uuid.UUID) -> asyncpg.Record:
    row = await repo.exercise_row(tx, exercise_id)
    if row is None or row["user_id"] is not None:
        raise NotFound("Catalog exercise")
    return row


async def update_exercise(
    tx: Tx,
    admin: AuthContext,
    exercise_id: uuid.UUID,
    body: ExerciseAdminUpdate,
    chain: list[str],
) -> dict[str, Any]:
    row = await _catalog_row(tx, exercise_id)
    before = _snapshot(row)
    changes = body.model_dump(exclude_unset=True, exclude={"equipment", "names", "aliases"})
    if any(v is None for k, v in changes.items() if k not in ("description", "instructions")):
        raise InvalidInput("body", "Only description and instructions may be set to null.")
    await service.validate_exercise_vocabulary(
        tx,
        changes.get("movement_pattern", row["movement_pattern"]),
        changes.get("load_type", row["load_type"]),
        changes.get("primary_muscle", row["primary_muscle"]),
        changes.get("secondary_muscles", row["secondary_muscles"]),
    )
    if changes:
        await repo.update_exercise(tx, exercise_id, changes)
    if body.equipment is not None:
        await repo.set_equipment(
            tx, exercise_id, await service.equipment_for(tx, body.equipment), None
        )
    if body.names is not None:
        await repo.set_names(
            tx, exercise_id, {"en": changes.get("name", row["name"]), **body.names}
        )
    if body.aliases is not None:
        await repo.set_aliases(tx, exercise_id, await _aliases(tx, body.aliases, exercise_id))
    after = await _catalog_row(tx, exercise_id)
    await audit.record(
        tx,
        admin,
        action="catalog.exercise_update",
        target_table="exercises",
        target_id=str(exercise_id),
        before=before,
        after=_snapshot(after),
    )
    return await service.get_exercise(tx, admin, str(exercise_id), chain)


async def set_retired(
    tx: Tx,
    admin: AuthContext,
    exercise_id: uuid.UUID,
    retired: bool,
    chain: list[str],
) -> dict[str, Any]:
    """Retired exercises leave lists and search but stay resolvable for history."""
    row = await _catalog_row(tx, exercise_id)
    await _toggle_retired(
        tx, admin, row, retired, "exercises", repo.update_exercise, repo.exercise_row, _snapshot
    )
    return await service.get_exercise(tx, admin, str(exercise_id), chain)


async def _toggle_retired(
    tx: Tx,
    admin: AuthContext,
    row: asyncpg.Record,
    retired: bool,
    table: str,
    update: Callable[[Tx, uuid.UUID, dict[str, Any]], Awaitable[None]],
    reread: Callable[[Tx, uuid.UUID], Awaitable[asyncpg.Record | None]],
    snapshot: Callable[[Mapping[str, Any]], dict[str, Any]],
) -> None:
    """Set or clear ``retired_at`` and audit it (also when it was already so: the
    administrator's intent is recorded either way)."""
    before = snapshot(row)
    after = row
    if (row["retired_at"] is not None) != retired:
        await update(tx, row["id"], {"retired_at": utcnow() if retired else None})
        changed = await reread(tx, row["id"])
        assert changed is not None
        after = changed
    await audit.record(
        tx,
        admin,
        action=f"catalog.{_KINDS[table]}_{'retire' if retired else 'restore'}",
        target_table=table,
        target_id=str(row["id"]),
        before=before,
        after=snapshot(after),
    )


_KINDS = {"exercises": "exercise", "equipment": "equipment"}


def _equipment_snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "slug": row["slug"],
        "name": row["name"],
        "category": row["category"],
        "load_type": row["load_type"],
        "bar_type_id": str(row["bar_type_id"]) if row["bar_type_id"] else None,
        "retired_at": row["retired_at"].isoformat() if row["retired_at"] else None,
    }


async def _equipment_refs(tx: Tx, load_type: str | None, bar_type: str | None) -> uuid.UUID | None:
    if load_type is not None and not await repo.vocabulary_exists(tx, LoadType, load_type):
        raise InvalidInput("load_type", f"Unknown load type {load_type!r}.")
    if bar_type is None:
        return None
    bar_id = await repo.bar_type_id(tx, bar_type)
    if bar_id is None:
        raise InvalidInput("bar_type", f"Unknown bar type {bar_type!r}.")
    return bar_id


async def create_equipment(
    tx: Tx, admin: AuthContext, body: EquipmentAdminCreate, chain: list[str]
) -> dict[str, Any]:
    bar_id = await _equipment_refs(tx, body.load_type, body.bar_type)
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
    await repo.set_equipment_names(tx, new_id, {"en": body.name, **body.names})
    if body.profile is not None:
        await repo.set_equipment_profile(tx, new_id, body.profile.model_dump())
    row = await repo.equipment_row(tx, new_id)
    assert row is not None
    await audit.record(
        tx,
        admin,
        action="catalog.equipment_create",
        target_table="equipment",
        target_id=str(new_id),
        before=None,
        after=_equipment_snapshot(row),
    )
    return await service.get_equipment(tx, str(new_id), chain)


async def _equipment(tx: Tx, equipment_id: uuid.UUID) -> asyncpg.Record:
    row = await repo.equipment_row(tx, equipment_id)
    if row is None:
        raise NotFound("Equipment")
    return row


async def update_equipment(
    tx: Tx,
    admin: AuthContext,
    equipment_id: uuid.UUID,
    body: EquipmentAdminUpdate,
    chain: list[str],
) -> dict[str, Any]:
    row = await _equipment(tx, equipment_id)
    before = _equipment_snapshot(row)
    changes = body.model_dump(exclude_unset=True, exclude={"names", "profile", "bar_type"})
    if any(value is None for value in changes.values()):
        raise InvalidInput("body", "name, category and load_type cannot be null.")
    if "bar_type" in body.model_fields_set:
        changes["bar_type_id"] = await _equipment_refs(tx, None, body.bar_type)
    await _equipment_refs(tx, changes.get("load_type"), None)
    await repo.update_equipment(tx, equipment_id, changes)
    if body.names is not None:
        await repo.set_equipment_names(
            tx, equipment_id, {"en": changes.get("name", row["name"]), **body.names}
        )
    if body.profile is not None:
        await repo.set_equipment_profile(tx, equipment_id, body.profile.model_dump())
    after = await _equipment(tx, equipment_id)
    await audit.record(
        tx,
        admin,
        action="catalog.equipment_update",
        target_table="equipment",
        target_id=str(equipment_id),
        before=before,
        after=_equipment_snapshot(after),
    )
    return await service.get_equipment(tx, str(equipment_id), chain)


async def set_equipment_retired(
    tx: Tx,
    admin: AuthContext,
    equipment_id: uuid.UUID,
    retired: bool,
    chain: list[str],
) -> dict[str, Any]:
    row = await _equipment(tx, equipment_id)
    await _toggle_retired(
        tx,
        admin,
        row,
        retired,
        "equipment",
        repo.update_equipment,
        repo.equipment_row,
        _equipment_snapshot,
    )
    return await service.get_equipment(tx, str(equipment_id), chain)

"""Administrators curate the catalog; every change is written to the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.admin import audit
from ironbase.auth.context import AuthContext
from ironbase.catalog import repository as repo
from ironbase.catalog import service
from ironbase.catalog.schemas import (
    EquipmentAdminCreate,
    EquipmentAdminUpdate,
    EquipmentOut,
    ExerciseAdminCreate,
    ExerciseAdminUpdate,
    ExerciseDetail,
    slugify,
)
from ironbase.catalog.search import joined
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.time import utcnow
from ironbase.models.catalog import Equipment, Exercise, LoadType

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


def _snapshot(row: Exercise) -> dict[str, Any]:
    values = {c: getattr(row, c) for c in _AUDITED_COLUMNS}
    values["secondary_muscles"] = [str(v) for v in values["secondary_muscles"]]
    values["primary_muscle"] = str(values["primary_muscle"])
    values["retired_at"] = values["retired_at"].isoformat() if values["retired_at"] else None
    return values


async def _aliases(
    session: AsyncSession, aliases: list[str], exercise_id: uuid.UUID
) -> dict[str, str]:
    normalized = {joined(a): a for a in aliases if joined(a)}
    owners = await repo.alias_owner(session, list(normalized))
    taken = [normalized[n] for n, owner in owners.items() if owner != exercise_id]
    if taken:
        raise Conflict(
            f"Aliases already used by another exercise: {', '.join(taken)}.", kind="alias-taken"
        )
    return normalized


async def create_exercise(
    session: AsyncSession, admin: AuthContext, body: ExerciseAdminCreate, chain: list[str]
) -> ExerciseDetail:
    await service.validate_exercise_vocabulary(
        session, body.movement_pattern, body.load_type, body.primary_muscle, body.secondary_muscles
    )
    equipment = await service.equipment_for(session, body.equipment)
    values = body.model_dump(exclude={"equipment", "names", "aliases"}, exclude_none=True)
    values["slug"] = body.slug or slugify(body.name)
    values.setdefault("id", uuid.uuid4())
    new_id = await repo.insert_exercise(session, values)
    if new_id is None:
        raise Conflict("A catalog exercise with this id or slug exists.", kind="exercise-exists")
    await repo.set_equipment(session, new_id, equipment, None)
    await repo.set_names(session, new_id, {"en": body.name, **body.names})
    await repo.set_aliases(session, new_id, await _aliases(session, body.aliases, new_id))
    created = await repo.exercise_row(session, new_id)
    assert created is not None
    await audit.record(
        session,
        admin,
        action="catalog.exercise_create",
        target_table="exercises",
        target_id=str(new_id),
        before=None,
        after=_snapshot(created),
    )
    return await service.get_exercise(session, admin, str(new_id), chain)


async def _catalog_row(session: AsyncSession, exercise_id: uuid.UUID) -> Exercise:
    row = await repo.exercise_row(session, exercise_id)
    if row is None or row.user_id is not None:
        raise NotFound("Catalog exercise")
    return row


async def update_exercise(
    session: AsyncSession,
    admin: AuthContext,
    exercise_id: uuid.UUID,
    body: ExerciseAdminUpdate,
    chain: list[str],
) -> ExerciseDetail:
    row = await _catalog_row(session, exercise_id)
    before = _snapshot(row)
    changes = body.model_dump(exclude_unset=True, exclude={"equipment", "names", "aliases"})
    if any(v is None for k, v in changes.items() if k not in ("description", "instructions")):
        raise InvalidInput("body", "Only description and instructions may be set to null.")
    await service.validate_exercise_vocabulary(
        session,
        changes.get("movement_pattern", row.movement_pattern),
        changes.get("load_type", row.load_type),
        changes.get("primary_muscle", row.primary_muscle),
        changes.get("secondary_muscles", row.secondary_muscles),
    )
    if changes:
        await repo.update_exercise(session, exercise_id, changes)
    if body.equipment is not None:
        await repo.set_equipment(
            session, exercise_id, await service.equipment_for(session, body.equipment), None
        )
    if body.names is not None:
        await repo.set_names(
            session, exercise_id, {"en": changes.get("name", row.name), **body.names}
        )
    if body.aliases is not None:
        await repo.set_aliases(
            session, exercise_id, await _aliases(session, body.aliases, exercise_id)
        )
    await session.refresh(row)
    await audit.record(
        session,
        admin,
        action="catalog.exercise_update",
        target_table="exercises",
        target_id=str(exercise_id),
        before=before,
        after=_snapshot(row),
    )
    return await service.get_exercise(session, admin, str(exercise_id), chain)


async def set_retired(
    session: AsyncSession,
    admin: AuthContext,
    exercise_id: uuid.UUID,
    retired: bool,
    chain: list[str],
) -> ExerciseDetail:
    """Retired exercises leave lists and search but stay resolvable for history."""
    row = await _catalog_row(session, exercise_id)
    await _toggle_retired(session, admin, row, retired, "exercise", repo.update_exercise, _snapshot)
    return await service.get_exercise(session, admin, str(exercise_id), chain)


async def _toggle_retired(
    session: AsyncSession,
    admin: AuthContext,
    row: Any,
    retired: bool,
    kind: str,
    update: Callable[[AsyncSession, uuid.UUID, dict[str, Any]], Awaitable[None]],
    snapshot: Callable[[Any], dict[str, Any]],
) -> None:
    """Set or clear ``retired_at`` and audit it (also when it was already so: the
    administrator's intent is recorded either way)."""
    before = snapshot(row)
    if (row.retired_at is not None) != retired:
        await update(session, row.id, {"retired_at": utcnow() if retired else None})
        await session.refresh(row)
    await audit.record(
        session,
        admin,
        action=f"catalog.{kind}_{'retire' if retired else 'restore'}",
        target_table=row.__tablename__,
        target_id=str(row.id),
        before=before,
        after=snapshot(row),
    )


def _equipment_snapshot(row: Equipment) -> dict[str, Any]:
    return {
        "slug": row.slug,
        "name": row.name,
        "category": row.category,
        "load_type": row.load_type,
        "bar_type_id": str(row.bar_type_id) if row.bar_type_id else None,
        "retired_at": row.retired_at.isoformat() if row.retired_at else None,
    }


async def _equipment_refs(
    session: AsyncSession, load_type: str | None, bar_type: str | None
) -> uuid.UUID | None:
    if load_type is not None and not await repo.vocabulary_exists(session, LoadType, load_type):
        raise InvalidInput("load_type", f"Unknown load type {load_type!r}.")
    if bar_type is None:
        return None
    bar_id = await repo.bar_type_id(session, bar_type)
    if bar_id is None:
        raise InvalidInput("bar_type", f"Unknown bar type {bar_type!r}.")
    return bar_id


async def create_equipment(
    session: AsyncSession, admin: AuthContext, body: EquipmentAdminCreate, chain: list[str]
) -> EquipmentOut:
    bar_id = await _equipment_refs(session, body.load_type, body.bar_type)
    values = {
        "id": body.id or uuid.uuid4(),
        "slug": body.slug,
        "name": body.name,
        "category": body.category,
        "load_type": body.load_type,
        "bar_type_id": bar_id,
    }
    new_id = await repo.insert_equipment(session, values)
    if new_id is None:
        raise Conflict("Equipment with this id or slug exists.", kind="equipment-exists")
    await repo.set_equipment_names(session, new_id, {"en": body.name, **body.names})
    if body.profile is not None:
        await repo.set_equipment_profile(session, new_id, body.profile.model_dump())
    row = await repo.equipment_row(session, new_id)
    assert row is not None
    await audit.record(
        session,
        admin,
        action="catalog.equipment_create",
        target_table="equipment",
        target_id=str(new_id),
        before=None,
        after=_equipment_snapshot(row),
    )
    return await service.get_equipment(session, str(new_id), chain)


async def _equipment(session: AsyncSession, equipment_id: uuid.UUID) -> Equipment:
    row = await repo.equipment_row(session, equipment_id)
    if row is None:
        raise NotFound("Equipment")
    return row


async def update_equipment(
    session: AsyncSession,
    admin: AuthContext,
    equipment_id: uuid.UUID,
    body: EquipmentAdminUpdate,
    chain: list[str],
) -> EquipmentOut:
    row = await _equipment(session, equipment_id)
    before = _equipment_snapshot(row)
    changes = body.model_dump(exclude_unset=True, exclude={"names", "profile", "bar_type"})
    if any(value is None for value in changes.values()):
        raise InvalidInput("body", "name, category and load_type cannot be null.")
    if "bar_type" in body.model_fields_set:
        changes["bar_type_id"] = await _equipment_refs(session, None, body.bar_type)
    await _equipment_refs(session, changes.get("load_type"), None)
    await repo.update_equipment(session, equipment_id, changes)
    if body.names is not None:
        await repo.set_equipment_names(
            session, equipment_id, {"en": changes.get("name", row.name), **body.names}
        )
    if body.profile is not None:
        await repo.set_equipment_profile(session, equipment_id, body.profile.model_dump())
    await session.refresh(row)
    await audit.record(
        session,
        admin,
        action="catalog.equipment_update",
        target_table="equipment",
        target_id=str(equipment_id),
        before=before,
        after=_equipment_snapshot(row),
    )
    return await service.get_equipment(session, str(equipment_id), chain)


async def set_equipment_retired(
    session: AsyncSession,
    admin: AuthContext,
    equipment_id: uuid.UUID,
    retired: bool,
    chain: list[str],
) -> EquipmentOut:
    row = await _equipment(session, equipment_id)
    await _toggle_retired(
        session, admin, row, retired, "equipment", repo.update_equipment, _equipment_snapshot
    )
    return await service.get_equipment(session, str(equipment_id), chain)

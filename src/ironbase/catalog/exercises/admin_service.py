"""Administrators curate the catalog's exercises; every change is written to the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from ironbase.catalog import admin_service as curation
from ironbase.catalog.equipment import service as equipment
from ironbase.catalog.exercises import repository as repo
from ironbase.catalog.exercises import service
from ironbase.catalog.exercises.schemas import ExerciseAdminCreate, ExerciseAdminUpdate, slugify
from ironbase.catalog.search.engine import joined
from ironbase.db.pg import Tx
from ironbase.kit.caller import AuthContext
from ironbase.kit.errors import Conflict, InvalidInput, NotFound

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


async def _catalog_row(tx: Tx, exercise_id: uuid.UUID) -> asyncpg.Record:
    row = await repo.exercise_row(tx, exercise_id)
    if row is None or row["user_id"] is not None:
        raise NotFound("Catalog exercise")
    return row


EXERCISES = curation.Curated(
    kind="exercise",
    table="exercises",
    row=_catalog_row,
    update=repo.update_exercise,
    set_names=repo.set_names,
    snapshot=_snapshot,
)


async def create_exercise(
    tx: Tx, admin: AuthContext, body: ExerciseAdminCreate, chain: list[str]
) -> dict[str, Any]:
    await service.validate_exercise_vocabulary(
        tx, body.movement_pattern, body.load_type, body.primary_muscle, body.secondary_muscles
    )
    equipment_ids = await equipment.ids_for(tx, body.equipment)
    values = body.model_dump(exclude={"equipment", "names", "aliases"}, exclude_none=True)
    values["slug"] = body.slug or slugify(body.name)
    values.setdefault("id", uuid.uuid4())
    new_id = await repo.insert_exercise(tx, values)
    if new_id is None:
        raise Conflict("A catalog exercise with this id or slug exists.", kind="exercise-exists")
    await repo.set_equipment(tx, new_id, equipment_ids, None)
    await repo.set_names(tx, new_id, {"en": body.name, **body.names})
    await repo.set_aliases(tx, new_id, await _aliases(tx, body.aliases, new_id))
    await curation.record_created(tx, admin, EXERCISES, new_id)
    return await service.get_exercise(tx, admin, str(new_id), chain)


async def update_exercise(
    tx: Tx,
    admin: AuthContext,
    exercise_id: uuid.UUID,
    body: ExerciseAdminUpdate,
    chain: list[str],
) -> dict[str, Any]:
    row = await _catalog_row(tx, exercise_id)
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

    async def relations() -> None:
        if body.equipment is not None:
            equipment_ids = await equipment.ids_for(tx, body.equipment)
            await repo.set_equipment(tx, exercise_id, equipment_ids, None)
        if body.aliases is not None:
            await repo.set_aliases(tx, exercise_id, await _aliases(tx, body.aliases, exercise_id))

    await curation.update(tx, admin, EXERCISES, row, changes, body.names, relations)
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
    await curation.set_retired(tx, admin, EXERCISES, row, retired)
    return await service.get_exercise(tx, admin, str(exercise_id), chain)

"""Browsing equipment, and resolving the slugs other catalog writes refer to."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ironbase.catalog.equipment import repository as repo
from ironbase.catalog.service import slug_cursor, slug_key
from ironbase.db.pg import Tx
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Text, Uuid

EQUIPMENT_BY_SLUG = CursorKind("equipment.slug", (Text(), Uuid()))


def equipment_out(row: Mapping[str, Any]) -> dict[str, Any]:
    """An equipment row shaped as ``EquipmentOut`` (the flat profile columns nested)."""
    profile = (
        {
            "adjustable": row["adjustable"],
            "increment_g": row["increment_g"],
            "fixed_weights_g": row["fixed_weights_g"],
            "base_weight_g": row["base_weight_g"],
            "stack_max_g": row["stack_max_g"],
        }
        if row["profile_id"] is not None
        else None
    )
    return {
        "id": row["id"],
        "slug": row["slug"],
        "name": row["name"],
        "category": row["category"],
        "load_type": row["load_type"],
        "bar_type": row["bar_type"],
        "profile": profile,
        "grip_defaults": row["grip_defaults"],
        "handle_orientations": row["handle_orientations"],
        "retired": row["retired"],
    }


async def list_equipment(
    tx: Tx,
    chain: list[str],
    category: str | None,
    load_type: str | None,
    limit: int,
    cursor: PageCursor,
) -> tuple[list[dict[str, Any]], str | None]:
    rows = await repo.list_equipment(
        tx,
        chain=chain,
        category=category,
        load_type=load_type,
        after=slug_cursor(cursor, EQUIPMENT_BY_SLUG),
        limit=limit,
    )
    items, next_cursor = cursor.page(rows, limit, EQUIPMENT_BY_SLUG, slug_key)
    return [equipment_out(r) for r in items], next_cursor


async def get_equipment(tx: Tx, key: str, chain: list[str]) -> dict[str, Any]:
    row = await repo.find_equipment(tx, key, chain)
    if row is None:
        raise NotFound("Equipment")
    return equipment_out(row)


async def exists(tx: Tx, slug: str) -> bool:
    return bool(await repo.equipment_ids(tx, [slug]))


async def ids_for(tx: Tx, slugs: list[str]) -> list[uuid.UUID]:
    """The ids of these slugs, in their order without repeats; unknown slugs are refused."""
    unique = list(dict.fromkeys(slugs))
    found = await repo.equipment_ids(tx, unique)
    missing = [s for s in unique if s not in found]
    if missing:
        raise InvalidInput("equipment", f"Unknown equipment: {', '.join(missing)}.")
    return [found[s] for s in unique]

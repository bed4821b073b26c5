"""The catalog's small vocabularies (bar types, muscle groups, grips, movement patterns,
load types, life categories), and what every catalog list shares: keyset cursors on (slug, id).

Results are rows and plain dicts shaped exactly as the documented schemas: endpoints send
them as JSON without validating them again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from ironbase.catalog import repository as repo
from ironbase.db.pg import Tx
from ironbase.kit.errors import InvalidInput
from ironbase.kit.pagination import CursorKind, PageCursor
from ironbase.models import catalog as m


def slug_cursor(cursor: PageCursor, kind: CursorKind) -> tuple[str, str] | None:
    """The (slug, id) key of a catalog list cursor."""
    key = cursor.after(kind)
    return None if key is None else (key[0], str(key[1]))


def slug_key(row: Mapping[str, Any]) -> tuple[str, uuid.UUID]:
    """What a catalog list's next cursor holds."""
    return row["slug"], row["id"]


async def require_movement_pattern(tx: Tx, slug: str, field: str) -> None:
    """Unknown values are the client's mistake: say so instead of answering nothing."""
    if not await repo.vocabulary_exists(tx, m.MovementPattern, slug):
        raise InvalidInput(field, f"Unknown movement pattern {slug!r}.")


async def require_load_type(tx: Tx, slug: str) -> None:
    if not await repo.vocabulary_exists(tx, m.LoadType, slug):
        raise InvalidInput("load_type", f"Unknown load type {slug!r}.")


async def bar_type_id(tx: Tx, slug: str) -> uuid.UUID:
    found = await repo.bar_type_id(tx, slug)
    if found is None:
        raise InvalidInput("bar_type", f"Unknown bar type {slug!r}.")
    return found


async def list_bar_types(tx: Tx, chain: list[str]) -> list[asyncpg.Record]:
    """Shaped as ``BarTypeOut``."""
    return await repo.list_bar_types(tx, chain)


async def list_muscle_groups(tx: Tx, chain: list[str]) -> list[dict[str, Any]]:
    """Shaped as ``MuscleGroupOut``."""
    return [
        {
            "slug": r["slug"],
            "name": r["name"],
            "body_part": {"slug": r["body_part_slug"], "name": r["body_part_name"]},
        }
        for r in await repo.list_muscle_groups(tx, chain)
    ]


async def list_grips(tx: Tx, chain: list[str]) -> list[asyncpg.Record]:
    """Shaped as ``GripOut``."""
    return await repo.list_grips(tx, chain)


async def list_life_categories(tx: Tx, chain: list[str]) -> list[asyncpg.Record]:
    """Shaped as ``LifeCategoryOut``, in check-in order."""
    return await repo.list_life_categories(tx, chain)

"""Catalog use cases: browse, search, resolve, private exercises.

Results are rows and plain dicts shaped exactly as the documented schemas
(``ExerciseSummary``, ``ExerciseDetail``, ``EquipmentOut``, ...): endpoints send them as
JSON without validating them again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from ironbase.catalog import repository as repo
from ironbase.catalog.schemas import ExerciseCreate, slugify
from ironbase.catalog.search import locale_chain
from ironbase.catalog.search_cache import CatalogSearchCache, corpus_from_rows
from ironbase.db.pg import Tx
from ironbase.kit.caller import AuthContext, SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, Int, PageCursor, Text, Uuid
from ironbase.models import catalog as m

SUPPORTED_LOCALES = ("en", "es", "de", "fr", "pt", "it")

EXERCISES_BY_SLUG = CursorKind("exercises.slug", (Text(), Uuid()))
# Search pages by position in the ranking, which the whole catalog bounds.
EXERCISES_BY_RANK = CursorKind("exercises.rank", (Int(0, 1_000_000),))
EQUIPMENT_BY_SLUG = CursorKind("equipment.slug", (Text(), Uuid()))


def chain_for(lang: str | None, accept_language: str | None) -> list[str]:
    """``lang`` wins over ``Accept-Language``; both fall back through ``pt-BR -> pt -> en``."""
    requested = lang
    if requested is None and accept_language:
        requested = accept_language.split(",")[0].split(";")[0].strip() or None
    return locale_chain(requested, SUPPORTED_LOCALES)


@dataclass(frozen=True, slots=True)
class ExercisePage:
    items: Sequence[Mapping[str, Any]]  # shaped as ExerciseSummary
    next_cursor: str | None


async def _check_vocabulary(tx: Tx, filters: repo.ExerciseFilters) -> None:
    """Unknown filter values are the client's mistake: say so instead of answering nothing."""
    if filters.pattern is not None and not await repo.vocabulary_exists(
        tx, m.MovementPattern, filters.pattern
    ):
        raise InvalidInput("pattern", f"Unknown movement pattern {filters.pattern!r}.")
    if filters.equipment is not None and not await repo.equipment_ids(tx, [filters.equipment]):
        raise InvalidInput("equipment", f"Unknown equipment {filters.equipment!r}.")


async def list_exercises(
    tx: Tx,
    caller: AuthContext,
    filters: repo.ExerciseFilters,
    chain: list[str],
    limit: int,
    cursor: PageCursor,
) -> ExercisePage:
    await _check_vocabulary(tx, filters)
    rows = await repo.list_exercises(
        tx,
        user_id=caller.user_id,
        filters=filters,
        chain=chain,
        after=slug_cursor(cursor, EXERCISES_BY_SLUG),
        limit=limit,
    )
    page, next_cursor = cursor.page(rows, limit, EXERCISES_BY_SLUG, _slug_key)
    return ExercisePage(page, next_cursor)


def slug_cursor(cursor: PageCursor, kind: CursorKind) -> tuple[str, str] | None:
    """The (slug, id) key of a catalog list cursor."""
    key = cursor.after(kind)
    return None if key is None else (key[0], str(key[1]))


def _slug_key(row: Mapping[str, Any]) -> tuple[str, uuid.UUID]:
    return row["slug"], row["id"]


def _passes(facet: Mapping[str, Any], filters: repo.ExerciseFilters) -> bool:
    return (
        (filters.muscle is None or facet["primary_muscle"] == filters.muscle)
        and (filters.pattern is None or facet["movement_pattern"] == filters.pattern)
        and (filters.difficulty is None or facet["difficulty"] == filters.difficulty)
        and (filters.compound is None or facet["is_compound"] == filters.compound)
        and (filters.equipment is None or filters.equipment in facet["equipment"])
        and (filters.include_retired or not facet["retired"])
    )


async def search_exercises(
    tx: Tx,
    caller: AuthContext,
    cache: CatalogSearchCache,
    query: str,
    filters: repo.ExerciseFilters,
    chain: list[str],
    limit: int,
    cursor: PageCursor,
) -> ExercisePage:
    """Ranked search; the cursor is the position in the ranking."""
    await _check_vocabulary(tx, filters)
    key = cursor.after(EXERCISES_BY_RANK)
    offset: int = key[0] if key else 0
    catalog = await cache.corpus(tx)
    hits = catalog.index.search(query, locale=chain[0])
    facets = dict(catalog.facets)
    if caller.user_id is not None:
        rows, _, _ = await repo.search_corpus(tx, owner=caller.user_id)
        if rows:
            own = corpus_from_rows(rows, [], [])
            facets.update(own.facets)
            hits = sorted(hits + own.index.search(query, locale=chain[0]), key=lambda h: -h.score)
    matching = [h.exercise_id for h in hits if _passes(facets[h.exercise_id], filters)]
    window = matching[offset : offset + limit]
    rows_by_id = await repo.exercises_by_ids(
        tx, [uuid.UUID(i) for i in window], caller.user_id, chain
    )
    items = [rows_by_id[i] for i in window if i in rows_by_id]
    more = len(matching) > offset + limit
    return ExercisePage(
        items, cursor.next_cursor(EXERCISES_BY_RANK, [offset + limit]) if more else None
    )


def _ai_profile(ai: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if ai is None:
        return None
    return {
        "skill_level": ai["skill_level"],
        "contraindications": list(ai["contraindications"]),
        "rep_range": [ai["rep_min"], ai["rep_max"]],
        "plate_loaded": ai["plate_loaded"],
    }


async def get_exercise(tx: Tx, caller: AuthContext, key: str, chain: list[str]) -> dict[str, Any]:
    """One exercise shaped as ``ExerciseDetail``."""
    row = await repo.find_exercise(tx, key, caller.user_id, chain)
    if row is None:
        raise NotFound("Exercise")
    extras = await repo.exercise_extras(tx, row["id"])
    return {
        **row,
        "names": extras["names"],
        "aliases": extras["aliases"],
        "default_grips": extras["default_grips"],
        "ai": _ai_profile(extras["ai"]),
    }


async def equipment_for(tx: Tx, slugs: list[str]) -> list[uuid.UUID]:
    unique = list(dict.fromkeys(slugs))
    found = await repo.equipment_ids(tx, unique)
    missing = [s for s in unique if s not in found]
    if missing:
        raise InvalidInput("equipment", f"Unknown equipment: {', '.join(missing)}.")
    return [found[s] for s in unique]


async def validate_exercise_vocabulary(
    tx: Tx,
    pattern: str,
    load_type: str,
    primary: str,
    secondary: Sequence[str],
) -> None:
    if not await repo.vocabulary_exists(tx, m.MovementPattern, pattern):
        raise InvalidInput("movement_pattern", f"Unknown movement pattern {pattern!r}.")
    if not await repo.vocabulary_exists(tx, m.LoadType, load_type):
        raise InvalidInput("load_type", f"Unknown load type {load_type!r}.")
    if primary in secondary:
        raise InvalidInput("secondary_muscles", "The primary muscle cannot also be secondary.")


async def create_custom_exercise(
    tx: Tx,
    caller: SignedIn,
    body: ExerciseCreate,
    chain: list[str],
    *,
    quota: int,
) -> dict[str, Any]:
    # Counted under a per-person lock held to commit: parallel creations cannot overshoot.
    if await repo.count_private_exercises(tx, caller.user_id) >= quota:
        raise Conflict(
            f"You already have {quota} exercises of your own, the most one person may keep.",
            kind="quota-exceeded",
        )
    await validate_exercise_vocabulary(
        tx, body.movement_pattern, body.load_type, body.primary_muscle, body.secondary_muscles
    )
    equipment = await equipment_for(tx, body.equipment)
    values = body.model_dump(exclude={"equipment"}, exclude_none=True)
    values.update(user_id=caller.user_id, slug=body.slug or slugify(body.name))
    values.setdefault("id", uuid.uuid4())
    new_id = await repo.insert_exercise(tx, values)
    if new_id is None:
        raise await _creation_conflict(tx, caller.user_id, values["id"], values["slug"])
    await repo.set_equipment(tx, new_id, equipment, caller.user_id)
    return await get_exercise(tx, caller, str(new_id), chain)


async def _creation_conflict(
    tx: Tx, user_id: uuid.UUID, exercise_id: uuid.UUID, slug: str
) -> Conflict:
    """Which key was taken. Ids are global, so an id conflict says nothing about whose row
    holds it (the caller's, another person's or the catalog's): one message for all three."""
    holder = await repo.own_exercise_with_slug(tx, user_id, slug)
    if holder is not None and holder != exercise_id:
        return Conflict("You already have an exercise with this slug.", kind="exercise-exists")
    return Conflict("This exercise id is already taken.", kind="exercise-exists")


async def delete_custom_exercise(tx: Tx, caller: SignedIn, exercise_id: uuid.UUID) -> None:
    if not await repo.delete_own_exercise(tx, exercise_id, caller.user_id):
        raise NotFound("Exercise")


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
    items, next_cursor = cursor.page(rows, limit, EQUIPMENT_BY_SLUG, _slug_key)
    return [equipment_out(r) for r in items], next_cursor


async def get_equipment(tx: Tx, key: str, chain: list[str]) -> dict[str, Any]:
    row = await repo.find_equipment(tx, key, chain)
    if row is None:
        raise NotFound("Equipment")
    return equipment_out(row)

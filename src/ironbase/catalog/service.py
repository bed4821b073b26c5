"""Catalog use cases: browse, search, resolve, private exercises."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.auth.context import AuthContext
from ironbase.catalog import repository as repo
from ironbase.catalog.schemas import (
    AIProfile,
    BarTypeOut,
    BodyPartOut,
    EquipmentOut,
    EquipmentProfileOut,
    ExerciseCreate,
    ExerciseDetail,
    ExerciseSummary,
    GripOut,
    MuscleGroupOut,
    slugify,
)
from ironbase.catalog.search import locale_chain
from ironbase.catalog.search_cache import CatalogSearchCache, corpus_from_rows
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
    items: list[ExerciseSummary]
    next_cursor: str | None


def _summary(row: dict[str, Any]) -> ExerciseSummary:
    return ExerciseSummary.model_validate(row)


async def _check_vocabulary(session: AsyncSession, filters: repo.ExerciseFilters) -> None:
    """Unknown filter values are the client's mistake: say so instead of answering nothing."""
    if filters.pattern is not None and not await repo.vocabulary_exists(
        session, m.MovementPattern, filters.pattern
    ):
        raise InvalidInput("pattern", f"Unknown movement pattern {filters.pattern!r}.")
    if filters.equipment is not None and not await repo.equipment_ids(session, [filters.equipment]):
        raise InvalidInput("equipment", f"Unknown equipment {filters.equipment!r}.")


async def list_exercises(
    session: AsyncSession,
    caller: AuthContext,
    filters: repo.ExerciseFilters,
    chain: list[str],
    limit: int,
    cursor: PageCursor,
) -> ExercisePage:
    await _check_vocabulary(session, filters)
    rows = await repo.list_exercises(
        session,
        user_id=caller.user_id,
        filters=filters,
        chain=chain,
        after=slug_cursor(cursor, EXERCISES_BY_SLUG),
        limit=limit,
    )
    page, next_cursor = cursor.page(rows, limit, EXERCISES_BY_SLUG, _slug_key)
    return ExercisePage([_summary(r) for r in page], next_cursor)


def slug_cursor(cursor: PageCursor, kind: CursorKind) -> tuple[str, str] | None:
    """The (slug, id) key of a catalog list cursor."""
    key = cursor.after(kind)
    return None if key is None else (key[0], str(key[1]))


def _slug_key(row: dict[str, Any]) -> tuple[str, uuid.UUID]:
    return row["slug"], row["id"]


def _passes(facet: dict[str, Any], filters: repo.ExerciseFilters) -> bool:
    return (
        (filters.muscle is None or facet["primary_muscle"] == filters.muscle)
        and (filters.pattern is None or facet["movement_pattern"] == filters.pattern)
        and (filters.difficulty is None or facet["difficulty"] == filters.difficulty)
        and (filters.compound is None or facet["is_compound"] == filters.compound)
        and (filters.equipment is None or filters.equipment in facet["equipment"])
        and (filters.include_retired or not facet["retired"])
    )


async def search_exercises(
    session: AsyncSession,
    caller: AuthContext,
    cache: CatalogSearchCache,
    query: str,
    filters: repo.ExerciseFilters,
    chain: list[str],
    limit: int,
    cursor: PageCursor,
) -> ExercisePage:
    """Ranked search; the cursor is the position in the ranking."""
    await _check_vocabulary(session, filters)
    key = cursor.after(EXERCISES_BY_RANK)
    offset: int = key[0] if key else 0
    catalog = await cache.corpus(session)
    hits = catalog.index.search(query, locale=chain[0])
    facets = dict(catalog.facets)
    if caller.user_id is not None:
        rows, _, _ = await repo.search_corpus(session, owner=caller.user_id)
        if rows:
            own = corpus_from_rows(rows, [], [])
            facets.update(own.facets)
            hits = sorted(hits + own.index.search(query, locale=chain[0]), key=lambda h: -h.score)
    matching = [h.exercise_id for h in hits if _passes(facets[h.exercise_id], filters)]
    window = [uuid.UUID(i) for i in matching[offset : offset + limit]]
    rows_by_id = await repo.exercises_by_ids(session, window, caller.user_id, chain)
    items = [_summary(rows_by_id[i]) for i in window if i in rows_by_id]
    more = len(matching) > offset + limit
    return ExercisePage(
        items, cursor.next_cursor(EXERCISES_BY_RANK, [offset + limit]) if more else None
    )


async def get_exercise(
    session: AsyncSession, caller: AuthContext, key: str, chain: list[str]
) -> ExerciseDetail:
    row = await repo.find_exercise(session, key, caller.user_id, chain)
    if row is None:
        raise NotFound("Exercise")
    extras = await repo.exercise_extras(session, row["id"])
    ai = extras.pop("ai")
    profile = (
        AIProfile(
            skill_level=ai.skill_level,
            contraindications=list(ai.contraindications),
            rep_range=(ai.rep_min, ai.rep_max),
            plate_loaded=ai.plate_loaded,
        )
        if ai is not None
        else None
    )
    return ExerciseDetail.model_validate({**row, **extras, "ai": profile})


async def equipment_for(session: AsyncSession, slugs: list[str]) -> list[uuid.UUID]:
    unique = list(dict.fromkeys(slugs))
    found = await repo.equipment_ids(session, unique)
    missing = [s for s in unique if s not in found]
    if missing:
        raise InvalidInput("equipment", f"Unknown equipment: {', '.join(missing)}.")
    return [found[s] for s in unique]


async def validate_exercise_vocabulary(
    session: AsyncSession,
    pattern: str,
    load_type: str,
    primary: m.MuscleGroup,
    secondary: list[m.MuscleGroup],
) -> None:
    if not await repo.vocabulary_exists(session, m.MovementPattern, pattern):
        raise InvalidInput("movement_pattern", f"Unknown movement pattern {pattern!r}.")
    if not await repo.vocabulary_exists(session, m.LoadType, load_type):
        raise InvalidInput("load_type", f"Unknown load type {load_type!r}.")
    if primary in secondary:
        raise InvalidInput("secondary_muscles", "The primary muscle cannot also be secondary.")


async def create_custom_exercise(
    session: AsyncSession,
    caller: AuthContext,
    body: ExerciseCreate,
    chain: list[str],
    *,
    quota: int,
) -> ExerciseDetail:
    assert caller.user_id is not None
    # Counted under a per-person lock held to commit: parallel creations cannot overshoot.
    if await repo.count_private_exercises(session, caller.user_id) >= quota:
        raise Conflict(
            f"You already have {quota} exercises of your own, the most one person may keep.",
            kind="quota-exceeded",
        )
    await validate_exercise_vocabulary(
        session, body.movement_pattern, body.load_type, body.primary_muscle, body.secondary_muscles
    )
    equipment = await equipment_for(session, body.equipment)
    values = body.model_dump(exclude={"equipment"}, exclude_none=True)
    values.update(user_id=caller.user_id, slug=body.slug or slugify(body.name))
    values.setdefault("id", uuid.uuid4())
    new_id = await repo.insert_exercise(session, values)
    if new_id is None:
        raise await _creation_conflict(session, caller.user_id, values["id"], values["slug"])
    await repo.set_equipment(session, new_id, equipment, caller.user_id)
    return await get_exercise(session, caller, str(new_id), chain)


async def _creation_conflict(
    session: AsyncSession, user_id: uuid.UUID, exercise_id: uuid.UUID, slug: str
) -> Conflict:
    """Which key was taken. Ids are global, so an id conflict says nothing about whose row
    holds it (the caller's, another person's or the catalog's): one message for all three."""
    holder = await repo.own_exercise_with_slug(session, user_id, slug)
    if holder is not None and holder != exercise_id:
        return Conflict("You already have an exercise with this slug.", kind="exercise-exists")
    return Conflict("This exercise id is already taken.", kind="exercise-exists")


async def delete_custom_exercise(
    session: AsyncSession, caller: AuthContext, exercise_id: uuid.UUID
) -> None:
    assert caller.user_id is not None
    if not await repo.delete_own_exercise(session, exercise_id, caller.user_id):
        raise NotFound("Exercise")


def equipment_out(row: dict[str, Any]) -> EquipmentOut:
    profile = EquipmentProfileOut.model_validate(row) if row.get("profile_id") is not None else None
    return EquipmentOut.model_validate({**row, "profile": profile})


async def list_bar_types(session: AsyncSession, chain: list[str]) -> list[BarTypeOut]:
    return [BarTypeOut.model_validate(r) for r in await repo.list_bar_types(session, chain)]


async def list_muscle_groups(session: AsyncSession, chain: list[str]) -> list[MuscleGroupOut]:
    return [
        MuscleGroupOut(
            slug=r["slug"],
            name=r["name"],
            body_part=BodyPartOut(slug=r["body_part_slug"], name=r["body_part_name"]),
        )
        for r in await repo.list_muscle_groups(session, chain)
    ]


async def list_grips(session: AsyncSession, chain: list[str]) -> list[GripOut]:
    return [GripOut.model_validate(r) for r in await repo.list_grips(session, chain)]


async def list_equipment(
    session: AsyncSession,
    chain: list[str],
    category: str | None,
    load_type: str | None,
    limit: int,
    cursor: PageCursor,
) -> tuple[list[EquipmentOut], str | None]:
    rows = await repo.list_equipment(
        session,
        chain=chain,
        category=category,
        load_type=load_type,
        after=slug_cursor(cursor, EQUIPMENT_BY_SLUG),
        limit=limit,
    )
    items, next_cursor = cursor.page(rows, limit, EQUIPMENT_BY_SLUG, _slug_key)
    return [equipment_out(r) for r in items], next_cursor


async def get_equipment(session: AsyncSession, key: str, chain: list[str]) -> EquipmentOut:
    row = await repo.find_equipment(session, key, chain)
    if row is None:
        raise NotFound("Equipment")
    return equipment_out(row)

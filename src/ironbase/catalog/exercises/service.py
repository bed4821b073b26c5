"""Exercise use cases: browse, resolve, and each person's private exercises.

Results are rows and plain dicts shaped exactly as the documented schemas
(``ExerciseSummary``, ``ExerciseDetail``): endpoints send them as JSON without validating
them again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from ironbase.catalog import service as catalog
from ironbase.catalog.equipment import service as equipment
from ironbase.catalog.exercises import repository as repo
from ironbase.catalog.exercises.schemas import ExerciseCreate, ExerciseFilters, slugify
from ironbase.catalog.service import slug_cursor, slug_key
from ironbase.db.pg import Tx
from ironbase.kit.caller import AuthContext, SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Text, Uuid

EXERCISES_BY_SLUG = CursorKind("exercises.slug", (Text(), Uuid()))


@dataclass(frozen=True, slots=True)
class ExercisePage:
    items: Sequence[Mapping[str, Any]]  # shaped as ExerciseSummary
    next_cursor: str | None


async def check_filters(tx: Tx, filters: ExerciseFilters) -> None:
    """Unknown filter values are the client's mistake: say so instead of answering nothing."""
    if filters.pattern is not None:
        await catalog.require_movement_pattern(tx, filters.pattern, "pattern")
    if filters.equipment is not None and not await equipment.exists(tx, filters.equipment):
        raise InvalidInput("equipment", f"Unknown equipment {filters.equipment!r}.")


async def list_exercises(
    tx: Tx,
    caller: AuthContext,
    filters: ExerciseFilters,
    chain: list[str],
    limit: int,
    cursor: PageCursor,
) -> ExercisePage:
    await check_filters(tx, filters)
    rows = await repo.list_exercises(
        tx,
        user_id=caller.user_id,
        filters=filters,
        chain=chain,
        after=slug_cursor(cursor, EXERCISES_BY_SLUG),
        limit=limit,
    )
    page, next_cursor = cursor.page(rows, limit, EXERCISES_BY_SLUG, slug_key)
    return ExercisePage(page, next_cursor)


async def summaries(
    tx: Tx, caller: AuthContext, ids: Sequence[str], chain: list[str]
) -> list[asyncpg.Record]:
    """The exercises with these ids (text) the caller may see, in the order given."""
    rows = await repo.exercises_by_ids(tx, [uuid.UUID(i) for i in ids], caller.user_id, chain)
    return [rows[i] for i in ids if i in rows]


# Loaded with plates on both ends of a bar, so a total is bar + 2 x plates. A landmine's
# bar rests on the floor at one end: its plates are not a total, and it is left out.
PLATES_ON_A_BAR = frozenset({"barbell", "trap_bar", "ez_bar", "smith_machine"})
# Any long plate-loading bar can stand in when the gym lacks the named one (a trap bar
# deadlift falls back to the Olympic bar); an EZ curl or a Smith machine set cannot.
ANY_BAR_WILL_DO = frozenset({"barbell", "trap_bar"})


@dataclass(frozen=True, slots=True)
class PlateBars:
    """The bar types an exercise's equipment names, in its order; whether another bar may
    stand in when the gym has none of them."""

    bar_type_ids: list[uuid.UUID]
    any_bar: bool


async def plate_bars(
    tx: Tx, caller: SignedIn, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, PlateBars]:
    """The exercises among these that are loaded with plates on a bar (by load type: a trap
    bar deadlift is plate-loaded too), each with the bars its equipment names."""
    rows = await repo.loading_of(tx, list(ids), caller.user_id)
    return {
        row["id"]: PlateBars(list(row["bar_type_ids"]), row["load_type"] in ANY_BAR_WILL_DO)
        for row in rows
        if row["load_type"] in PLATES_ON_A_BAR
    }


@dataclass(frozen=True, slots=True)
class PlannableCatalog:
    """The catalog a program is generated from: exercise rows (``repository.plannable``:
    load types, generator profiles, equipment and plate-loading bars) and the id of the
    ``bodyweight`` equipment, which every gym has."""

    exercises: list[asyncpg.Record]
    bodyweight_id: uuid.UUID | None


async def plannable(tx: Tx) -> PlannableCatalog:
    """Two statements whatever the catalog's size."""
    return PlannableCatalog(await repo.plannable(tx), await repo.equipment_id_of(tx, "bodyweight"))


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


async def validate_exercise_vocabulary(
    tx: Tx,
    pattern: str,
    load_type: str,
    primary: str,
    secondary: Sequence[str],
) -> None:
    await catalog.require_movement_pattern(tx, pattern, "movement_pattern")
    await catalog.require_load_type(tx, load_type)
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
    equipment_ids = await equipment.ids_for(tx, body.equipment)
    values = body.model_dump(exclude={"equipment"}, exclude_none=True)
    values.update(user_id=caller.user_id, slug=body.slug or slugify(body.name))
    values.setdefault("id", uuid.uuid4())
    new_id = await repo.insert_exercise(tx, values)
    if new_id is None:
        raise await _creation_conflict(tx, caller.user_id, values["id"], values["slug"])
    await repo.set_equipment(tx, new_id, equipment_ids, caller.user_id)
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
    """Deletes the caller's private exercise, unless their log or templates use it: the
    log keeps what was lifted, so the lifter must remove or re-map those rows first."""
    try:
        deleted = await repo.delete_own_exercise(tx, exercise_id, caller.user_id)
    except asyncpg.ForeignKeyViolationError as exc:
        raise Conflict(
            "Workouts or templates use this exercise; remove or change them first.",
            kind="exercise-in-use",
        ) from exc
    if not deleted:
        raise NotFound("Exercise")

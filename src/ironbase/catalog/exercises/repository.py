"""Exercise queries: the catalog's and each person's own. A caller sees the catalog
(``user_id`` null) and their own exercises; statements say so as well as RLS.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    String,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ironbase.catalog.exercises.schemas import ExerciseFilters
from ironbase.catalog.repository import (
    AnySelect,
    after_params,
    any_text,
    any_uuid,
    as_uuid,
    localized,
    names_setter,
    slug_paged,
)
from ironbase.db.pg import Query, Tx
from ironbase.models import catalog as m

EXERCISE = m.Exercise
TRANSLATION = m.ExerciseTranslation
LINK = m.ExerciseEquipmentProfile
EQUIPMENT = m.Equipment


def equipment_slugs() -> Any:
    """The slugs of an exercise's equipment, in the order it lists them (a column)."""
    return func.array(
        select(EQUIPMENT.slug)
        .join(LINK, LINK.equipment_id == EQUIPMENT.id)
        .where(LINK.exercise_id == EXERCISE.id)
        .order_by(LINK.position, EQUIPMENT.slug)
        .scalar_subquery()
    )


def _visible_to(signed_in: bool) -> ColumnElement[bool]:
    # Defence in depth: RLS already hides other people's exercises.
    if not signed_in:
        return EXERCISE.user_id.is_(None)
    return or_(EXERCISE.user_id.is_(None), EXERCISE.user_id == bindparam("user_id"))


def summary_select() -> AnySelect:
    """The columns of ``ExerciseSummary``; names in ``locale_chain``."""
    return select(
        EXERCISE.id,
        EXERCISE.slug,
        localized(EXERCISE.name, TRANSLATION, TRANSLATION.exercise_id, EXERCISE.id).label("name"),
        EXERCISE.primary_muscle,
        EXERCISE.secondary_muscles,
        equipment_slugs().label("equipment"),
        EXERCISE.movement_pattern,
        EXERCISE.load_type,
        EXERCISE.difficulty,
        EXERCISE.is_compound,
        EXERCISE.is_unilateral,
        EXERCISE.tracking,
        EXERCISE.user_id.is_not(None).label("is_custom"),
        EXERCISE.retired_at.is_not(None).label("retired"),
    )


def _filtered(statement: AnySelect, shape: tuple[bool, bool, bool, bool, bool, bool]) -> AnySelect:
    muscle, equipment, pattern, difficulty, compound, include_retired = shape
    if muscle:
        statement = statement.where(EXERCISE.primary_muscle == bindparam("muscle"))
    if pattern:
        statement = statement.where(EXERCISE.movement_pattern == bindparam("pattern"))
    if difficulty:
        statement = statement.where(EXERCISE.difficulty == bindparam("difficulty"))
    if compound:
        statement = statement.where(EXERCISE.is_compound == bindparam("compound"))
    if not include_retired:
        statement = statement.where(EXERCISE.retired_at.is_(None))
    if equipment:
        uses = (
            select(LINK.exercise_id)
            .join(EQUIPMENT, EQUIPMENT.id == LINK.equipment_id)
            .where(EQUIPMENT.slug == bindparam("equipment"), LINK.exercise_id == EXERCISE.id)
            .exists()
        )
        statement = statement.where(uses)
    return statement


@functools.cache
def _exercise_page(
    shape: tuple[bool, bool, bool, bool, bool, bool], signed_in: bool, after: bool
) -> Query:
    statement = _filtered(summary_select().where(_visible_to(signed_in)), shape)
    return Query(slug_paged(statement, EXERCISE, after))


async def list_exercises(
    tx: Tx,
    *,
    user_id: uuid.UUID | None,
    filters: ExerciseFilters,
    chain: list[str],
    after: tuple[str, str] | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Keyset page ordered by (slug, id): stable whatever the language. Up to ``limit + 1``."""
    query = _exercise_page(filters.shape(), user_id is not None, after is not None)
    return await tx.fetch(
        query,
        user_id=user_id,
        locale_chain=chain,
        **filters.params(),
        **after_params(after, limit),
    )


@functools.cache
def _exercises_by_ids(signed_in: bool) -> Query:
    return Query(summary_select().where(EXERCISE.id == any_uuid("ids"), _visible_to(signed_in)))


async def exercises_by_ids(
    tx: Tx, ids: list[uuid.UUID], user_id: uuid.UUID | None, chain: list[str]
) -> dict[str, asyncpg.Record]:
    """Rows by id (as text)."""
    if not ids:
        return {}
    rows = await tx.fetch(
        _exercises_by_ids(user_id is not None), ids=ids, user_id=user_id, locale_chain=chain
    )
    return {str(row["id"]): row for row in rows}


@functools.cache
def _find_exercise(by_id: bool, signed_in: bool) -> Query:
    statement = summary_select().add_columns(
        EXERCISE.description, EXERCISE.instructions, EXERCISE.created_at
    )
    condition: ColumnElement[bool] = (
        EXERCISE.id == bindparam("exercise_id", type_=PG_UUID(as_uuid=True))
        if by_id
        else EXERCISE.slug == bindparam("slug")
    )
    return Query(
        statement.where(condition, _visible_to(signed_in))
        .order_by(EXERCISE.user_id.is_not(None))
        .limit(1)
    )


async def find_exercise(
    tx: Tx, key: str, user_id: uuid.UUID | None, chain: list[str]
) -> asyncpg.Record | None:
    """By id, or by slug (the catalog's first, then the caller's own)."""
    exercise_id = as_uuid(key)
    return await tx.row(
        _find_exercise(exercise_id is not None, user_id is not None),
        exercise_id=exercise_id,
        slug=key,
        user_id=user_id,
        locale_chain=chain,
    )


_AI = m.AIExercise
_EXERCISE_ID = bindparam("exercise_id", type_=PG_UUID(as_uuid=True))
# Names in every language, aliases, default grips and the generator profile: one statement.
_EXTRAS = Query(
    select(
        select(
            func.coalesce(
                func.jsonb_object_agg(TRANSLATION.locale, TRANSLATION.name),
                cast(literal_column("'{}'"), JSONB),
            )
        )
        .where(TRANSLATION.exercise_id == EXERCISE.id)
        .scalar_subquery()
        .label("names"),
        func.array(
            select(m.ExerciseAlias.alias)
            .where(m.ExerciseAlias.exercise_id == EXERCISE.id)
            .order_by(m.ExerciseAlias.alias)
            .scalar_subquery()
        ).label("aliases"),
        func.array(
            select(m.Grip.slug)
            .join(m.ExerciseDefaultGrip, m.ExerciseDefaultGrip.grip_id == m.Grip.id)
            .where(m.ExerciseDefaultGrip.exercise_id == EXERCISE.id)
            .order_by(m.Grip.slug)
            .scalar_subquery()
        ).label("default_grips"),
        _AI.exercise_id.label("ai_exercise_id"),
        _AI.skill_level,
        _AI.contraindications,
        _AI.rep_min,
        _AI.rep_max,
        _AI.plate_loaded,
    )
    .select_from(EXERCISE)
    .outerjoin(_AI, _AI.exercise_id == EXERCISE.id)
    .where(EXERCISE.id == _EXERCISE_ID)
)


async def exercise_extras(tx: Tx, exercise_id: uuid.UUID) -> dict[str, Any]:
    """Names in every language, aliases, default grips and the generator profile (``ai``:
    a record with ``skill_level``, ``contraindications``, ``rep_min``, ``rep_max``,
    ``plate_loaded``, or None)."""
    row = await tx.row(_EXTRAS, exercise_id=exercise_id)
    if row is None:
        return {"names": {}, "aliases": [], "default_grips": [], "ai": None}
    return {
        "names": row["names"],
        "aliases": row["aliases"],
        "default_grips": row["default_grips"],
        "ai": row if row["ai_exercise_id"] is not None else None,
    }


_LOCK_PRIVATE_EXERCISES = Query(
    select(
        func.pg_advisory_xact_lock(
            func.hashtextextended(
                func.concat(
                    literal_column("'exercises:'", String),
                    cast(bindparam("user_id", type_=PG_UUID(as_uuid=True)), Text),
                ),
                literal_column("0"),
            )
        )
    )
)
_COUNT_PRIVATE_EXERCISES = Query(
    select(func.count()).select_from(EXERCISE).where(EXERCISE.user_id == bindparam("user_id"))
)


async def count_private_exercises(tx: Tx, user_id: uuid.UUID) -> int:
    """How many exercises this person keeps, counted under a per-person advisory lock
    (held to commit) so that parallel creations cannot pass the quota together."""
    await tx.execute(_LOCK_PRIVATE_EXERCISES, user_id=user_id)
    count: int = await tx.value(_COUNT_PRIVATE_EXERCISES, user_id=user_id)
    return count


_OWN_WITH_SLUG = Query(
    select(EXERCISE.id).where(
        EXERCISE.user_id == bindparam("user_id"), EXERCISE.slug == bindparam("slug")
    )
)


async def own_exercise_with_slug(tx: Tx, user_id: uuid.UUID, slug: str) -> uuid.UUID | None:
    found: uuid.UUID | None = await tx.value(_OWN_WITH_SLUG, user_id=user_id, slug=slug)
    return found


async def insert_exercise(tx: Tx, values: dict[str, Any]) -> uuid.UUID | None:
    """None when the id or the slug is already taken (decided by the unique indexes)."""
    statement = pg_insert(EXERCISE).values(**values).on_conflict_do_nothing().returning(EXERCISE.id)
    new_id: uuid.UUID | None = await tx.value(Query(statement))
    return new_id


_DELETE_LINKS = Query(delete(LINK).where(LINK.exercise_id == _EXERCISE_ID))
_INSERT_LINK = Query(
    insert(LINK).values(
        exercise_id=bindparam("exercise_id"),
        equipment_id=bindparam("equipment_id"),
        user_id=bindparam("user_id"),
        position=bindparam("position"),
    )
)


async def set_equipment(
    tx: Tx, exercise_id: uuid.UUID, equipment: list[uuid.UUID], user_id: uuid.UUID | None
) -> None:
    await tx.execute(_DELETE_LINKS, exercise_id=exercise_id)
    if equipment:
        await tx.execute_many(
            _INSERT_LINK,
            [
                {"exercise_id": exercise_id, "equipment_id": eid, "user_id": user_id, "position": i}
                for i, eid in enumerate(equipment)
            ],
        )


set_names = names_setter(TRANSLATION, "exercise_id")


_ALIAS_OWNERS = Query(
    select(m.ExerciseAlias.normalized, m.ExerciseAlias.exercise_id).where(
        m.ExerciseAlias.normalized == any_text("normalized")
    )
)


async def alias_owner(tx: Tx, normalized: list[str]) -> dict[str, uuid.UUID]:
    if not normalized:
        return {}
    rows = await tx.fetch(_ALIAS_OWNERS, normalized=normalized)
    return {r["normalized"]: r["exercise_id"] for r in rows}


_DELETE_ALIASES = Query(delete(m.ExerciseAlias).where(m.ExerciseAlias.exercise_id == _EXERCISE_ID))
_INSERT_ALIAS = Query(
    insert(m.ExerciseAlias).values(
        exercise_id=bindparam("exercise_id"),
        alias=bindparam("alias"),
        normalized=bindparam("normalized"),
    )
)


async def set_aliases(tx: Tx, exercise_id: uuid.UUID, aliases: dict[str, str]) -> None:
    """``aliases`` maps normalized form -> spelling."""
    await tx.execute(_DELETE_ALIASES, exercise_id=exercise_id)
    if aliases:
        await tx.execute_many(
            _INSERT_ALIAS,
            [{"exercise_id": exercise_id, "alias": a, "normalized": n} for n, a in aliases.items()],
        )


_EXERCISE_ROW = Query(
    select(EXERCISE.__table__).where(EXERCISE.id == _EXERCISE_ID).with_for_update()
)


async def exercise_row(tx: Tx, exercise_id: uuid.UUID) -> asyncpg.Record | None:
    """The whole row, locked for update."""
    return await tx.row(_EXERCISE_ROW, exercise_id=exercise_id)


async def update_exercise(tx: Tx, exercise_id: uuid.UUID, values: dict[str, Any]) -> None:
    statement = (
        update(EXERCISE).where(EXERCISE.id == _EXERCISE_ID).values(**values, updated_at=func.now())
    )
    await tx.execute(Query(statement), exercise_id=exercise_id)


_DELETE_OWN = Query(
    delete(EXERCISE)
    .where(EXERCISE.id == _EXERCISE_ID, EXERCISE.user_id == bindparam("user_id"))
    .returning(EXERCISE.id)
)


async def delete_own_exercise(tx: Tx, exercise_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_OWN, exercise_id=exercise_id, user_id=user_id) is not None


def _plate_bars() -> Any:
    """The plate-loading bar types of an exercise's equipment, in the order it lists them
    (a column; empty when none of its equipment names such a bar)."""
    return func.array(
        select(m.BarType.id)
        .select_from(LINK)
        .join(EQUIPMENT, EQUIPMENT.id == LINK.equipment_id)
        .join(m.BarType, m.BarType.id == EQUIPMENT.bar_type_id)
        .where(LINK.exercise_id == EXERCISE.id, m.BarType.loads_plates)
        .order_by(LINK.position, EQUIPMENT.slug)
        .scalar_subquery()
    )


_LOADING_OF = Query(
    select(EXERCISE.id, EXERCISE.load_type, _plate_bars().label("bar_type_ids")).where(
        EXERCISE.id == any_uuid("ids"), _visible_to(True)
    )
)


async def loading_of(tx: Tx, ids: list[uuid.UUID], user_id: uuid.UUID) -> list[asyncpg.Record]:
    """Each exercise's load type and the bars its equipment takes plates on: one statement
    for any number of exercises."""
    if not ids:
        return []
    return await tx.fetch(_LOADING_OF, ids=ids, user_id=user_id)


# The catalog as the program generator sees it: catalog exercises (no owner) in use,
# tracked in repetitions, with their generator profile, every piece of equipment they
# need and the plate-loading bars that equipment names (as ``loading_of``). One statement.
_PLANNABLE = Query(
    """
    select e.id, e.slug, e.primary_muscle::text as primary_muscle,
           e.secondary_muscles::text[] as secondary_muscles, e.movement_pattern,
           e.load_type, e.is_compound, e.is_unilateral, a.skill_level, a.rep_min, a.rep_max,
           array(select l.equipment_id from public.exercise_equipment_profiles l
                 where l.exercise_id = e.id order by l.equipment_id) as equipment_ids,
           array(select b.id from public.exercise_equipment_profiles l
                 join public.equipment q on q.id = l.equipment_id
                 join public.bar_types b on b.id = q.bar_type_id
                 where l.exercise_id = e.id and b.loads_plates
                 order by l.position, q.slug) as bar_type_ids
    from public.exercises e
    join public.ai_exercises a on a.exercise_id = e.id
    where e.user_id is null and e.retired_at is null and e.tracking = 'reps'
    order by e.id
    """
)
_EQUIPMENT_ID_OF = Query("select id from public.equipment where slug = :slug")


async def plannable(tx: Tx) -> list[asyncpg.Record]:
    return await tx.fetch(_PLANNABLE)


async def equipment_id_of(tx: Tx, slug: str) -> uuid.UUID | None:
    value: uuid.UUID | None = await tx.value(_EQUIPMENT_ID_OF, slug=slug)
    return value

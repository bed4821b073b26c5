"""Every catalog query. Catalog rows have ``user_id`` null; a caller also sees their own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Select,
    String,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.models import catalog as m

AnySelect: TypeAlias = Select[*tuple[Any, ...]]

EXERCISE = m.Exercise
TRANSLATION = m.ExerciseTranslation
LINK = m.ExerciseEquipmentProfile
EQUIPMENT = m.Equipment


@dataclass(frozen=True, slots=True)
class ExerciseFilters:
    muscle: m.MuscleGroup | None = None
    equipment: str | None = None
    pattern: str | None = None
    difficulty: int | None = None
    compound: bool | None = None
    include_retired: bool = False


def _chain_param(chain: list[str]) -> Any:
    return bindparam("locale_chain", chain, type_=ARRAY(Text))


def _localized(
    name: Any, table: Any, fk: Any, parent_id: Any, chain: list[str]
) -> ColumnElement[str]:
    """The name in the first locale of ``chain`` that has one, else the base name."""
    chain_param = _chain_param(chain)
    first = (
        select(table.name)
        .where(fk == parent_id, table.locale == func.any(chain_param))
        .order_by(func.array_position(chain_param, table.locale))
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(first, name)


def _equipment_slugs() -> Any:
    return func.array(
        select(EQUIPMENT.slug)
        .join(LINK, LINK.equipment_id == EQUIPMENT.id)
        .where(LINK.exercise_id == EXERCISE.id)
        .order_by(LINK.position, EQUIPMENT.slug)
        .scalar_subquery()
    )


def _visible_to(user_id: uuid.UUID | None) -> ColumnElement[bool]:
    # Defence in depth: RLS already hides other people's exercises.
    if user_id is None:
        return EXERCISE.user_id.is_(None)
    return or_(EXERCISE.user_id.is_(None), EXERCISE.user_id == user_id)


def summary_select(chain: list[str]) -> AnySelect:
    return select(
        EXERCISE.id,
        EXERCISE.slug,
        _localized(EXERCISE.name, TRANSLATION, TRANSLATION.exercise_id, EXERCISE.id, chain).label(
            "name"
        ),
        EXERCISE.primary_muscle,
        EXERCISE.secondary_muscles,
        _equipment_slugs().label("equipment"),
        EXERCISE.movement_pattern,
        EXERCISE.load_type,
        EXERCISE.difficulty,
        EXERCISE.is_compound,
        EXERCISE.is_unilateral,
        EXERCISE.tracking,
        EXERCISE.user_id.is_not(None).label("is_custom"),
        EXERCISE.retired_at.is_not(None).label("retired"),
    )


def _filtered(statement: AnySelect, filters: ExerciseFilters) -> AnySelect:
    if filters.muscle is not None:
        statement = statement.where(EXERCISE.primary_muscle == filters.muscle)
    if filters.pattern is not None:
        statement = statement.where(EXERCISE.movement_pattern == filters.pattern)
    if filters.difficulty is not None:
        statement = statement.where(EXERCISE.difficulty == filters.difficulty)
    if filters.compound is not None:
        statement = statement.where(EXERCISE.is_compound == filters.compound)
    if not filters.include_retired:
        statement = statement.where(EXERCISE.retired_at.is_(None))
    if filters.equipment is not None:
        uses = (
            select(LINK.exercise_id)
            .join(EQUIPMENT, EQUIPMENT.id == LINK.equipment_id)
            .where(EQUIPMENT.slug == filters.equipment, LINK.exercise_id == EXERCISE.id)
            .exists()
        )
        statement = statement.where(uses)
    return statement


async def list_exercises(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None,
    filters: ExerciseFilters,
    chain: list[str],
    after: tuple[str, str] | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Keyset page ordered by (slug, id): stable whatever the language."""
    statement = _filtered(summary_select(chain).where(_visible_to(user_id)), filters)
    return await _slug_page(session, statement, EXERCISE, after, limit)


async def _slug_page(
    session: AsyncSession,
    statement: AnySelect,
    model: Any,
    after: tuple[str, str] | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Up to ``limit + 1`` rows after the (slug, id) key ``after``, in that order."""
    if after is not None:
        key = tuple_(literal(after[0]), literal(uuid.UUID(after[1])))
        statement = statement.where(tuple_(model.slug, model.id) > key)
    statement = statement.order_by(model.slug, model.id).limit(limit + 1)
    return [row._asdict() for row in await session.execute(statement)]


async def exercises_by_ids(
    session: AsyncSession, ids: list[uuid.UUID], user_id: uuid.UUID | None, chain: list[str]
) -> dict[uuid.UUID, dict[str, Any]]:
    if not ids:
        return {}
    statement = summary_select(chain).where(EXERCISE.id.in_(ids), _visible_to(user_id))
    return {row.id: row._asdict() for row in await session.execute(statement)}


async def find_exercise(
    session: AsyncSession, key: str, user_id: uuid.UUID | None, chain: list[str]
) -> dict[str, Any] | None:
    """By id, or by slug (the catalog's first, then the caller's own)."""
    statement = summary_select(chain).add_columns(
        EXERCISE.description, EXERCISE.instructions, EXERCISE.created_at
    )
    try:
        condition: ColumnElement[bool] = EXERCISE.id == uuid.UUID(key)
    except ValueError:
        condition = EXERCISE.slug == key
    statement = (
        statement.where(condition, _visible_to(user_id))
        .order_by(EXERCISE.user_id.is_not(None))
        .limit(1)
    )
    row = (await session.execute(statement)).first()
    return row._asdict() if row else None


async def exercise_extras(session: AsyncSession, exercise_id: uuid.UUID) -> dict[str, Any]:
    """Names in every language, aliases, default grips and the generator profile."""
    names = await session.execute(
        select(TRANSLATION.locale, TRANSLATION.name).where(TRANSLATION.exercise_id == exercise_id)
    )
    aliases = await session.execute(
        select(m.ExerciseAlias.alias)
        .where(m.ExerciseAlias.exercise_id == exercise_id)
        .order_by(m.ExerciseAlias.alias)
    )
    grips = await session.execute(
        select(m.Grip.slug)
        .join(m.ExerciseDefaultGrip, m.ExerciseDefaultGrip.grip_id == m.Grip.id)
        .where(m.ExerciseDefaultGrip.exercise_id == exercise_id)
        .order_by(m.Grip.slug)
    )
    ai = await session.get(m.AIExercise, exercise_id)
    return {
        "names": dict(names.all()),
        "aliases": list(aliases.scalars()),
        "default_grips": list(grips.scalars()),
        "ai": ai,
    }


async def catalog_version(session: AsyncSession) -> tuple[Any, ...]:
    """Changes whenever a catalog exercise, translation or alias does (cache key)."""
    row = (
        await session.execute(
            select(
                select(func.max(EXERCISE.updated_at))
                .where(EXERCISE.user_id.is_(None))
                .scalar_subquery(),
                select(func.count())
                .select_from(EXERCISE)
                .where(EXERCISE.user_id.is_(None))
                .scalar_subquery(),
                select(func.count()).select_from(TRANSLATION).scalar_subquery(),
                select(func.count()).select_from(m.ExerciseAlias).scalar_subquery(),
            )
        )
    ).one()
    return tuple(row)


async def search_corpus(
    session: AsyncSession, owner: uuid.UUID | None
) -> tuple[list[dict[str, Any]], list[tuple[uuid.UUID, str, str]], list[tuple[uuid.UUID, str]]]:
    """What search needs: facets, names per locale and aliases of the catalog (owner None)
    or of one person's own exercises."""
    mine = EXERCISE.user_id.is_(None) if owner is None else EXERCISE.user_id == owner
    facets = select(
        EXERCISE.id,
        EXERCISE.slug,
        EXERCISE.name,
        EXERCISE.primary_muscle,
        EXERCISE.movement_pattern,
        EXERCISE.difficulty,
        EXERCISE.is_compound,
        EXERCISE.retired_at.is_not(None).label("retired"),
        _equipment_slugs().label("equipment"),
    ).where(mine)
    rows = [r._asdict() for r in await session.execute(facets)]
    if owner is not None:  # private exercises have one name and no aliases
        return rows, [], []
    names = await session.execute(
        select(TRANSLATION.exercise_id, TRANSLATION.locale, TRANSLATION.name)
    )
    aliases = await session.execute(select(m.ExerciseAlias.exercise_id, m.ExerciseAlias.alias))
    return rows, list(names), list(aliases)


async def vocabulary_exists(session: AsyncSession, model: Any, slug: str) -> bool:
    return (await session.execute(select(model.slug).where(model.slug == slug))).first() is not None


async def equipment_ids(session: AsyncSession, slugs: list[str]) -> dict[str, uuid.UUID]:
    if not slugs:
        return {}
    rows = await session.execute(
        select(EQUIPMENT.slug, EQUIPMENT.id).where(EQUIPMENT.slug.in_(slugs))
    )
    return dict(rows.all())


async def count_private_exercises(session: AsyncSession, user_id: uuid.UUID) -> int:
    """How many exercises this person keeps, counted under a per-person advisory lock
    (held to commit) so that parallel creations cannot pass the quota together."""
    key = func.hashtextextended(literal(f"exercises:{user_id}"), 0)
    await session.execute(select(func.pg_advisory_xact_lock(key)))
    statement = select(func.count()).select_from(EXERCISE).where(EXERCISE.user_id == user_id)
    return (await session.execute(statement)).scalar_one()


async def own_exercise_with_slug(
    session: AsyncSession, user_id: uuid.UUID, slug: str
) -> uuid.UUID | None:
    statement = select(EXERCISE.id).where(EXERCISE.user_id == user_id, EXERCISE.slug == slug)
    return (await session.execute(statement)).scalar_one_or_none()


async def insert_exercise(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """None when the id or the slug is already taken (decided by the unique indexes)."""
    statement = pg_insert(EXERCISE).values(**values).on_conflict_do_nothing().returning(EXERCISE.id)
    return (await session.execute(statement)).scalar_one_or_none()


async def set_equipment(
    session: AsyncSession,
    exercise_id: uuid.UUID,
    equipment: list[uuid.UUID],
    user_id: uuid.UUID | None,
) -> None:
    await session.execute(delete(LINK).where(LINK.exercise_id == exercise_id))
    if equipment:
        await session.execute(
            insert(LINK),
            [
                {"exercise_id": exercise_id, "equipment_id": eid, "user_id": user_id, "position": i}
                for i, eid in enumerate(equipment)
            ],
        )


async def set_names(session: AsyncSession, exercise_id: uuid.UUID, names: dict[str, str]) -> None:
    await session.execute(delete(TRANSLATION).where(TRANSLATION.exercise_id == exercise_id))
    if names:
        await session.execute(
            insert(TRANSLATION),
            [
                {"exercise_id": exercise_id, "locale": loc, "name": name}
                for loc, name in names.items()
            ],
        )


async def alias_owner(session: AsyncSession, normalized: list[str]) -> dict[str, uuid.UUID]:
    if not normalized:
        return {}
    rows = await session.execute(
        select(m.ExerciseAlias.normalized, m.ExerciseAlias.exercise_id).where(
            m.ExerciseAlias.normalized.in_(normalized)
        )
    )
    return dict(rows.all())


async def set_aliases(
    session: AsyncSession, exercise_id: uuid.UUID, aliases: dict[str, str]
) -> None:
    """``aliases`` maps normalized form -> spelling."""
    await session.execute(delete(m.ExerciseAlias).where(m.ExerciseAlias.exercise_id == exercise_id))
    if aliases:
        await session.execute(
            insert(m.ExerciseAlias),
            [{"exercise_id": exercise_id, "alias": a, "normalized": n} for n, a in aliases.items()],
        )


async def exercise_row(session: AsyncSession, exercise_id: uuid.UUID) -> m.Exercise | None:
    return await session.get(EXERCISE, exercise_id, with_for_update=True)


async def update_exercise(
    session: AsyncSession, exercise_id: uuid.UUID, values: dict[str, Any]
) -> None:
    await session.execute(
        update(EXERCISE).where(EXERCISE.id == exercise_id).values(**values, updated_at=func.now())
    )


async def delete_own_exercise(
    session: AsyncSession, exercise_id: uuid.UUID, user_id: uuid.UUID
) -> bool:
    result = await session.execute(
        delete(EXERCISE)
        .where(EXERCISE.id == exercise_id, EXERCISE.user_id == user_id)
        .returning(EXERCISE.id)
    )
    return result.first() is not None


# --- equipment and small vocabularies -------------------------------------------------


def _text_name(prefix: str, slug_column: Any, chain: list[str]) -> ColumnElement[str]:
    t = m.TextTranslation
    chain_param = _chain_param(chain)
    key = func.concat(literal(prefix + ".", String), slug_column)
    return (
        select(t.value)
        .where(t.key == key, t.locale == func.any(chain_param))
        .order_by(func.array_position(chain_param, t.locale))
        .limit(1)
        .scalar_subquery()
    )


def equipment_select(chain: list[str]) -> AnySelect:
    profile = m.EquipmentProfile
    grips = func.array(
        select(m.Grip.slug)
        .join(m.EquipmentGripDefault, m.EquipmentGripDefault.grip_id == m.Grip.id)
        .where(m.EquipmentGripDefault.equipment_id == EQUIPMENT.id)
        .order_by(m.Grip.slug)
        .scalar_subquery()
    )
    handles = func.array(
        select(m.EquipmentHandleOrientation.orientation)
        .where(m.EquipmentHandleOrientation.equipment_id == EQUIPMENT.id)
        .order_by(m.EquipmentHandleOrientation.orientation)
        .scalar_subquery()
    )
    et = m.EquipmentTranslation
    statement: AnySelect = (
        select(
            EQUIPMENT.id,
            EQUIPMENT.slug,
            _localized(EQUIPMENT.name, et, et.equipment_id, EQUIPMENT.id, chain).label("name"),
            EQUIPMENT.category,
            EQUIPMENT.load_type,
            m.BarType.slug.label("bar_type"),
            profile.adjustable,
            profile.increment_g,
            profile.fixed_weights_g,
            profile.base_weight_g,
            profile.stack_max_g,
            profile.equipment_id.label("profile_id"),
            grips.label("grip_defaults"),
            handles.label("handle_orientations"),
            EQUIPMENT.retired_at.is_not(None).label("retired"),
        )
        .outerjoin(m.BarType, m.BarType.id == EQUIPMENT.bar_type_id)
        .outerjoin(profile, profile.equipment_id == EQUIPMENT.id)
    )
    return statement


async def list_equipment(
    session: AsyncSession,
    *,
    chain: list[str],
    category: str | None,
    load_type: str | None,
    after: tuple[str, str] | None,
    limit: int,
) -> list[dict[str, Any]]:
    statement = equipment_select(chain).where(EQUIPMENT.retired_at.is_(None))
    if category is not None:
        statement = statement.where(EQUIPMENT.category == category)
    if load_type is not None:
        statement = statement.where(EQUIPMENT.load_type == load_type)
    return await _slug_page(session, statement, EQUIPMENT, after, limit)


async def find_equipment(
    session: AsyncSession, key: str, chain: list[str]
) -> dict[str, Any] | None:
    try:
        condition: ColumnElement[bool] = EQUIPMENT.id == uuid.UUID(key)
    except ValueError:
        condition = EQUIPMENT.slug == key
    row = (await session.execute(equipment_select(chain).where(condition))).first()
    return row._asdict() if row else None


async def list_bar_types(session: AsyncSession, chain: list[str]) -> list[dict[str, Any]]:
    b = m.BarType
    statement = select(
        b.id,
        b.slug,
        func.coalesce(_text_name("bar_type", b.slug, chain), b.name).label("name"),
        b.mass_g,
        b.mass,
        b.unit,
        b.length_mm,
        b.sleeve_diameter_mm,
        b.loads_plates,
    ).order_by(b.mass_g, b.slug)
    return [r._asdict() for r in await session.execute(statement)]


async def list_muscle_groups(session: AsyncSession, chain: list[str]) -> list[dict[str, Any]]:
    g, part, pt = m.MuscleGroupInfo, m.BodyPart, m.BodyPartTranslation
    statement = (
        select(
            g.slug,
            func.coalesce(_text_name("muscle_group", g.slug, chain), cast(g.slug, Text)).label(
                "name"
            ),
            part.slug.label("body_part_slug"),
            func.coalesce(
                _localized(part.slug, pt, pt.body_part_id, part.id, chain), part.slug
            ).label("body_part_name"),
        )
        .join(part, part.id == g.body_part_id)
        .order_by(g.slug)
    )
    return [r._asdict() for r in await session.execute(statement)]


async def list_grips(session: AsyncSession, chain: list[str]) -> list[dict[str, Any]]:
    g = m.Grip
    statement = select(
        g.slug,
        func.coalesce(_text_name("grip", g.slug, chain), g.slug).label("name"),
        g.orientation,
        g.width,
    ).order_by(g.slug)
    return [r._asdict() for r in await session.execute(statement)]


async def bar_type_id(session: AsyncSession, slug: str) -> uuid.UUID | None:
    return (
        await session.execute(select(m.BarType.id).where(m.BarType.slug == slug))
    ).scalar_one_or_none()


async def insert_equipment(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    statement = (
        pg_insert(EQUIPMENT).values(**values).on_conflict_do_nothing().returning(EQUIPMENT.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def equipment_row(session: AsyncSession, equipment_id: uuid.UUID) -> m.Equipment | None:
    return await session.get(EQUIPMENT, equipment_id, with_for_update=True)


async def update_equipment(
    session: AsyncSession, equipment_id: uuid.UUID, values: dict[str, Any]
) -> None:
    if values:
        await session.execute(
            update(EQUIPMENT).where(EQUIPMENT.id == equipment_id).values(**values)
        )


async def set_equipment_names(
    session: AsyncSession, equipment_id: uuid.UUID, names: dict[str, str]
) -> None:
    t = m.EquipmentTranslation
    await session.execute(delete(t).where(t.equipment_id == equipment_id))
    await session.execute(
        insert(t),
        [{"equipment_id": equipment_id, "locale": loc, "name": n} for loc, n in names.items()],
    )


async def set_equipment_profile(
    session: AsyncSession, equipment_id: uuid.UUID, profile: dict[str, Any]
) -> None:
    p = m.EquipmentProfile
    statement = pg_insert(p).values(equipment_id=equipment_id, **profile)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[p.equipment_id], set_=profile)
    )

"""Every catalog query. Catalog rows have ``user_id`` null; a caller also sees their own.

Statements are compiled once (:class:`ironbase.db.pg.Query`): static ones at import, the
lists and lookups whose filters vary by builders cached on the *shape* of the filters.
Values always travel as bound parameters at run time. Writes whose columns vary are built
per call (they are not hot reads).
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from typing import Any, TypeAlias

import asyncpg
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
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
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ironbase.db.pg import Query, Tx
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

    def shape(self) -> tuple[bool, bool, bool, bool, bool, bool]:
        """Which filters are set: what the statement depends on (the values are bound)."""
        return (
            self.muscle is not None,
            self.equipment is not None,
            self.pattern is not None,
            self.difficulty is not None,
            self.compound is not None,
            self.include_retired,
        )

    def params(self) -> dict[str, Any]:
        return {
            "muscle": self.muscle,
            "equipment": self.equipment,
            "pattern": self.pattern,
            "difficulty": self.difficulty,
            "compound": self.compound,
        }


def _chain_param() -> Any:
    return bindparam("locale_chain", type_=ARRAY(Text))


def _uuids(name: str) -> Any:
    return func.any(bindparam(name, type_=ARRAY(PG_UUID(as_uuid=True))))


def _texts(name: str) -> Any:
    return func.any(bindparam(name, type_=ARRAY(Text)))


def _localized(name: Any, table: Any, fk: Any, parent_id: Any) -> ColumnElement[str]:
    """The name in the first locale of ``locale_chain`` that has one, else the base name."""
    chain_param = _chain_param()
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
        _localized(EXERCISE.name, TRANSLATION, TRANSLATION.exercise_id, EXERCISE.id).label("name"),
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


def _slug_paged(statement: AnySelect, model: Any, after: bool) -> AnySelect:
    """Up to ``:limit`` rows after the (slug, id) key ``(:after_slug, :after_id)``."""
    if after:
        key = tuple_(
            bindparam("after_slug", type_=Text), bindparam("after_id", type_=PG_UUID(as_uuid=True))
        )
        statement = statement.where(tuple_(model.slug, model.id) > key)
    return statement.order_by(model.slug, model.id).limit(bindparam("limit", type_=Integer))


def _after_params(after: tuple[str, str] | None, limit: int) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": limit + 1}
    if after is not None:
        params.update(after_slug=after[0], after_id=uuid.UUID(after[1]))
    return params


@functools.cache
def _exercise_page(
    shape: tuple[bool, bool, bool, bool, bool, bool], signed_in: bool, after: bool
) -> Query:
    statement = _filtered(summary_select().where(_visible_to(signed_in)), shape)
    return Query(_slug_paged(statement, EXERCISE, after))


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
        **_after_params(after, limit),
    )


@functools.cache
def _exercises_by_ids(signed_in: bool) -> Query:
    return Query(summary_select().where(EXERCISE.id == _uuids("ids"), _visible_to(signed_in)))


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


def _as_uuid(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


async def find_exercise(
    tx: Tx, key: str, user_id: uuid.UUID | None, chain: list[str]
) -> asyncpg.Record | None:
    """By id, or by slug (the catalog's first, then the caller's own)."""
    exercise_id = _as_uuid(key)
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


_CATALOG_VERSION = Query(
    select(
        select(func.max(EXERCISE.updated_at)).where(EXERCISE.user_id.is_(None)).scalar_subquery(),
        select(func.count())
        .select_from(EXERCISE)
        .where(EXERCISE.user_id.is_(None))
        .scalar_subquery(),
        select(func.count()).select_from(TRANSLATION).scalar_subquery(),
        select(func.count()).select_from(m.ExerciseAlias).scalar_subquery(),
    )
)


async def catalog_version(tx: Tx) -> tuple[Any, ...]:
    """Changes whenever a catalog exercise, translation or alias does (cache key)."""
    row = await tx.row(_CATALOG_VERSION)
    assert row is not None
    return tuple(row)


@functools.cache
def _search_facets(own: bool) -> Query:
    mine = EXERCISE.user_id == bindparam("owner") if own else EXERCISE.user_id.is_(None)
    return Query(
        select(
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
    )


_SEARCH_NAMES = Query(select(TRANSLATION.exercise_id, TRANSLATION.locale, TRANSLATION.name))
_SEARCH_ALIASES = Query(select(m.ExerciseAlias.exercise_id, m.ExerciseAlias.alias))


async def search_corpus(
    tx: Tx, owner: uuid.UUID | None
) -> tuple[list[dict[str, Any]], list[tuple[uuid.UUID, str, str]], list[tuple[uuid.UUID, str]]]:
    """What search needs: facets, names per locale and aliases of the catalog (owner None)
    or of one person's own exercises."""
    facets = await tx.fetch(_search_facets(owner is not None), owner=owner)
    rows = [dict(r) for r in facets]
    if owner is not None:  # private exercises have one name and no aliases
        return rows, [], []
    names = [(r[0], r[1], r[2]) for r in await tx.fetch(_SEARCH_NAMES)]
    aliases = [(r[0], r[1]) for r in await tx.fetch(_SEARCH_ALIASES)]
    return rows, names, aliases


@functools.cache
def _vocabulary(model: Any) -> Query:
    return Query(select(model.slug).where(model.slug == bindparam("slug")))


async def vocabulary_exists(tx: Tx, model: Any, slug: str) -> bool:
    return await tx.row(_vocabulary(model), slug=slug) is not None


_EQUIPMENT_IDS = Query(
    select(EQUIPMENT.slug, EQUIPMENT.id).where(EQUIPMENT.slug == _texts("slugs"))
)


async def equipment_ids(tx: Tx, slugs: list[str]) -> dict[str, uuid.UUID]:
    if not slugs:
        return {}
    return {r["slug"]: r["id"] for r in await tx.fetch(_EQUIPMENT_IDS, slugs=slugs)}


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


_DELETE_NAMES = Query(delete(TRANSLATION).where(TRANSLATION.exercise_id == _EXERCISE_ID))
_INSERT_NAME = Query(
    insert(TRANSLATION).values(
        exercise_id=bindparam("exercise_id"), locale=bindparam("locale"), name=bindparam("name")
    )
)


async def set_names(tx: Tx, exercise_id: uuid.UUID, names: dict[str, str]) -> None:
    await tx.execute(_DELETE_NAMES, exercise_id=exercise_id)
    if names:
        await tx.execute_many(
            _INSERT_NAME,
            [
                {"exercise_id": exercise_id, "locale": loc, "name": name}
                for loc, name in names.items()
            ],
        )


_ALIAS_OWNERS = Query(
    select(m.ExerciseAlias.normalized, m.ExerciseAlias.exercise_id).where(
        m.ExerciseAlias.normalized == _texts("normalized")
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


# --- equipment and small vocabularies -------------------------------------------------


def _text_name(prefix: str, slug_column: Any) -> ColumnElement[str]:
    t = m.TextTranslation
    chain_param = _chain_param()
    key = func.concat(literal_column(f"'{prefix}.'", String), slug_column)
    return (
        select(t.value)
        .where(t.key == key, t.locale == func.any(chain_param))
        .order_by(func.array_position(chain_param, t.locale))
        .limit(1)
        .scalar_subquery()
    )


def equipment_select() -> AnySelect:
    """The columns of ``EquipmentOut`` (the profile flat, ``profile_id`` null without one)."""
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
            _localized(EQUIPMENT.name, et, et.equipment_id, EQUIPMENT.id).label("name"),
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


@functools.cache
def _equipment_page(category: bool, load_type: bool, after: bool) -> Query:
    statement = equipment_select().where(EQUIPMENT.retired_at.is_(None))
    if category:
        statement = statement.where(EQUIPMENT.category == bindparam("category"))
    if load_type:
        statement = statement.where(EQUIPMENT.load_type == bindparam("load_type"))
    return Query(_slug_paged(statement, EQUIPMENT, after))


async def list_equipment(
    tx: Tx,
    *,
    chain: list[str],
    category: str | None,
    load_type: str | None,
    after: tuple[str, str] | None,
    limit: int,
) -> list[asyncpg.Record]:
    query = _equipment_page(category is not None, load_type is not None, after is not None)
    return await tx.fetch(
        query,
        locale_chain=chain,
        category=category,
        load_type=load_type,
        **_after_params(after, limit),
    )


@functools.cache
def _find_equipment(by_id: bool) -> Query:
    condition: ColumnElement[bool] = (
        EQUIPMENT.id == bindparam("equipment_id", type_=PG_UUID(as_uuid=True))
        if by_id
        else EQUIPMENT.slug == bindparam("slug")
    )
    return Query(equipment_select().where(condition))


async def find_equipment(tx: Tx, key: str, chain: list[str]) -> asyncpg.Record | None:
    equipment_id = _as_uuid(key)
    return await tx.row(
        _find_equipment(equipment_id is not None),
        equipment_id=equipment_id,
        slug=key,
        locale_chain=chain,
    )


_BAR = m.BarType
_BAR_TYPES = Query(
    select(
        _BAR.id,
        _BAR.slug,
        func.coalesce(_text_name("bar_type", _BAR.slug), _BAR.name).label("name"),
        _BAR.mass_g,
        _BAR.mass,
        _BAR.unit,
        _BAR.length_mm,
        _BAR.sleeve_diameter_mm,
        _BAR.loads_plates,
    ).order_by(_BAR.mass_g, _BAR.slug)
)


async def list_bar_types(tx: Tx, chain: list[str]) -> list[asyncpg.Record]:
    return await tx.fetch(_BAR_TYPES, locale_chain=chain)


_GROUP, _PART, _PART_T = m.MuscleGroupInfo, m.BodyPart, m.BodyPartTranslation
_MUSCLE_GROUPS = Query(
    select(
        _GROUP.slug,
        func.coalesce(_text_name("muscle_group", _GROUP.slug), cast(_GROUP.slug, Text)).label(
            "name"
        ),
        _PART.slug.label("body_part_slug"),
        func.coalesce(
            _localized(_PART.slug, _PART_T, _PART_T.body_part_id, _PART.id), _PART.slug
        ).label("body_part_name"),
    )
    .join(_PART, _PART.id == _GROUP.body_part_id)
    .order_by(_GROUP.slug)
)


async def list_muscle_groups(tx: Tx, chain: list[str]) -> list[asyncpg.Record]:
    return await tx.fetch(_MUSCLE_GROUPS, locale_chain=chain)


_GRIP = m.Grip
_GRIPS = Query(
    select(
        _GRIP.slug,
        func.coalesce(_text_name("grip", _GRIP.slug), _GRIP.slug).label("name"),
        _GRIP.orientation,
        _GRIP.width,
    ).order_by(_GRIP.slug)
)


async def list_grips(tx: Tx, chain: list[str]) -> list[asyncpg.Record]:
    return await tx.fetch(_GRIPS, locale_chain=chain)


_BAR_TYPE_ID = Query(select(_BAR.id).where(_BAR.slug == bindparam("slug")))


async def bar_type_id(tx: Tx, slug: str) -> uuid.UUID | None:
    found: uuid.UUID | None = await tx.value(_BAR_TYPE_ID, slug=slug)
    return found


async def insert_equipment(tx: Tx, values: dict[str, Any]) -> uuid.UUID | None:
    statement = (
        pg_insert(EQUIPMENT).values(**values).on_conflict_do_nothing().returning(EQUIPMENT.id)
    )
    new_id: uuid.UUID | None = await tx.value(Query(statement))
    return new_id


_EQUIPMENT_ID = bindparam("equipment_id", type_=PG_UUID(as_uuid=True))
_EQUIPMENT_ROW = Query(
    select(EQUIPMENT.__table__).where(EQUIPMENT.id == _EQUIPMENT_ID).with_for_update()
)


async def equipment_row(tx: Tx, equipment_id: uuid.UUID) -> asyncpg.Record | None:
    """The whole row, locked for update."""
    return await tx.row(_EQUIPMENT_ROW, equipment_id=equipment_id)


async def update_equipment(tx: Tx, equipment_id: uuid.UUID, values: dict[str, Any]) -> None:
    if values:
        statement = update(EQUIPMENT).where(EQUIPMENT.id == _EQUIPMENT_ID).values(**values)
        await tx.execute(Query(statement), equipment_id=equipment_id)


_ET = m.EquipmentTranslation
_DELETE_EQUIPMENT_NAMES = Query(delete(_ET).where(_ET.equipment_id == _EQUIPMENT_ID))
_INSERT_EQUIPMENT_NAME = Query(
    insert(_ET).values(
        equipment_id=bindparam("equipment_id"), locale=bindparam("locale"), name=bindparam("name")
    )
)


async def set_equipment_names(tx: Tx, equipment_id: uuid.UUID, names: dict[str, str]) -> None:
    await tx.execute(_DELETE_EQUIPMENT_NAMES, equipment_id=equipment_id)
    await tx.execute_many(
        _INSERT_EQUIPMENT_NAME,
        [{"equipment_id": equipment_id, "locale": loc, "name": n} for loc, n in names.items()],
    )


async def set_equipment_profile(tx: Tx, equipment_id: uuid.UUID, profile: dict[str, Any]) -> None:
    p = m.EquipmentProfile
    statement = pg_insert(p).values(equipment_id=equipment_id, **profile)
    await tx.execute(
        Query(statement.on_conflict_do_update(index_elements=[p.equipment_id], set_=profile))
    )

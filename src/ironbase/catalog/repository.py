"""The catalog's small vocabularies (bar types, muscle groups, grips, movement patterns,
load types, life categories), and the statement parts every catalog repository builds on:
names in the caller's language chain, a row's names replaced in every locale, and keyset pages on
(slug, id).

Catalog rows have ``user_id`` null. Statements are compiled once
(:class:`ironbase.db.pg.Query`): static ones at import, those whose filters vary by
builders cached on the *shape* of the filters. Values always travel as bound parameters at
run time. Writes whose columns vary are built per call (they are not hot reads).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Awaitable, Callable
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
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models import catalog as m

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
NamesSetter: TypeAlias = Callable[[Tx, uuid.UUID, dict[str, str]], Awaitable[None]]


def chain_param() -> Any:
    """``:locale_chain``, the caller's languages in order of preference."""
    return bindparam("locale_chain", type_=ARRAY(Text))


def any_uuid(name: str) -> Any:
    """``any(:name)`` for a uuid[] parameter."""
    return func.any(bindparam(name, type_=ARRAY(PG_UUID(as_uuid=True))))


def any_text(name: str) -> Any:
    """``any(:name)`` for a text[] parameter."""
    return func.any(bindparam(name, type_=ARRAY(Text)))


def localized(name: Any, table: Any, fk: Any, parent_id: Any) -> ColumnElement[str]:
    """The name in the first locale of ``locale_chain`` that has one, else the base name."""
    chain = chain_param()
    first = (
        select(table.name)
        .where(fk == parent_id, table.locale == func.any(chain))
        .order_by(func.array_position(chain, table.locale))
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(first, name)


def _text_name(prefix: str, slug_column: Any) -> ColumnElement[str]:
    t = m.TextTranslation
    chain = chain_param()
    key = func.concat(literal_column(f"'{prefix}.'", String), slug_column)
    return (
        select(t.value)
        .where(t.key == key, t.locale == func.any(chain))
        .order_by(func.array_position(chain, t.locale))
        .limit(1)
        .scalar_subquery()
    )


def slug_paged(statement: AnySelect, model: Any, after: bool) -> AnySelect:
    """Up to ``:limit`` rows after the (slug, id) key ``(:after_slug, :after_id)``."""
    if after:
        key = tuple_(
            bindparam("after_slug", type_=Text), bindparam("after_id", type_=PG_UUID(as_uuid=True))
        )
        statement = statement.where(tuple_(model.slug, model.id) > key)
    return statement.order_by(model.slug, model.id).limit(bindparam("limit", type_=Integer))


def after_params(after: tuple[str, str] | None, limit: int) -> dict[str, Any]:
    """The parameters of :func:`slug_paged` (one row more than ``limit``: is there more?)."""
    params: dict[str, Any] = {"limit": limit + 1}
    if after is not None:
        params.update(after_slug=after[0], after_id=uuid.UUID(after[1]))
    return params


def as_uuid(key: str) -> uuid.UUID | None:
    """A path key that is a uuid, else None (it is a slug)."""
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


def names_setter(translation: Any, owner: str) -> NamesSetter:
    """``set_names(tx, owner_id, names)`` for a translation table of (``owner``, locale,
    name): replaces one row's names in every locale (``names`` maps locale -> name)."""
    owner_id = bindparam(owner, type_=PG_UUID(as_uuid=True))
    delete_names = Query(delete(translation).where(getattr(translation, owner) == owner_id))
    insert_name = Query(
        insert(translation).values(
            {owner: bindparam(owner), "locale": bindparam("locale"), "name": bindparam("name")}
        )
    )

    async def set_names(tx: Tx, row_id: uuid.UUID, names: dict[str, str]) -> None:
        await tx.execute(delete_names, **{owner: row_id})
        if names:
            rows = [{owner: row_id, "locale": loc, "name": name} for loc, name in names.items()]
            await tx.execute_many(insert_name, rows)

    return set_names


@functools.cache
def _vocabulary(model: Any) -> Query:
    return Query(select(model.slug).where(model.slug == bindparam("slug")))


async def vocabulary_exists(tx: Tx, model: Any, slug: str) -> bool:
    return await tx.row(_vocabulary(model), slug=slug) is not None


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


_BAR_TYPE_ID = Query(select(_BAR.id).where(_BAR.slug == bindparam("slug")))


async def bar_type_id(tx: Tx, slug: str) -> uuid.UUID | None:
    found: uuid.UUID | None = await tx.value(_BAR_TYPE_ID, slug=slug)
    return found


_GROUP, _PART, _PART_T = m.MuscleGroupInfo, m.BodyPart, m.BodyPartTranslation
_MUSCLE_GROUPS = Query(
    select(
        _GROUP.slug,
        func.coalesce(_text_name("muscle_group", _GROUP.slug), cast(_GROUP.slug, Text)).label(
            "name"
        ),
        _PART.slug.label("body_part_slug"),
        func.coalesce(
            localized(_PART.slug, _PART_T, _PART_T.body_part_id, _PART.id), _PART.slug
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


_LIFE, _LIFE_T = m.LifeCategory, m.LifeCategoryTranslation


def _life_text(column: Any) -> Any:
    """``column`` of the first locale of ``locale_chain`` that has one (null if none does)."""
    chain = chain_param()
    return (
        select(column)
        .where(
            _LIFE_T.life_category_id == _LIFE.id,
            _LIFE_T.locale == func.any(chain),
            column.is_not(None),
        )
        .order_by(func.array_position(chain, _LIFE_T.locale))
        .limit(1)
        .scalar_subquery()
    )


_LIFE_CATEGORIES = Query(
    select(
        _LIFE.id,
        _LIFE.slug,
        func.coalesce(_life_text(_LIFE_T.name), _LIFE.slug).label("name"),
        _life_text(_LIFE_T.description).label("description"),
        _LIFE.position,
        _LIFE.scale_min,
        _LIFE.scale_max,
        _LIFE.hooper,
    ).order_by(_LIFE.position, _LIFE.slug)
)


async def list_life_categories(tx: Tx, chain: list[str]) -> list[asyncpg.Record]:
    return await tx.fetch(_LIFE_CATEGORIES, locale_chain=chain)

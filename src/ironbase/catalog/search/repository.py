"""What the search index is built from: the catalog's facets, names and aliases, a version
that changes whenever they do, and one person's own exercises."""

from __future__ import annotations

import functools
import uuid
from typing import Any

from sqlalchemy import bindparam, func, select

from ironbase.catalog.exercises.repository import EXERCISE, TRANSLATION, equipment_slugs
from ironbase.db.pg import Query, Tx
from ironbase.models import catalog as m

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
            equipment_slugs().label("equipment"),
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

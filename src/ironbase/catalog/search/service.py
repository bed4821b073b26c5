"""Ranked exercise search (``GET /exercises?q=``): the shared catalog from the process's
index, the caller's own exercises indexed per request."""

from __future__ import annotations

from ironbase.catalog.exercises import service as exercises
from ironbase.catalog.exercises.schemas import ExerciseFilters
from ironbase.catalog.exercises.service import ExercisePage
from ironbase.catalog.search import repository as repo
from ironbase.catalog.search.cache import CatalogSearchCache, corpus_from_rows
from ironbase.catalog.search.names import ExerciseNames, NameTable
from ironbase.db.pg import Tx
from ironbase.kit.caller import AuthContext, SignedIn
from ironbase.kit.pagination import CursorKind, Int, PageCursor

# Search pages by position in the ranking, which the whole catalog bounds.
EXERCISES_BY_RANK = CursorKind("exercises.rank", (Int(0, 1_000_000),))


async def search_exercises(
    tx: Tx,
    caller: AuthContext,
    cache: CatalogSearchCache,
    query: str,
    filters: ExerciseFilters,
    chain: list[str],
    limit: int,
    cursor: PageCursor,
) -> ExercisePage:
    """Ranked search; the cursor is the position in the ranking."""
    await exercises.check_filters(tx, filters)
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
    matching = [h.exercise_id for h in hits if filters.passes(facets[h.exercise_id])]
    window = matching[offset : offset + limit]
    items = await exercises.summaries(tx, caller, window, chain)
    more = len(matching) > offset + limit
    return ExercisePage(
        items, cursor.next_cursor(EXERCISES_BY_RANK, [offset + limit]) if more else None
    )


async def exercise_names(tx: Tx, caller: SignedIn, cache: CatalogSearchCache) -> ExerciseNames:
    """Exact names (another app's exercise names) to the caller's own exercises and the
    catalog's, for imports: the catalog's table comes from the process's index."""
    catalog = await cache.corpus(tx)
    rows, _, _ = await repo.search_corpus(tx, owner=caller.user_id)
    own = corpus_from_rows(rows, [], []).names if rows else NameTable()
    return ExerciseNames(own, catalog.names)

"""Exercise search server time over the quality table, against an indexed slug lookup.

Both run in this process on the same pool and role (`anon`), one transaction each, so the
difference is the search itself: ranking in memory plus the page query. Medians over
repeats; p50 and p99 per repeat.

    python -m bench.catalog_search [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable

import asyncpg
from rich.console import Console
from rich.table import Table

from bench.common import median, percentile, scratch_database
from ironbase.catalog.exercises.schemas import ExerciseFilters
from ironbase.catalog.search import service
from ironbase.catalog.search.cache import CatalogSearchCache
from ironbase.db import pg
from ironbase.db.system import system_transaction
from ironbase.db.urls import asyncpg_dsn
from ironbase.kit.caller import AuthContext
from ironbase.kit.pagination import CursorCodec, PageCursor
from ironbase.reference import seed_reference_data
from tests.catalog.search_cases import SEARCH_CASES

SLUG_LOOKUP = pg.Query("select id, name from exercises where slug = :slug and user_id is null")


async def _timed(pool: asyncpg.Pool, work: Callable[[pg.Tx], Awaitable[object]]) -> float:
    started = time.perf_counter()
    async with pg.request_transaction(pool, AuthContext.anonymous()) as tx:
        await work(tx)
    return (time.perf_counter() - started) * 1000


async def _run(url: str, repeats: int) -> dict[str, list[tuple[float, float]]]:
    pool = await pg.create_pool(asyncpg_dsn(url), min_size=2, max_size=2)
    cache = CatalogSearchCache()
    caller = AuthContext.anonymous()
    filters = ExerciseFilters()
    first_page = PageCursor(CursorCodec.from_secret("bench"))
    results: dict[str, list[tuple[float, float]]] = {"search": [], "slug lookup (floor)": []}

    def search(query: str, lang: str) -> Callable[[pg.Tx], Awaitable[object]]:
        return lambda tx: service.search_exercises(
            tx, caller, cache, query, filters, [lang, "en"], 20, first_page
        )

    def lookup(slug: str) -> Callable[[pg.Tx], Awaitable[object]]:
        return lambda tx: tx.row(SLUG_LOOKUP, slug=slug)

    await _timed(pool, search("warm up", "en"))  # builds the index once, as a running server has
    for _ in range(repeats):
        searches = [await _timed(pool, search(q, lang)) for q, lang, _ in SEARCH_CASES]
        lookups = [await _timed(pool, lookup(slug)) for _, _, slug in SEARCH_CASES]
        results["search"].append((percentile(searches, 50), percentile(searches, 99)))
        results["slug lookup (floor)"].append((percentile(lookups, 50), percentile(lookups, 99)))
    await pool.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    console = Console()
    with scratch_database() as target:
        with system_transaction(target) as conn:
            seed_reference_data(conn)
        results = asyncio.run(
            _run(target.serving_url.render_as_string(hide_password=False), args.repeats)
        )
    table = Table(
        title=f"{len(SEARCH_CASES)} queries, medians of {args.repeats} repeats (ms per request)"
    )
    for column in ("", "p50", "p99"):
        table.add_column(column, justify="right")
    medians = {}
    for name, runs in results.items():
        medians[name] = (median([r[0] for r in runs]), median([r[1] for r in runs]))
        table.add_row(name, f"{medians[name][0]:.2f}", f"{medians[name][1]:.2f}")
    console.print(table)
    search, floor = medians["search"], medians["slug lookup (floor)"]
    console.print(f"search / floor at p50: {search[0] / floor[0]:.2f}x (target: search p50 < 5 ms)")


if __name__ == "__main__":
    main()

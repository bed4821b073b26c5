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

from rich.console import Console
from rich.table import Table
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.common import median, percentile, scratch_database
from ironbase.auth.context import AuthContext
from ironbase.catalog import repository as repo
from ironbase.catalog import service
from ironbase.catalog.search_cache import CatalogSearchCache
from ironbase.db.engine import create_api_engine
from ironbase.db.session import request_transaction
from ironbase.db.system import system_transaction
from ironbase.kit.pagination import CursorCodec, PageCursor
from ironbase.reference import seed_reference_data
from tests.catalog.search_cases import SEARCH_CASES

SLUG_LOOKUP = text("select id, name from exercises where slug = :slug and user_id is null")


async def _timed(
    maker: async_sessionmaker[AsyncSession], work: Callable[[AsyncSession], Awaitable[object]]
) -> float:
    started = time.perf_counter()
    async with request_transaction(maker, AuthContext.anonymous()) as session:
        await work(session)
    return (time.perf_counter() - started) * 1000


async def _run(url: str, repeats: int) -> dict[str, list[tuple[float, float]]]:
    engine = create_api_engine(url, pool_size=2, max_overflow=0)
    maker = async_sessionmaker(engine, expire_on_commit=False)
    cache = CatalogSearchCache()
    caller = AuthContext.anonymous()
    filters = repo.ExerciseFilters()
    first_page = PageCursor(CursorCodec.from_secret("bench"))
    results: dict[str, list[tuple[float, float]]] = {"search": [], "slug lookup (floor)": []}

    def search(query: str, lang: str) -> Callable[[AsyncSession], Awaitable[object]]:
        return lambda s: service.search_exercises(
            s, caller, cache, query, filters, [lang, "en"], 20, first_page
        )

    def lookup(slug: str) -> Callable[[AsyncSession], Awaitable[object]]:
        return lambda s: s.execute(SLUG_LOOKUP, {"slug": slug})

    await _timed(maker, search("warm up", "en"))  # builds the index once, as a running server has
    for _ in range(repeats):
        searches = [await _timed(maker, search(q, lang)) for q, lang, _ in SEARCH_CASES]
        lookups = [await _timed(maker, lookup(slug)) for _, _, slug in SEARCH_CASES]
        results["search"].append((percentile(searches, 50), percentile(searches, 99)))
        results["slug lookup (floor)"].append((percentile(lookups, 50), percentile(lookups, 99)))
    await engine.dispose()
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

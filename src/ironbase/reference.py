"""All shipped reference data (catalog, cities, the API's strings), loaded in one transaction
by ``ironbase seed`` and on first start."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Connection

from ironbase.catalog.seed import STEPS as CATALOG_STEPS
from ironbase.catalog.seed import SeedStats, load_data
from ironbase.gyms.reference import load_cities
from ironbase.i18n.seed import seed_strings
from ironbase.social.achievements.seed import seed_achievements

SEED_STEPS = (*(name for name, _ in CATALOG_STEPS), "achievements", "cities", "strings")

__all__ = ["CATALOG_STEPS", "SEED_STEPS", "SeedStats", "seed_reference_data"]


def seed_reference_data(
    conn: Connection, progress: Callable[[str], None] | None = None
) -> SeedStats:
    """Idempotent: re-running with unchanged data writes nothing."""
    data = load_data()
    stats = SeedStats()
    for name, step in CATALOG_STEPS:
        if progress:
            progress(name)
        step(conn, data, stats)
    if progress:
        progress("achievements")
    seed_achievements(conn, data, stats)
    if progress:
        progress("cities")
    inserted, updated = load_cities(conn)
    stats.add("cities", inserted=inserted, updated=updated)
    if progress:
        progress("strings")
    seed_strings(conn, stats)
    return stats

"""The served process keeps the collector's full passes short: what is alive once the app
is ready, and the catalog's search index when it is built, are frozen (kit/heap.py)."""

from __future__ import annotations

import gc
from pathlib import Path

from ironbase.app import create_app
from ironbase.db.setup import DatabaseTarget
from tests.conftest import client_for, make_settings


async def test_startup_and_the_search_index_are_out_of_the_collectors_walks(
    database_target: DatabaseTarget, tmp_path: Path, seeded_catalog: None
) -> None:
    application = create_app(make_settings(database_target, tmp_path))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    async with application.router.lifespan_context(application):
        after_startup = gc.get_freeze_count()
        assert after_startup > 0
        async with client_for(application) as http:
            found = await http.get("/v1/exercises", params={"q": "bench press"})
            assert found.status_code == 200
        assert gc.get_freeze_count() > after_startup
    gc.unfreeze()

"""Lists cost a fixed number of statements whatever their length (no N+1)."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import QueryCounter

pytestmark = pytest.mark.usefixtures("seeded_catalog")


async def _count(
    client: httpx.AsyncClient, counter: QueryCounter, path: str, **params: object
) -> int:
    before = counter.count
    response = await client.get(path, params=params)  # type: ignore[arg-type]
    assert response.status_code == 200
    return counter.count - before


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/exercises", {}),
        ("/v1/exercises", {"q": "press"}),
        ("/v1/exercises", {"muscle": "quads"}),
        ("/v1/equipment", {}),
    ],
)
async def test_page_size_does_not_change_the_statement_count(
    client: httpx.AsyncClient, query_counter: QueryCounter, path: str, params: dict[str, object]
) -> None:
    await _count(client, query_counter, path, limit=5, **params)  # warm caches
    small = await _count(client, query_counter, path, limit=5, **params)
    large = await _count(client, query_counter, path, limit=200, **params)
    assert small == large
    assert 2 <= large <= 5  # set_config, the page; search adds its version check

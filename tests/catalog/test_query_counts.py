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


# Round trips of one request: BEGIN, set_config (role and claims), the page, COMMIT.
# Search adds its version check; a vocabulary filter (pattern, equipment) its lookup.
@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/v1/exercises", {}, 4),
        ("/v1/exercises", {"q": "press"}, 5),
        ("/v1/exercises", {"muscle": "quads"}, 4),
        ("/v1/exercises", {"equipment": "olympic_barbell"}, 5),
        ("/v1/equipment", {}, 4),
    ],
)
async def test_page_size_does_not_change_the_statement_count(
    client: httpx.AsyncClient,
    query_counter: QueryCounter,
    path: str,
    params: dict[str, object],
    expected: int,
) -> None:
    await _count(client, query_counter, path, limit=5, **params)  # warm caches
    small = await _count(client, query_counter, path, limit=5, **params)
    large = await _count(client, query_counter, path, limit=200, **params)
    assert small == large == expected

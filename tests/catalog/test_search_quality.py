"""Search quality: each query must return its exercise in the top 3, through the API."""

from __future__ import annotations

import httpx
import pytest

from tests.catalog.search_cases import SEARCH_CASES

pytestmark = pytest.mark.usefixtures("seeded_catalog")


def test_the_table_is_big_and_multilingual() -> None:
    assert len(SEARCH_CASES) >= 60
    assert {lang for _, lang, _ in SEARCH_CASES} >= {"en", "es", "de", "fr", "pt", "it"}


@pytest.mark.parametrize(("query", "lang", "expected"), SEARCH_CASES)
async def test_query_finds_exercise_in_top_three(
    client: httpx.AsyncClient, query: str, lang: str, expected: str
) -> None:
    response = await client.get("/v1/exercises", params={"q": query, "lang": lang, "limit": 3})
    assert response.status_code == 200
    top = [item["slug"] for item in response.json()["items"]]
    assert expected in top, f"{query!r} ({lang}) -> {top}"


async def test_exact_matches_rank_first(client: httpx.AsyncClient) -> None:
    for query, expected in (("Deadlift", "barbell_deadlift"), ("Leg Press", "leg_press")):
        top = (await client.get("/v1/exercises", params={"q": query, "limit": 1})).json()["items"]
        assert top[0]["slug"] == expected


async def test_search_pages_do_not_repeat(client: httpx.AsyncClient) -> None:
    first = (await client.get("/v1/exercises", params={"q": "curl", "limit": 5})).json()
    second = (
        await client.get(
            "/v1/exercises", params={"q": "curl", "limit": 5, "cursor": first["next_cursor"]}
        )
    ).json()
    ids_first = {i["id"] for i in first["items"]}
    assert len(first["items"]) == 5
    assert second["items"]
    assert ids_first.isdisjoint({i["id"] for i in second["items"]})


async def test_search_combines_with_filters(client: httpx.AsyncClient) -> None:
    items = (
        await client.get("/v1/exercises", params={"q": "press", "muscle": "chest", "limit": 50})
    ).json()["items"]
    assert items
    assert all(i["primary_muscle"] == "chest" for i in items)


async def test_search_answers_in_the_requested_language(client: httpx.AsyncClient) -> None:
    top = (await client.get("/v1/exercises", params={"q": "RDL", "lang": "it", "limit": 1})).json()[
        "items"
    ][0]
    assert top["name"] == "Stacco rumeno"

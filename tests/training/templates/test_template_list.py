"""GET /v1/templates: by name then id, a signed keyset cursor, a fixed statement count."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.support import walk_pages
from tests.training.templates.conftest import PROBLEM, Lifts, create, part


async def _walk(
    client: httpx.AsyncClient, user: SignedUpUser, **params: Any
) -> list[dict[str, Any]]:
    return await walk_pages(client, "/v1/templates", user.headers, **params)


async def test_pages_walk_every_template_once_by_name_then_id(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user = await sign_up(client)
    names = ["Push", "Legs", "Pull", "Legs", "Arms", "Legs", "Full body"]
    created = [
        await create(client, user, {"name": n, "exercises": [part(lifts.squat, target_sets=2)]})
        for n in names
    ]
    walked = await _walk(client, user, limit=2)
    expected = sorted(created, key=lambda t: (t["name"], t["id"]))
    assert walked == expected  # with their exercises
    summary = await _walk(client, user, limit=3, include="summary")
    assert [t["id"] for t in summary] == [t["id"] for t in expected]
    assert all("exercises" not in t for t in summary)


async def test_a_cursor_of_another_list_is_422(client: httpx.AsyncClient, lifts: Lifts) -> None:
    user = await sign_up(client)
    for name in ("A", "B"):
        await create(client, user, {"name": name})
    first = await client.get("/v1/templates", headers=user.headers, params={"limit": 1})
    cursor = first.json()["next_cursor"]
    assert cursor is not None
    workouts = await client.get("/v1/workouts", headers=user.headers, params={"cursor": cursor})
    assert workouts.status_code == 422
    assert workouts.headers["content-type"] == PROBLEM
    bad = await client.get("/v1/templates", headers=user.headers, params={"limit": 0})
    assert bad.status_code == 422
    too_many = await client.get("/v1/templates", headers=user.headers, params={"limit": 201})
    assert too_many.status_code == 422


async def _count(
    client: httpx.AsyncClient, user: SignedUpUser, counter: QueryCounter, **params: Any
) -> tuple[int, int]:
    before = counter.count
    response = await client.get("/v1/templates", headers=user.headers, params=params)
    assert response.status_code == 200, response.text
    return counter.count - before, len(response.json()["items"])


async def test_a_page_costs_a_fixed_statement_count(
    client: httpx.AsyncClient, lifts: Lifts, query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    exercises = [part(lifts.squat, target_sets=3), part(lifts.press, target_sets=2)]
    for i in range(12):
        await create(client, user, {"name": f"Day {i:02}", "exercises": exercises})
    # BEGIN, set_config, the templates, their exercises, COMMIT.
    assert await _count(client, user, query_counter, limit=10) == (5, 10)
    assert await _count(client, user, query_counter, limit=2) == (5, 2)
    first = await client.get("/v1/templates", headers=user.headers, params={"limit": 1})
    cursor = first.json()["next_cursor"]
    assert await _count(client, user, query_counter, limit=50, cursor=cursor) == (5, 11)
    assert await _count(client, user, query_counter, include="summary") == (4, 12)

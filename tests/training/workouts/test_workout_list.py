"""GET /v1/workouts: newest first, a signed keyset cursor, bounds, a fixed statement count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.support import walk_pages
from tests.training.workouts.conftest import PROBLEM, START, document


async def _log(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    exercise_ids: list[str],
    count: int,
    **shape: Any,
) -> list[dict[str, Any]]:
    """``count`` workouts a day apart, the latest first in the list returned."""
    written = []
    for day in range(count):
        doc = document(exercise_ids, started_at=START + dt.timedelta(days=day), **shape)
        response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
        assert response.status_code == 200, response.text
        written.append(response.json())
    return written[::-1]


async def _walk(
    client: httpx.AsyncClient, user: SignedUpUser, **params: Any
) -> list[dict[str, Any]]:
    return await walk_pages(client, "/v1/workouts", user.headers, **params)


async def test_paging_walks_every_workout_once_newest_first(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    written = await _log(client, user, exercise_ids, 7, exercises=1, sets=2)
    walked = await _walk(client, user, limit=3)
    assert walked == written  # with exercises and sets


async def test_ties_on_start_time_page_by_id(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    for _ in range(5):
        doc = document(exercise_ids, exercises=0)
        await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    walked = await _walk(client, user, limit=2, include="summary")
    ids = [item["id"] for item in walked]
    assert len(set(ids)) == 5
    assert ids == sorted(ids, reverse=True)


async def test_from_and_to_bound_the_start_time(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    written = await _log(client, user, exercise_ids, 6, exercises=0)
    params = {
        "from": (START + dt.timedelta(days=1)).isoformat(),
        "to": (START + dt.timedelta(days=4)).isoformat(),
        "limit": 2,
    }
    walked = await _walk(client, user, **params)
    assert [w["id"] for w in walked] == [w["id"] for w in written[2:5]]


async def test_summary_leaves_exercises_out(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    await _log(client, user, exercise_ids, 1)
    response = await client.get("/v1/workouts", headers=user.headers, params={"include": "summary"})
    (item,) = response.json()["items"]
    assert "exercises" not in item
    assert item["title"] == "Lower A"


async def test_a_foreign_or_forged_cursor_is_422(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    gyms = await client.get("/v1/gyms", headers=user.headers, params={"limit": 1})
    foreign = gyms.json()["next_cursor"]
    for cursor in (foreign, "e30.AAAA", "not-a-cursor"):
        if cursor is None:
            continue
        response = await client.get("/v1/workouts", headers=user.headers, params={"cursor": cursor})
        assert response.status_code == 422, cursor
        assert response.headers["content-type"] == PROBLEM


async def _count(
    client: httpx.AsyncClient, user: SignedUpUser, counter: QueryCounter, **params: Any
) -> tuple[int, int]:
    before = counter.count
    response = await client.get("/v1/workouts", headers=user.headers, params=params)
    assert response.status_code == 200
    return counter.count - before, len(response.json()["items"])


async def test_a_page_of_fifty_workouts_with_sets_costs_a_fixed_statement_count(
    client: httpx.AsyncClient, exercise_ids: list[str], query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    await _log(client, user, exercise_ids, 51, exercises=3, sets=4)
    # BEGIN, set_config, the workouts with their exercises and sets (one statement), the
    # unit system, COMMIT.
    assert await _count(client, user, query_counter, limit=50) == (5, 50)
    assert await _count(client, user, query_counter, limit=2) == (5, 2)
    # The cursor adds nothing; the summary drops the unit, exercises and sets.
    first = await client.get("/v1/workouts", headers=user.headers, params={"limit": 1})
    cursor = first.json()["next_cursor"]
    assert await _count(client, user, query_counter, limit=50, cursor=cursor) == (5, 50)
    assert await _count(client, user, query_counter, limit=50, include="summary") == (4, 50)


async def test_a_document_write_costs_the_same_statements_whatever_its_size(
    client: httpx.AsyncClient, exercise_ids: list[str], query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    counts = []
    for exercises, sets in ((1, 1), (8, 10)):
        doc = document(exercise_ids, exercises=exercises, sets=sets)
        before = query_counter.count
        response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
        assert response.status_code == 200
        counts.append(query_counter.count - before)
    assert counts[0] == counts[1]


async def test_a_page_writes_sets_as_the_single_read_does(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    # The page builds its parts in SQL, the single read too: the same JSON, exact to the
    # microsecond whatever offset the client wrote, masses in the unit asked for.
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=2, sets=3, weight=102.058)
    doc["exercises"][0]["sets"][1] |= {"completed_at": "2026-11-02T19:05:06.123457+01:00"}
    doc["exercises"][1]["sets"][2] |= {"rpe": 9, "weight": None, "reps": None, "duration_s": 60}
    put = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert put.status_code == 200, put.text
    for unit in ("kg", "lb"):
        one = await client.get(
            f"/v1/workouts/{doc['id']}", headers=user.headers, params={"unit": unit}
        )
        page = await client.get("/v1/workouts", headers=user.headers, params={"unit": unit})
        assert page.json()["items"] == [one.json()]
    sets = one.json()["exercises"][0]["sets"]
    assert sets[1]["completed_at"] == "2026-11-02T18:05:06.123457Z"
    assert (sets[0]["weight"], sets[0]["unit"], sets[0]["rpe"]) == (225, "lb", 8.5)
    timed = one.json()["exercises"][1]["sets"][2]
    assert (timed["weight"], timed["reps"], timed["duration_s"], timed["rpe"]) == (
        None,
        None,
        60,
        9,
    )
    assert isinstance(timed["rpe"], int)

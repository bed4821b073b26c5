"""GET /v1/sync/changes: the caller's changes in log order, tombstones, one entry per row,
pages, bounds, isolation and a fixed number of statements per page."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.db.pg import Tx
from ironbase.training.sync import repository
from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.support import as_user
from tests.training.sync.conftest import (
    PROBLEM,
    as_workout,
    feed,
    head,
    put,
    replay,
    walk,
)
from tests.training.workouts.conftest import START, document


async def test_a_written_workout_arrives_in_log_order_with_its_rows(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=2, sets=3, weight="102.5")
    stored = await put(client, user, doc)
    page = await feed(client, user)
    changes = page["changes"]
    assert [c["table"] for c in changes] == (
        ["workouts"] + ["workout_exercises"] * 2 + ["workout_sets"] * 6
    )
    assert {c["op"] for c in changes} == {"upsert"}
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(set(seqs))
    assert page["next_cursor"] == str(seqs[-1])
    assert page["has_more"] is False
    one_set = next(c["row"] for c in changes if c["table"] == "workout_sets")
    assert (one_set["weight"], one_set["unit"], one_set["rpe"]) == (102.5, "kg", 8.5)
    assert as_workout(replay([changes]), doc["id"]) == stored
    in_lb = await feed(client, user, unit="lb")
    assert next(c["row"] for c in in_lb["changes"] if c["table"] == "workout_sets")["unit"] == "lb"


async def test_deletes_arrive_as_tombstones(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=2, sets=2)
    await put(client, user, doc)
    cursor = await head(client, user)
    gone_set = doc["exercises"][0]["sets"][0]["id"]
    assert (await client.delete(f"/v1/sets/{gone_set}", headers=user.headers)).status_code == 204
    page = await feed(client, user, since=cursor)
    assert page["changes"] == [
        {"seq": int(cursor) + 1, "table": "workout_sets", "id": gone_set, "op": "delete"}
    ]

    cursor = page["next_cursor"]
    path = f"/v1/workouts/{doc['id']}"
    assert (await client.delete(path, headers=user.headers)).status_code == 204
    changes = (await feed(client, user, since=cursor))["changes"]
    assert {c["op"] for c in changes} == {"delete"}
    assert all("row" not in c for c in changes)
    assert sorted((c["table"], c["id"]) for c in changes) == sorted(
        [("workouts", doc["id"])]
        + [("workout_exercises", e["id"]) for e in doc["exercises"]]
        + [("workout_sets", s["id"]) for e in doc["exercises"] for s in e["sets"]][1:]
    )


async def test_several_changes_of_a_row_come_once_at_the_last(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=1, sets=2)
    await put(client, user, doc)
    path = f"/v1/workouts/{doc['id']}"
    for title in ("Heavy", "Heavier"):
        response = await client.patch(path, headers=user.headers, json={"title": title})
        assert response.status_code == 200
    exercise = doc["exercises"][0]["id"]
    added = await client.post(
        f"{path}/exercises/{exercise}/sets", headers=user.headers, json={"reps": 3}
    )
    assert (await client.delete(f"/v1/sets/{added.json()['id']}", headers=user.headers)).is_success

    changes = (await feed(client, user))["changes"]
    keys = [(c["table"], c["id"]) for c in changes]
    assert len(keys) == len(set(keys)) == 1 + 1 + 2 + 1
    # The workout comes after its sets now: its last entry is the second title.
    assert keys[-2:] == [("workouts", doc["id"]), ("workout_sets", added.json()["id"])]
    assert changes[-2]["row"]["title"] == "Heavier"
    assert changes[-1]["op"] == "delete"


async def test_paging_through_the_feed_gives_what_one_page_gives(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    docs = [document(exercise_ids, exercises=2, sets=3) for _ in range(3)]
    for doc in docs:
        await put(client, user, doc)
    await client.patch(f"/v1/workouts/{docs[0]['id']}", headers=user.headers, json={"title": "X"})
    await client.delete(f"/v1/workouts/{docs[1]['id']}", headers=user.headers)

    whole, end = await walk(client, user)
    assert len(whole) == 1
    pages, paged_end = await walk(client, user, limit=4)
    assert paged_end == end
    assert len(pages) > 5
    # A page may come out empty: upserts of rows deleted since are left to their tombstones.
    assert all(len(page) <= 4 for page in pages)
    seqs = [c["seq"] for page in pages for c in page]
    assert seqs == sorted(seqs)
    replica = replay(pages)
    assert replica == replay(whole)
    assert not any(key[1] == docs[1]["id"] for key in replica)
    for doc in (docs[0], docs[2]):
        stored = await client.get(f"/v1/workouts/{doc['id']}", headers=user.headers)
        assert as_workout(replica, doc["id"]) == stored.json()


async def test_has_more_and_next_cursor_at_the_edges(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    empty = await feed(client, user)
    assert empty == {"changes": [], "next_cursor": "0", "has_more": False}
    await put(client, user, document(exercise_ids, exercises=1, sets=2))  # 4 entries
    first = await feed(client, user, limit=3)
    assert (len(first["changes"]), first["has_more"]) == (3, True)
    rest = await feed(client, user, since=first["next_cursor"], limit=1)
    assert (len(rest["changes"]), rest["has_more"], rest["next_cursor"]) == (1, False, "4")
    assert await feed(client, user, since="4") == {
        "changes": [],
        "next_cursor": "4",
        "has_more": False,
    }


async def test_a_cursor_past_the_end_answers_nothing_and_the_end(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    await put(client, user, document(exercise_ids, exercises=1, sets=1))
    for since in ("4", "999999", "999999999999999999"):
        page = await feed(client, user, since=since)
        assert page == {"changes": [], "next_cursor": "3", "has_more": False}


@pytest.mark.parametrize(
    "params",
    [
        {"since": "abc"},
        {"since": "-1"},
        {"since": "1.5"},
        {"since": "1e3"},
        {"since": ""},
        {"since": " 7"},
        {"since": "7\n"},
        {"since": "0x10"},
        {"since": "1" * 19},
        {"since": "9" * 400},
        {"limit": "0"},
        {"limit": "1001"},
        {"limit": "ten"},
        {"unit": "stone"},
    ],
)
async def test_a_bad_cursor_or_limit_is_422(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    user = await sign_up(client)
    response = await client.get("/v1/sync/changes", headers=user.headers, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["loc"][-1] in params


async def test_the_feed_needs_a_signed_in_caller(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/sync/changes")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM


async def test_another_persons_changes_never_appear(
    client: httpx.AsyncClient, exercise_ids: list[str], authenticator_dsn: str
) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    theirs = document(exercise_ids)
    await put(client, alice, theirs)
    await client.delete(
        f"/v1/sets/{theirs['exercises'][0]['sets'][0]['id']}", headers=alice.headers
    )
    mine = document(exercise_ids, exercises=1, sets=1)
    await put(client, bob, mine)

    pages, _ = await walk(client, bob)
    assert {key[1] for key in replay(pages)} == {
        mine["id"],
        mine["exercises"][0]["id"],
        mine["exercises"][0]["sets"][0]["id"],
    }
    alice_ids = [uuid.UUID(theirs["id"])] + [uuid.UUID(e["id"]) for e in theirs["exercises"]]
    # The feed's own statements, run as Bob (authenticated) with Alice's id: RLS answers nothing.
    async with as_user(authenticator_dsn, bob.id) as conn:
        tx = Tx(conn)
        assert await repository.page(tx, alice.id, 0, 1000) == []
        assert await repository.end_of_log(tx, alice.id) == 0
        assert await repository.rows(tx, alice.id, "workouts", alice_ids[:1]) == []
        assert await repository.rows(tx, alice.id, "workout_exercises", alice_ids[1:]) == []
        assert await conn.fetchval("select count(*) from training_changes") == 3
    async with as_user(authenticator_dsn, alice.id) as conn:  # the positive control
        assert len(await repository.page(Tx(conn), alice.id, 0, 1000)) == 1 + 2 + 6 + 1


async def _templates(owner_url: str, user: SignedUpUser, exercise_id: str, count: int) -> None:
    """Templates with two exercises each, written as SQL (their API is not this one's)."""
    conn = await asyncpg.connect(owner_url)
    try:
        for i in range(count):
            template = await conn.fetchval(
                "insert into workout_templates (user_id, name) values ($1, $2) returning id",
                user.id,
                f"Push {i}",
            )
            await conn.execute(
                "insert into template_exercises (user_id, template_id, exercise_id, position,"
                " target_sets, rep_min, rep_max, target_rpe)"
                " select $1, $2, $3, p, 3, 5, 8, 8.5 from generate_series(0, 1) p",
                user.id,
                template,
                uuid.UUID(exercise_id),
            )
    finally:
        await conn.close()


async def _statements(
    client: httpx.AsyncClient, user: SignedUpUser, counter: QueryCounter, **params: Any
) -> tuple[int, dict[str, int]]:
    before = counter.count
    page = await feed(client, user, limit=1000, **params)
    tables: dict[str, int] = {}
    for change in page["changes"]:
        tables[change["table"]] = tables.get(change["table"], 0) + 1
    return counter.count - before, tables


async def test_a_page_costs_a_fixed_number_of_statements(
    client: httpx.AsyncClient,
    exercise_ids: list[str],
    owner_url: str,
    query_counter: QueryCounter,
) -> None:
    user = await sign_up(client)
    await put(client, user, document(exercise_ids, exercises=1, sets=1))
    await _templates(owner_url, user, exercise_ids[0], 1)
    small = await _statements(client, user, query_counter)
    assert small[1] == {
        "workouts": 1,
        "workout_exercises": 1,
        "workout_sets": 1,
        "workout_templates": 1,
        "template_exercises": 2,
    }
    for day in range(1, 9):
        doc = document(exercise_ids, started_at=START.replace(day=day + 2), exercises=4, sets=6)
        await put(client, user, doc)
    await _templates(owner_url, user, exercise_ids[1], 10)
    large = await _statements(client, user, query_counter)
    assert large[1]["workout_sets"] == 1 + 8 * 4 * 6
    # BEGIN, set_config, the page, the unit system, one per table, COMMIT.
    assert small[0] == large[0] == 10
    assert (await _statements(client, user, query_counter, unit="kg"))[0] == 9
    # A page with nothing in it reads where the log ends instead.
    assert (await _statements(client, user, query_counter, since="100000"))[0] == 5


async def test_template_rows_carry_their_targets(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    user = await sign_up(client)
    await _templates(owner_url, user, exercise_ids[0], 1)
    changes = (await feed(client, user))["changes"]
    assert [c["table"] for c in changes] == ["workout_templates"] + ["template_exercises"] * 2
    template, first = changes[0]["row"], changes[1]["row"]
    assert template["name"] == "Push 0"
    assert first["template_id"] == template["id"]
    assert (first["target_rpe"], first["rep_min"], first["rep_max"]) == (8.5, 5, 8)

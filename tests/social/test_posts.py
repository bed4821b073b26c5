"""Posts: writing, editing and deleting by the author, workout summaries, bounds, likes."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from tests.conftest import QueryCounter
from tests.social.conftest import assert_problem, befriend, log_workout, named, post
from tests.support import walk_pages


async def _stored_posts(owner_url: str, user_id: uuid.UUID) -> int:
    conn = await asyncpg.connect(owner_url)
    try:
        count: int = await conn.fetchval(
            "select count(*) from social_posts where user_id = $1", user_id
        )
        return count
    finally:
        await conn.close()


async def test_write_edit_delete(client: httpx.AsyncClient) -> None:
    alice, bob = await named(client, "Alice"), await named(client)
    await befriend(client, alice, bob)
    made = await post(client, alice, "private", text="  First squat day  ")
    assert made["text"] == "First squat day"
    assert made["author"] == {"id": str(alice.id), "display_name": "Alice", "avatar_url": None}
    assert (made["like_count"], made["liked_by_me"], made["workout"]) == (0, False, None)
    assert_problem(await client.get(f"/v1/posts/{made['id']}", headers=bob.headers), 404)
    shared = await client.patch(
        f"/v1/posts/{made['id']}", headers=alice.headers, json={"visibility": "friends"}
    )
    assert shared.status_code == 200, shared.text
    assert (shared.json()["visibility"], shared.json()["text"]) == ("friends", "First squat day")
    assert (await client.get(f"/v1/posts/{made['id']}", headers=bob.headers)).status_code == 200
    # Someone else's post: 404 for editing and deleting, even when they may read it.
    assert_problem(
        await client.patch(f"/v1/posts/{made['id']}", headers=bob.headers, json={"text": "x"}),
        404,
    )
    assert_problem(await client.delete(f"/v1/posts/{made['id']}", headers=bob.headers), 404)
    assert (
        await client.delete(f"/v1/posts/{made['id']}", headers=alice.headers)
    ).status_code == 204
    assert_problem(await client.get(f"/v1/posts/{made['id']}", headers=alice.headers), 404)
    assert_problem(await client.delete(f"/v1/posts/{made['id']}", headers=alice.headers), 404)


async def test_bad_posts_store_nothing(client: httpx.AsyncClient, owner_url: str) -> None:
    alice, bob = await named(client), await named(client)
    bobs_workout = await log_workout(client, bob)
    for body in (
        {},
        {"text": ""},
        {"text": "   "},
        {"text": "x" * 2001},
        {"text": "hi", "visibility": "everyone"},
        {"text": "hi", "workout_id": "nope"},
        {"text": "hi", "workout_id": bobs_workout["id"]},
        {"text": "hi", "workout_id": str(uuid.uuid4())},
        {"text": "hi", "like_count": 5},
        {"text": ["hi"]},
    ):
        response = await client.post("/v1/posts", headers=alice.headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert await _stored_posts(owner_url, alice.id) == 0
    longest = await post(client, alice, "public", text="x" * 2000)
    for body in ({"text": None}, {"visibility": None}, {"text": "y" * 2001}, {"hidden": True}):
        response = await client.patch(
            f"/v1/posts/{longest['id']}", headers=alice.headers, json=body
        )
        assert response.status_code == 422, (body, response.text)
    unchanged = await client.get(f"/v1/posts/{longest['id']}", headers=alice.headers)
    assert unchanged.json()["text"] == "x" * 2000


async def test_a_workout_summary_from_the_training_log(client: httpx.AsyncClient) -> None:
    alice, bob = await named(client), await named(client)
    await befriend(client, alice, bob)
    await client.patch("/v1/me", headers=bob.headers, json={"unit_system": "imperial"})
    workout = await log_workout(client, alice, weights=(40, 100, 102.5))
    made = await post(client, alice, "friends", workout_id=workout["id"])
    summary = made["workout"]
    assert (summary["title"], summary["set_count"]) == ("Lower A", 6)
    assert [e["sets"] for e in summary["exercises"]] == [3, 3]
    first = summary["exercises"][0]
    assert first["top_set"] == {"weight": 102.5, "unit": "kg", "reps": 7}
    assert first["name"]
    assert first["slug"]
    assert "heaviest_load" in first["records"]
    assert summary["records_broken"] >= 2
    # A reader sees masses in their own unit.
    seen = (await client.get(f"/v1/posts/{made['id']}", headers=bob.headers)).json()
    assert seen["workout"]["exercises"][0]["top_set"]["unit"] == "lb"
    assert seen["workout"]["exercises"][0]["top_set"]["weight"] == 225.974
    # Detaching the workout drops the summary; deleting the workout keeps the post's copy.
    detached = await client.patch(
        f"/v1/posts/{made['id']}", headers=alice.headers, json={"workout_id": None}
    )
    assert (detached.json()["workout_id"], detached.json()["workout"]) == (None, None)
    again = await client.patch(
        f"/v1/posts/{made['id']}", headers=alice.headers, json={"workout_id": workout["id"]}
    )
    assert again.json()["workout"] == summary
    deleted = await client.delete(f"/v1/workouts/{workout['id']}", headers=alice.headers)
    assert deleted.status_code == 204
    kept = (await client.get(f"/v1/posts/{made['id']}", headers=alice.headers)).json()
    assert kept["workout"] == summary


async def test_likes_are_idempotent_and_counted(client: httpx.AsyncClient) -> None:
    alice, bob, carol = await named(client), await named(client), await named(client)
    made = await post(client, alice, "public")
    for _ in range(2):
        liked = await client.put(f"/v1/posts/{made['id']}/like", headers=bob.headers)
        assert liked.status_code == 200, liked.text
        assert (liked.json()["like_count"], liked.json()["liked_by_me"]) == (1, True)
    liked = await client.put(f"/v1/posts/{made['id']}/like", headers=carol.headers)
    assert liked.json()["like_count"] == 2
    seen = (await client.get(f"/v1/posts/{made['id']}", headers=alice.headers)).json()
    assert (seen["like_count"], seen["liked_by_me"]) == (2, False)
    for _ in range(2):
        unliked = await client.delete(f"/v1/posts/{made['id']}/like", headers=bob.headers)
        assert unliked.status_code == 200
        assert (unliked.json()["like_count"], unliked.json()["liked_by_me"]) == (1, False)
    assert_problem(await client.put(f"/v1/posts/{uuid.uuid4()}/like", headers=bob.headers), 404)
    # A liked post goes with its likes (the count's trigger follows the cascade).
    assert (
        await client.delete(f"/v1/posts/{made['id']}", headers=alice.headers)
    ).status_code == 204
    assert_problem(await client.get(f"/v1/posts/{made['id']}", headers=carol.headers), 404)


async def test_a_persons_page_in_a_fixed_number_of_statements(
    client: httpx.AsyncClient, query_counter: QueryCounter
) -> None:
    alice, bob = await named(client), await named(client)
    await befriend(client, alice, bob)
    made = [await post(client, alice, v) for v in ("public", "friends", "private") * 2]
    seen_by_bob = await walk_pages(client, f"/v1/users/{alice.id}/posts", bob.headers, limit=2)
    assert [p["id"] for p in seen_by_bob] == [
        p["id"] for p in reversed(made) if p["visibility"] != "private"
    ]
    counts, cursor = [], None
    while True:
        query_counter.count = 0
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        response = await client.get(
            f"/v1/users/{alice.id}/posts", headers=bob.headers, params=params
        )
        counts.append(query_counter.count)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    # BEGIN, role and claims, the card, the page, the unit, COMMIT.
    assert set(counts) == {6}, counts
    assert len(counts) == 4

"""A first walk through the social API: friends, a post, the feed."""

from __future__ import annotations

import httpx

from tests.social.conftest import befriend, log_workout, named, post


async def test_walk(client: httpx.AsyncClient) -> None:
    alice, bob = await named(client, "Alice"), await named(client, "Bob")
    await befriend(client, alice, bob)
    friends = await client.get("/v1/friends", headers=bob.headers)
    assert friends.status_code == 200, friends.text
    assert [f["user"]["display_name"] for f in friends.json()["items"]] == ["Alice"]
    workout = await log_workout(client, alice)
    created = await post(client, alice, "friends", workout_id=workout["id"])
    assert created["workout"]["set_count"] == 6, created
    card = await client.get(f"/v1/users/{alice.id}", headers=bob.headers)
    assert card.status_code == 200, card.text
    seen = await client.get(f"/v1/posts/{created['id']}", headers=bob.headers)
    assert seen.status_code == 200, seen.text
    feed = await client.get("/v1/feed", headers=bob.headers)
    assert feed.status_code == 200, feed.text
    assert [p["id"] for p in feed.json()["items"]] == [created["id"]]
    liked = await client.put(f"/v1/posts/{created['id']}/like", headers=bob.headers)
    assert liked.status_code == 200, liked.text
    assert liked.json()["like_count"] == 1

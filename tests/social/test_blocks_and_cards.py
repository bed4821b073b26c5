"""Profile cards (what non-friends see) and blocks (hiding both ways, ending friendships)."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from tests.social.conftest import assert_problem, befriend, block, named, post
from tests.support import as_user, walk_pages


async def test_a_card_shows_only_what_its_owner_chose(client: httpx.AsyncClient) -> None:
    alice, bob, carol = await named(client, "Alice"), await named(client), await named(client)
    await befriend(client, alice, bob)
    await post(client, alice, "public")
    await post(client, alice, "friends")
    card = (await client.get(f"/v1/users/{alice.id}", headers=carol.headers)).json()
    assert card == {
        "id": str(alice.id),
        "display_name": "Alice",
        "avatar_url": None,
        "stats": {},
        "relation": "none",
    }
    settings = await client.patch(
        "/v1/me/card",
        headers=alice.headers,
        json={
            "avatar_url": "https://cdn.example.com/a.png",
            "public_stats": ["public_post_count", "friend_count", "friend_count"],
        },
    )
    assert settings.status_code == 200, settings.text
    assert settings.json()["public_stats"] == ["friend_count", "public_post_count"]
    card = (await client.get(f"/v1/users/{alice.id}", headers=carol.headers)).json()
    assert card["avatar_url"] == "https://cdn.example.com/a.png"
    assert card["stats"] == {"friend_count": 1, "public_post_count": 1}
    # Renaming oneself renames the card.
    await client.patch("/v1/me", headers=alice.headers, json={"display_name": "Alicia"})
    card = (await client.get(f"/v1/users/{alice.id}", headers=bob.headers)).json()
    assert (card["display_name"], card["relation"]) == ("Alicia", "friends")
    await client.patch("/v1/me/card", headers=alice.headers, json={"public_stats": []})
    card = (await client.get(f"/v1/users/{alice.id}", headers=carol.headers)).json()
    assert card["stats"] == {}
    own = (await client.get(f"/v1/users/{alice.id}", headers=alice.headers)).json()
    assert own["relation"] == "self"
    assert_problem(await client.get(f"/v1/users/{uuid.uuid4()}", headers=alice.headers), 404)
    assert (await client.get(f"/v1/users/{alice.id}")).status_code == 401


async def test_card_settings_refuse_bad_input(client: httpx.AsyncClient) -> None:
    alice = await named(client)
    before = (await client.get("/v1/me/card", headers=alice.headers)).json()
    for body in (
        {"avatar_url": "http://insecure.example.com/a.png"},
        {"avatar_url": "https://" + "a" * 600},
        {"avatar_url": "javascript:alert(1)"},
        {"public_stats": ["email"]},
        {"public_stats": "friend_count"},
        {"display_name": "Not here"},
    ):
        response = await client.patch("/v1/me/card", headers=alice.headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/me/card", headers=alice.headers)).json() == before


async def test_a_block_hides_both_ways_and_ends_the_friendship(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    alice, bob, carol = await named(client), await named(client), await named(client)
    await befriend(client, alice, bob)
    pending = await client.post(
        "/v1/friends/requests", headers=carol.headers, json={"user_id": str(alice.id)}
    )
    assert pending.status_code == 201
    await block(client, alice, bob)
    await block(client, alice, carol)
    await block(client, alice, bob)  # idempotent
    conn = await asyncpg.connect(owner_url)
    try:
        left = await conn.fetchval(
            "select count(*) from social_friendships where user_id = $1 or friend_id = $1",
            alice.id,
        )
    finally:
        await conn.close()
    assert left == 0
    for a, b in ((alice, bob), (bob, alice)):
        assert_problem(await client.get(f"/v1/users/{b.id}", headers=a.headers), 404)
        assert_problem(await client.get(f"/v1/users/{b.id}/posts", headers=a.headers), 404)
        request = await client.post(
            "/v1/friends/requests", headers=a.headers, json={"user_id": str(b.id)}
        )
        assert_problem(request, 404)
    # By email the answer is the usual one, and nothing is stored.
    by_email = await client.post(
        "/v1/friends/requests", headers=bob.headers, json={"email": alice.email}
    )
    assert by_email.status_code == 202
    assert await walk_pages(client, "/v1/friends/requests", alice.headers) == []
    blocks = await walk_pages(client, "/v1/blocks", alice.headers)
    assert {b["user_id"] for b in blocks} == {str(bob.id), str(carol.id)}
    assert await walk_pages(client, "/v1/blocks", bob.headers) == []
    # Lifting the block shows the card again; the friendship stays ended.
    assert (await client.delete(f"/v1/blocks/{bob.id}", headers=alice.headers)).status_code == 204
    assert (await client.get(f"/v1/users/{alice.id}", headers=bob.headers)).status_code == 200
    assert await walk_pages(client, "/v1/friends", bob.headers) == []


async def test_the_blocked_may_block_back_and_lift_only_their_own(
    client: httpx.AsyncClient,
) -> None:
    alice, bob = await named(client), await named(client)
    await block(client, alice, bob)
    await block(client, bob, alice)
    assert (await client.delete(f"/v1/blocks/{alice.id}", headers=bob.headers)).status_code == 204
    # Alice's block still stands.
    assert_problem(await client.get(f"/v1/users/{alice.id}", headers=bob.headers), 404)
    assert_problem(await client.post(f"/v1/blocks/{uuid.uuid4()}", headers=bob.headers), 404)
    assert_problem(await client.post(f"/v1/blocks/{bob.id}", headers=bob.headers), 422)


async def test_blocks_in_sql(client: httpx.AsyncClient, authenticator_dsn: str) -> None:
    alice, bob, carol = await named(client), await named(client), await named(client)
    await block(client, alice, bob)
    async with as_user(authenticator_dsn, bob.id) as conn:
        # The blocked person's transactions see the block (the policies need it) ...
        assert await conn.fetchval("select count(*) from public.social_blocks") == 1
        # ... but cannot lift it, nor see the blocker's card.
        assert await conn.execute("delete from public.social_blocks") == "DELETE 0"
        assert (
            await conn.fetchval(
                "select count(*) from public.social_profiles where user_id = $1", alice.id
            )
            == 0
        )
    async with as_user(authenticator_dsn, carol.id) as conn:
        assert await conn.fetchval("select count(*) from public.social_blocks") == 0
    async with as_user(authenticator_dsn, bob.id) as conn:
        # Nor send a friend request around the API.
        try:
            await conn.execute(
                "insert into public.social_friendships (user_id, id, friend_id, requested_by) "
                "values ($1, $3, $2, $1), ($2, $3, $1, $1)",
                bob.id,
                alice.id,
                uuid.uuid4(),
            )
        except asyncpg.InsufficientPrivilegeError:
            pass
        else:
            raise AssertionError("a blocked person wrote a friend request")

"""When an account goes, every social row naming it goes too, whoever owns the row (the
registry's ``OnErase.DELETE_ROWS``, kept by the foreign keys), and like counts follow."""

from __future__ import annotations

import asyncpg
import httpx

from tests.social.conftest import befriend, block, named, post


async def test_rows_naming_a_deleted_account_go(client: httpx.AsyncClient, owner_url: str) -> None:
    alice, bob, carol = await named(client), await named(client), await named(client)
    await befriend(client, alice, bob)
    await block(client, carol, alice)
    bobs = await post(client, bob, "public")
    alices = await post(client, alice, "public")
    assert (
        await client.put(f"/v1/posts/{bobs['id']}/like", headers=alice.headers)
    ).status_code == 200
    assert (
        await client.put(f"/v1/posts/{alices['id']}/like", headers=bob.headers)
    ).status_code == 200
    reported = await client.post(f"/v1/posts/{alices['id']}/report", headers=bob.headers)
    assert reported.status_code == 204
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute("delete from auth.users where id = $1", alice.id)
        left = await conn.fetchrow(
            """
            select
              (select count(*) from social_friendships
               where $1 in (user_id, friend_id, requested_by)),
              (select count(*) from social_blocks where $1 in (user_id, blocked_id)),
              (select count(*) from social_posts where user_id = $1),
              (select count(*) from social_post_likes where $1 in (user_id, post_user_id)),
              (select count(*) from social_post_reports where $1 in (user_id, post_user_id)),
              (select count(*) from social_profiles where user_id = $1)
            """,
            alice.id,
        )
        bobs_likes = await conn.fetchval(
            "select like_count from social_posts where id = $1", bobs["id"]
        )
    finally:
        await conn.close()
    assert tuple(left) == (0, 0, 0, 0, 0, 0)
    assert bobs_likes == 0
    assert (await client.get("/v1/friends", headers=bob.headers)).json()["items"] == []

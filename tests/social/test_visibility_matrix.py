"""Who sees a post, for each visibility: the author, a friend, someone else, people blocked
either way, anonymous callers and administrators; through the API (the post, the author's
page, the feed) and through SQL as ``authenticated`` (the policies alone decide there)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up_admin
from tests.social.conftest import VISIBILITIES, befriend, block, named, post
from tests.support import as_user

# Who may read a post of each visibility.
SEES = {
    "author": {"private", "friends", "public"},
    "friend": {"friends", "public"},
    "stranger": {"public"},
    "blocked_by_author": set(),
    "blocked_author": set(),
    # Through the API an administrator is a person like any other; moderation has its own
    # endpoints (test_moderation.py).
    "admin": {"public"},
}


@dataclass
class Cast:
    people: dict[str, SignedUpUser]

    @property
    def author(self) -> SignedUpUser:
        return self.people["author"]


@pytest.fixture
async def cast(client: httpx.AsyncClient, owner_url: str) -> Cast:
    author = await named(client, "Author")
    people = {
        "author": author,
        "friend": await named(client),
        "stranger": await named(client),
        "blocked_by_author": await named(client),
        "blocked_author": await named(client),
        "admin": await sign_up_admin(client, owner_url),
    }
    await befriend(client, author, people["friend"])
    # Friends first, then blocked: the block must end the friendship too.
    await befriend(client, author, people["blocked_by_author"])
    await befriend(client, people["blocked_author"], author)
    await block(client, author, people["blocked_by_author"])
    await block(client, people["blocked_author"], author)
    return Cast(people)


@asynccontextmanager
async def as_admin(dsn: str, user_id: uuid.UUID) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(dsn)
    tx = conn.transaction()
    await tx.start()
    try:
        await conn.execute(
            "select set_config('role', 'app_admin', true), "
            "set_config('request.jwt.claims', $1, true)",
            json.dumps({"sub": str(user_id), "role": "app_admin"}),
        )
        yield conn
    finally:
        await tx.rollback()
        await conn.close()


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_through_the_api(client: httpx.AsyncClient, cast: Cast, visibility: str) -> None:
    made = await post(client, cast.author, visibility)
    for who, user in cast.people.items():
        expected = visibility in SEES[who]
        single = await client.get(f"/v1/posts/{made['id']}", headers=user.headers)
        assert single.status_code == (200 if expected else 404), (who, single.text)
        page = await client.get(f"/v1/users/{cast.author.id}/posts", headers=user.headers)
        if who.startswith("blocked"):
            assert page.status_code == 404, (who, page.text)
        else:
            assert page.status_code == 200, (who, page.text)
            ids = [p["id"] for p in page.json()["items"]]
            assert (made["id"] in ids) == expected, (who, ids)
        feed = await client.get("/v1/feed", headers=user.headers)
        in_feed = made["id"] in [p["id"] for p in feed.json()["items"]]
        # The feed: one's own posts and friends' posts (no gym in common here).
        assert in_feed == (expected and who in ("author", "friend")), (who, visibility)
        liked = await client.put(f"/v1/posts/{made['id']}/like", headers=user.headers)
        assert liked.status_code == (200 if expected else 404), (who, liked.text)
    anonymous = await client.get(f"/v1/posts/{made['id']}")
    assert anonymous.status_code == 401
    assert (await client.get("/v1/feed")).status_code == 401


@pytest.mark.parametrize("visibility", VISIBILITIES)
async def test_through_sql_as_authenticated(
    client: httpx.AsyncClient, cast: Cast, authenticator_dsn: str, visibility: str
) -> None:
    made = await post(client, cast.author, visibility)
    post_id = uuid.UUID(made["id"])
    for who, user in cast.people.items():
        async with as_user(authenticator_dsn, user.id) as conn:
            seen = await conn.fetchval(
                "select count(*) from public.social_posts where id = $1", post_id
            )
            listed = await conn.fetchval(
                "select count(*) from public.social_posts where user_id = $1", cast.author.id
            )
        expected = visibility in SEES[who]
        assert seen == int(expected), (who, visibility)
        assert listed == int(expected), (who, visibility)
    # Administrators' own policy (moderation) reads every post, as app_admin only.
    async with as_admin(authenticator_dsn, cast.people["admin"].id) as conn:
        assert (
            await conn.fetchval("select count(*) from public.social_posts where id = $1", post_id)
            == 1
        )
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        async with conn.transaction():
            await conn.execute("select set_config('role', 'anon', true)")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.fetch("select * from public.social_posts")
    finally:
        await conn.close()


async def test_nobody_else_writes_the_post_in_sql(
    client: httpx.AsyncClient, cast: Cast, authenticator_dsn: str
) -> None:
    made = await post(client, cast.author, "public")
    post_id = uuid.UUID(made["id"])
    for who in ("friend", "stranger"):
        user = cast.people[who]
        async with as_user(authenticator_dsn, user.id) as conn:
            status = await conn.execute(
                "update public.social_posts set text = 'mine now' where id = $1", post_id
            )
            assert status == "UPDATE 0", who
        async with as_user(authenticator_dsn, user.id) as conn:
            assert (
                await conn.execute("delete from public.social_posts where id = $1", post_id)
                == "DELETE 0"
            )
        async with as_user(authenticator_dsn, user.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    "update public.social_posts set like_count = 1000 where id = $1", post_id
                )
        async with as_user(authenticator_dsn, user.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    "update public.social_posts set hidden_at = now() where id = $1", post_id
                )


async def test_blocked_people_cannot_like_or_see_likes_in_sql(
    client: httpx.AsyncClient, cast: Cast, authenticator_dsn: str
) -> None:
    made = await post(client, cast.author, "public")
    post_id = uuid.UUID(made["id"])
    blocked = cast.people["blocked_by_author"]
    async with as_user(authenticator_dsn, blocked.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(
                "insert into public.social_post_likes (user_id, post_user_id, post_id) "
                "values ($1, $2, $3)",
                blocked.id,
                cast.author.id,
                post_id,
            )
    friend = cast.people["friend"]
    liked = await client.put(f"/v1/posts/{made['id']}/like", headers=friend.headers)
    assert liked.status_code == 200
    async with as_user(authenticator_dsn, cast.people["stranger"].id) as conn:
        # Who liked what is the liker's own business; the count is on the post.
        assert await conn.fetchval("select count(*) from public.social_post_likes") == 0
        assert (
            await conn.fetchval("select like_count from public.social_posts where id = $1", post_id)
            == 1
        )

"""Comments: read with their post, never across a block with their writer; written on a
post one may see; removed by their writer or the post's author."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from tests.conftest import QueryCounter
from tests.social.conftest import assert_problem, befriend, block, named, post
from tests.support import as_user, walk_pages


async def _comment(
    client: httpx.AsyncClient, user: object, post_id: str, text: str
) -> httpx.Response:
    headers = user.headers  # type: ignore[attr-defined]
    return await client.post(f"/v1/posts/{post_id}/comments", headers=headers, json={"text": text})


async def test_comments_follow_the_post(client: httpx.AsyncClient) -> None:
    alice, bob, carol = (
        await named(client, "Alice"),
        await named(client, "Bob"),
        await named(client),
    )
    await befriend(client, alice, bob)
    made = await post(client, alice, "friends")
    first = await _comment(client, bob, made["id"], "  Strong!  ")
    assert first.status_code == 201, first.text
    assert (first.json()["text"], first.json()["author"]["display_name"]) == ("Strong!", "Bob")
    second = await _comment(client, alice, made["id"], "Thanks")
    assert second.status_code == 201
    path = f"/v1/posts/{made['id']}/comments"
    for reader in (alice, bob):
        texts = [c["text"] for c in await walk_pages(client, path, reader.headers, limit=1)]
        assert texts == ["Strong!", "Thanks"]
    # Someone who may not see the post neither reads nor writes its comments.
    assert_problem(await client.get(path, headers=carol.headers), 404)
    assert_problem(await _comment(client, carol, made["id"], "hi"), 404)
    assert_problem(await _comment(client, bob, str(uuid.uuid4()), "hi"), 404)
    for text in ("", "   ", "x" * 1001):
        assert_problem(await _comment(client, bob, made["id"], text), 422)
    # Removing: the writer or the post's author; nobody else.
    comment_path = f"{path}/{first.json()['id']}"
    assert_problem(await client.delete(f"{path}/{second.json()['id']}", headers=bob.headers), 404)
    assert (await client.delete(comment_path, headers=alice.headers)).status_code == 204
    assert_problem(await client.delete(comment_path, headers=bob.headers), 404)
    assert [c["text"] for c in await walk_pages(client, path, bob.headers)] == ["Thanks"]


async def test_a_block_removes_comments_between_the_two(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    alice, bob, carol = await named(client), await named(client), await named(client)
    made = await post(client, carol, "public")
    path = f"/v1/posts/{made['id']}/comments"
    assert (await _comment(client, alice, made["id"], "from alice")).status_code == 201
    assert (await _comment(client, bob, made["id"], "from bob")).status_code == 201
    await block(client, alice, bob)
    # On a third person's post both comments stay; neither of the two sees the other's.
    assert [c["text"] for c in await walk_pages(client, path, alice.headers)] == ["from alice"]
    assert [c["text"] for c in await walk_pages(client, path, bob.headers)] == ["from bob"]
    assert [c["text"] for c in await walk_pages(client, path, carol.headers)] == [
        "from alice",
        "from bob",
    ]
    async with as_user(authenticator_dsn, bob.id) as conn:
        seen = await conn.fetchval("select count(*) from public.social_post_comments")
    assert seen == 1
    # On the blocker's own posts the blocked person's comments go.
    alices = await post(client, alice, "public")
    await client.delete(f"/v1/blocks/{bob.id}", headers=alice.headers)
    assert (await _comment(client, bob, alices["id"], "hello")).status_code == 201
    await block(client, alice, bob)
    await client.delete(f"/v1/blocks/{bob.id}", headers=alice.headers)
    comments = f"/v1/posts/{alices['id']}/comments"
    assert await walk_pages(client, comments, alice.headers) == []


async def test_comments_in_sql(client: httpx.AsyncClient, authenticator_dsn: str) -> None:
    alice, bob = await named(client), await named(client)
    made = await post(client, alice, "private")
    async with as_user(authenticator_dsn, bob.id) as conn:
        try:
            await conn.execute(
                "insert into public.social_post_comments (user_id, post_user_id, post_id, text) "
                "values ($1, $2, $3, 'hi')",
                bob.id,
                alice.id,
                uuid.UUID(made["id"]),
            )
        except asyncpg.InsufficientPrivilegeError:
            pass
        else:
            raise AssertionError("a comment on a post its writer may not see")


async def test_the_list_in_a_fixed_number_of_statements(
    client: httpx.AsyncClient, query_counter: QueryCounter
) -> None:
    alice = await named(client)
    made = await post(client, alice, "public")
    for i in range(4):
        assert (await _comment(client, alice, made["id"], f"note {i}")).status_code == 201
    counts, cursor = [], None
    while True:
        query_counter.count = 0
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        response = await client.get(
            f"/v1/posts/{made['id']}/comments", headers=alice.headers, params=params
        )
        assert response.status_code == 200, response.text
        counts.append(query_counter.count)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    # BEGIN, role and claims, the post, the page, COMMIT.
    assert counts == [5] * 4

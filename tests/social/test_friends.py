"""Friend requests and friendships: by id and by exact email, accept, decline, cancel,
remove; the two rows of a pair; what a request to an unknown address answers."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from tests.conftest import QueryCounter
from tests.social.conftest import assert_problem, befriend, named
from tests.support import as_user, walk_pages


async def _request(client: httpx.AsyncClient, user: object, **body: str) -> httpx.Response:
    headers = user.headers  # type: ignore[attr-defined]
    return await client.post("/v1/friends/requests", headers=headers, json=body)


async def _pair_rows(owner_url: str, a: uuid.UUID, b: uuid.UUID) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(owner_url)
    try:
        return list(
            await conn.fetch(
                "select user_id, friend_id, status, requested_by, id from social_friendships "
                "where (user_id = $1 and friend_id = $2) or (user_id = $2 and friend_id = $1) "
                "order by user_id = $1 desc",
                a,
                b,
            )
        )
    finally:
        await conn.close()


async def test_request_accept_and_remove(client: httpx.AsyncClient, owner_url: str) -> None:
    alice, bob = await named(client, "Alice"), await named(client, "Bob")
    sent = await _request(client, alice, user_id=str(bob.id))
    assert sent.status_code == 201, sent.text
    request = sent.json()
    assert request["direction"] == "outgoing"
    assert request["status"] == "pending"
    assert request["user"] == {"id": str(bob.id), "display_name": "Bob", "avatar_url": None}
    again = await _request(client, alice, user_id=str(bob.id))
    assert again.status_code == 200
    assert again.json()["id"] == request["id"]
    incoming = await client.get(
        "/v1/friends/requests", headers=bob.headers, params={"direction": "incoming"}
    )
    assert [(r["id"], r["user"]["display_name"]) for r in incoming.json()["items"]] == [
        (request["id"], "Alice")
    ]
    outgoing = await client.get(
        "/v1/friends/requests", headers=bob.headers, params={"direction": "outgoing"}
    )
    assert outgoing.json()["items"] == []
    # The requester cannot accept their own request.
    assert_problem(
        await client.post(f"/v1/friends/requests/{request['id']}/accept", headers=alice.headers),
        404,
    )
    accepted = await client.post(
        f"/v1/friends/requests/{request['id']}/accept", headers=bob.headers
    )
    assert accepted.status_code == 204
    rows = await _pair_rows(owner_url, alice.id, bob.id)
    assert [(r["status"], r["requested_by"], r["id"]) for r in rows] == [
        ("accepted", alice.id, uuid.UUID(request["id"]))
    ] * 2
    for me, other in ((alice, "Bob"), (bob, "Alice")):
        friends = await client.get("/v1/friends", headers=me.headers)
        assert [f["user"]["display_name"] for f in friends.json()["items"]] == [other]
    assert_problem(await _request(client, bob, user_id=str(alice.id)), 409)
    removed = await client.delete(f"/v1/friends/{alice.id}", headers=bob.headers)
    assert removed.status_code == 204
    assert await _pair_rows(owner_url, alice.id, bob.id) == []
    assert_problem(await client.delete(f"/v1/friends/{alice.id}", headers=bob.headers), 404)


async def test_decline_and_cancel(client: httpx.AsyncClient, owner_url: str) -> None:
    alice, bob, carol = await named(client), await named(client), await named(client)
    to_bob = (await _request(client, alice, user_id=str(bob.id))).json()
    to_carol = (await _request(client, alice, user_id=str(carol.id))).json()
    # Only the person asked declines; only the requester cancels.
    assert_problem(
        await client.post(f"/v1/friends/requests/{to_bob['id']}/decline", headers=alice.headers),
        404,
    )
    assert_problem(
        await client.post(f"/v1/friends/requests/{to_carol['id']}/cancel", headers=carol.headers),
        404,
    )
    assert_problem(
        await client.post(f"/v1/friends/requests/{to_bob['id']}/accept", headers=carol.headers),
        404,
    )
    declined = await client.post(
        f"/v1/friends/requests/{to_bob['id']}/decline", headers=bob.headers
    )
    assert declined.status_code == 204
    cancelled = await client.post(
        f"/v1/friends/requests/{to_carol['id']}/cancel", headers=alice.headers
    )
    assert cancelled.status_code == 204
    assert await _pair_rows(owner_url, alice.id, bob.id) == []
    assert await _pair_rows(owner_url, alice.id, carol.id) == []
    # Declined is not blocked: asking again works.
    assert (await _request(client, alice, user_id=str(bob.id))).status_code == 201


async def test_asking_someone_who_asked_you_accepts(client: httpx.AsyncClient) -> None:
    alice, bob = await named(client), await named(client)
    first = (await _request(client, alice, user_id=str(bob.id))).json()
    answer = await _request(client, bob, user_id=str(alice.id))
    assert answer.status_code == 200
    assert answer.json()["id"] == first["id"]
    assert answer.json()["status"] == "accepted"
    assert answer.json()["direction"] == "incoming"


async def test_by_email_answers_the_same_whatever_the_address(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    alice, bob = await named(client, "Alice"), await named(client, "Bob")
    known = await _request(client, alice, email=bob.email.upper())
    unknown = await _request(client, alice, email=f"nobody-{uuid.uuid4().hex}@example.com")
    own = await _request(client, alice, email=alice.email)
    for response in (known, unknown, own):
        assert response.status_code == 202, response.text
    assert known.json() == unknown.json() == own.json()
    # The requester sees nothing of it until it is accepted; the person asked does.
    assert await walk_pages(client, "/v1/friends/requests", alice.headers) == []
    incoming = await walk_pages(client, "/v1/friends/requests", bob.headers)
    assert [r["user"]["display_name"] for r in incoming] == ["Alice"]
    rows = await _pair_rows(owner_url, alice.id, bob.id)
    assert len(rows) == 2
    accepted = await client.post(
        f"/v1/friends/requests/{incoming[0]['id']}/accept", headers=bob.headers
    )
    assert accepted.status_code == 204
    friends = await walk_pages(client, "/v1/friends", alice.headers)
    assert [f["user"]["display_name"] for f in friends] == ["Bob"]


async def test_email_request_is_invisible_to_its_sender_in_sql(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    alice, bob = await named(client), await named(client)
    assert (await _request(client, alice, email=bob.email)).status_code == 202
    async with as_user(authenticator_dsn, alice.id) as conn:
        assert await conn.fetchval("select count(*) from public.social_friendships") == 0
        # Nor can the sender learn of the account through the function's result.
        assert await conn.fetchval(
            "select public.social_request_by_email($1)::text", bob.email
        ) in (None, "")
    async with as_user(authenticator_dsn, bob.id) as conn:
        assert await conn.fetchval("select count(*) from public.social_friendships") == 2


async def test_bad_requests_store_nothing(client: httpx.AsyncClient, owner_url: str) -> None:
    alice = await named(client)
    bodies: list[dict[str, object]] = [
        {},
        {"user_id": str(alice.id), "email": alice.email},
        {"user_id": "not-a-uuid"},
        {"email": "x" * 400},
        {"email": "not an address"},
        {"user_id": str(alice.id)},
        {"user_id": str(alice.id), "extra": 1},
    ]
    for body in bodies:
        response = await client.post("/v1/friends/requests", headers=alice.headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert_problem(await _request(client, alice, user_id=str(uuid.uuid4())), 404)
    conn = await asyncpg.connect(owner_url)
    try:
        stored = await conn.fetchval(
            "select count(*) from social_friendships where user_id = $1 or friend_id = $1",
            alice.id,
        )
    finally:
        await conn.close()
    assert stored == 0
    assert_problem(
        await client.post(f"/v1/friends/requests/{uuid.uuid4()}/accept", headers=alice.headers),
        404,
    )


async def test_lists_page_in_a_fixed_number_of_statements(
    client: httpx.AsyncClient, query_counter: QueryCounter
) -> None:
    me = await named(client)
    others = [await named(client) for _ in range(5)]
    for other in others[:3]:
        await befriend(client, me, other)
    for other in others[3:]:
        assert (await _request(client, other, user_id=str(me.id))).status_code == 201
    for path, expected in (("/v1/friends", 3), ("/v1/friends/requests", 2)):
        counts, cursor, seen = [], None, []
        while True:
            query_counter.count = 0
            params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
            response = await client.get(path, headers=me.headers, params=params)
            assert response.status_code == 200, response.text
            counts.append(query_counter.count)
            seen += response.json()["items"]
            cursor = response.json()["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == expected
        # BEGIN, role and claims, the page, COMMIT.
        assert set(counts) == {4}, (path, counts)

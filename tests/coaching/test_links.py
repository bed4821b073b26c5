"""Mentor profiles and the links' life: invitation, request, accept, scopes, end, history."""

from __future__ import annotations

import uuid

import asyncpg
import httpx
import pytest

from tests.coaching.conftest import coach, link
from tests.conftest import QueryCounter, sign_up
from tests.social.conftest import assert_problem
from tests.support import as_user, walk_pages


async def test_mentor_profile_put_get_and_public_search(client: httpx.AsyncClient) -> None:
    mentor = await coach(client)
    mine = await client.get("/v1/me/mentor-profile", headers=mentor.headers)
    assert mine.status_code == 200
    assert mine.json()["user_id"] == str(mentor.id)
    body = {
        "bio": "Olympic lifting, 10 years",
        "specialties": ["weightlifting"],
        "languages": ["en", "pt-BR"],
        "price_text": "40 EUR / month",
        "accepting_clients": False,
    }
    again = await client.put("/v1/me/mentor-profile", headers=mentor.headers, json=body)
    assert again.status_code == 200, again.text
    assert again.json()["languages"] == ["en", "pt-BR"]
    # Without a token, by a word of the bio.
    found = await client.get("/v1/mentors", params={"q": "olympic"})
    assert found.status_code == 200, found.text
    assert [m["user_id"] for m in found.json()["items"]] == [str(mentor.id)]
    nothing = await client.get("/v1/mentors", params={"q": "100%_"})
    assert nothing.json()["items"] == []
    assert_problem(await client.get("/v1/mentors", params={"q": "x" * 101}), 422)
    nobody = await sign_up(client)
    assert_problem(await client.get("/v1/me/mentor-profile", headers=nobody.headers), 404)


async def test_bad_mentor_profiles_are_refused_and_nothing_stored(
    client: httpx.AsyncClient,
) -> None:
    user = await sign_up(client)
    for body in (
        {"languages": ["english!"]},
        {"specialties": ["x" * 61]},
        {"specialties": ["a"] * 11},
        {"specialties": ["a", "A"]},
        {"bio": "x" * 2001},
        {"price_text": ""},
        {"unknown": 1},
    ):
        response = await client.put("/v1/me/mentor-profile", headers=user.headers, json=body)
        assert_problem(response, 422)
    assert_problem(await client.get("/v1/me/mentor-profile", headers=user.headers), 404)


async def test_mentors_page_walk_and_statement_count(
    client: httpx.AsyncClient, query_counter: QueryCounter
) -> None:
    made = {str((await coach(client)).id) for _ in range(5)}
    walked = await walk_pages(client, "/v1/mentors", {}, limit=2)
    ids = [m["user_id"] for m in walked]
    assert made <= set(ids)
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))
    query_counter.count = 0
    response = await client.get("/v1/mentors", params={"limit": 2})
    assert response.status_code == 200
    assert query_counter.count <= 4  # BEGIN, role and claims, the page, COMMIT


async def test_invite_accept_history_and_end(client: httpx.AsyncClient) -> None:
    mentor, person = await coach(client), await sign_up(client)
    body = {"coach_id": str(mentor.id), "scopes": ["training:read", "readiness:read"]}
    made = await client.post("/v1/coach-links", headers=person.headers, json=body)
    assert made.status_code == 201, made.text
    link_id = made.json()["id"]
    assert made.json()["status"] == "pending"
    assert made.json()["role"] == "client"
    # The client cannot accept their own invitation; the coach does, without scopes.
    url = f"/v1/coach-links/{link_id}"
    assert_problem(await client.post(f"{url}/accept", headers=person.headers), 422)
    refused = await client.post(
        f"{url}/accept", headers=mentor.headers, json={"scopes": ["programs:write"]}
    )
    assert_problem(refused, 422)
    accepted = await client.post(f"{url}/accept", headers=mentor.headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "active"
    assert accepted.json()["role"] == "coach"
    # Only one live link per pair.
    assert_problem(await client.post("/v1/coach-links", headers=person.headers, json=body), 409)
    # The client narrows the scopes; the coach cannot change them.
    patched = await client.patch(url, headers=person.headers, json={"scopes": ["training:read"]})
    assert patched.status_code == 200, patched.text
    assert patched.json()["scopes"] == ["training:read"]
    coach_patch = await client.patch(url, headers=mentor.headers, json={"scopes": []})
    assert_problem(coach_patch, 404)
    ended = await client.delete(url, headers=mentor.headers)
    assert ended.status_code == 204
    final = (await client.get(url, headers=person.headers)).json()
    assert final["status"] == "ended"
    assert final["ended_by"] == "coach"
    assert [(e["kind"], e["actor"]) for e in final["history"]] == [
        ("created", "client"),
        ("accepted", "coach"),
        ("scopes_changed", "client"),
        ("ended", "coach"),
    ]
    assert_problem(await client.delete(url, headers=person.headers), 404)


async def test_coach_request_then_client_chooses_scopes(client: httpx.AsyncClient) -> None:
    mentor, person = await coach(client), await sign_up(client)
    body = {"client_id": str(person.id)}
    made = await client.post("/v1/coach-links", headers=mentor.headers, json=body)
    assert made.status_code == 201, made.text
    assert made.json()["scopes"] == []
    url = f"/v1/coach-links/{made.json()['id']}"
    # The coach cannot accept their own request, nor ask with scopes.
    assert_problem(await client.post(f"{url}/accept", headers=mentor.headers), 422)
    with_scopes = {"client_id": str(person.id), "scopes": ["training:read"]}
    other = await sign_up(client)
    with_scopes["client_id"] = str(other.id)
    assert_problem(
        await client.post("/v1/coach-links", headers=mentor.headers, json=with_scopes), 422
    )
    # Accepting without scopes is refused; with them it is active.
    assert_problem(await client.post(f"{url}/accept", headers=person.headers, json={}), 422)
    accepted = await client.post(
        f"{url}/accept", headers=person.headers, json={"scopes": ["readiness:read"]}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["scopes"] == ["readiness:read"]


async def test_bad_links_are_refused_and_nothing_stored(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    mentor, person = await coach(client), await sign_up(client)
    for body in (
        {"coach_id": str(person.id)},
        {"client_id": str(person.id)},
        {"coach_id": str(mentor.id), "scopes": ["admin:all"]},
        {"coach_id": str(mentor.id), "scopes": ["training:read", "training:read"]},
        {"coach_id": str(mentor.id), "expires_at": "2001-01-01T00:00:00Z"},
        {"coach_id": str(mentor.id), "client_id": str(mentor.id)},
        {},
    ):
        response = await client.post("/v1/coach-links", headers=person.headers, json=body)
        assert_problem(response, 422)
    # A coach without a mentor profile, an account that does not exist.
    plain = await sign_up(client)
    missing = {"coach_id": str(plain.id)}
    assert_problem(await client.post("/v1/coach-links", headers=person.headers, json=missing), 404)
    # Without a profile nobody asks clients; a full coach takes no invitation.
    asking = {"client_id": str(person.id)}
    assert_problem(await client.post("/v1/coach-links", headers=plain.headers, json=asking), 409)
    full = await coach(client)
    closed = {"bio": "Full", "accepting_clients": False}
    assert (
        await client.put("/v1/me/mentor-profile", headers=full.headers, json=closed)
    ).status_code == 200
    invite = {"coach_id": str(full.id)}
    assert_problem(await client.post("/v1/coach-links", headers=person.headers, json=invite), 409)
    unknown = {"client_id": str(uuid.uuid4())}
    assert_problem(await client.post("/v1/coach-links", headers=mentor.headers, json=unknown), 404)
    conn = await asyncpg.connect(owner_url)
    try:
        count = await conn.fetchval(
            "select count(*) from coach_client_links where user_id = $1 or coach_id = $1",
            person.id,
        )
    finally:
        await conn.close()
    assert count == 0


async def test_links_list_pages_and_statement_count(
    client: httpx.AsyncClient, query_counter: QueryCounter
) -> None:
    person = await sign_up(client)
    for _ in range(5):
        await link(client, person, await coach(client), ("training:read",), "pending")
    walked = await walk_pages(client, "/v1/coach-links", person.headers, limit=2)
    assert len(walked) == 5
    assert all(len(item["history"]) == 1 for item in walked)
    query_counter.count = 0
    response = await client.get("/v1/coach-links", headers=person.headers, params={"limit": 3})
    assert response.status_code == 200
    first = query_counter.count
    query_counter.count = 0
    response = await client.get("/v1/coach-links", headers=person.headers, params={"limit": 1})
    assert query_counter.count == first  # the same whatever the page's size
    assert first <= 5  # BEGIN, role and claims, links, history, COMMIT


async def test_the_database_holds_the_link_rules_in_sql(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    """Whoever writes (not only the API): a coach changes no scopes or expiry, the asking
    side does not accept, an ended link stays ended."""
    mentor, person = await coach(client), await sign_up(client)
    body = {"coach_id": str(mentor.id), "scopes": ["training:read"]}
    made = (await client.post("/v1/coach-links", headers=person.headers, json=body)).json()
    link_id = uuid.UUID(made["id"])
    refused = (
        (mentor.id, "update coach_client_links set scopes = '{programs:write}' where id = $1"),
        (
            mentor.id,
            "update coach_client_links set expires_at = now() + interval '1 day' where id = $1",
        ),
        (person.id, "update coach_client_links set status = 'active' where id = $1"),
        (mentor.id, "update coach_client_links set coach_id = user_id where id = $1"),
    )
    for who, sql in refused:
        async with as_user(authenticator_dsn, who) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(sql, link_id)
    # A coach cannot write a link with scopes, nor one that is already active.
    for status, scopes in (("pending", ["training:read"]), ("active", [])):
        async with as_user(authenticator_dsn, mentor.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    "insert into coach_client_links (user_id, coach_id, scopes, status, "
                    "requested_by) values ($1, $2, $3, $4, 'coach')",
                    person.id,
                    mentor.id,
                    scopes,
                    status,
                )
    assert (
        await client.delete(f"/v1/coach-links/{link_id}", headers=person.headers)
    ).status_code == 204
    async with as_user(authenticator_dsn, person.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(
                "update coach_client_links set status = 'active' where id = $1", link_id
            )

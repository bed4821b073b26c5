"""What a coach reads of a client: scopes x tables x link states, through the API and
through SQL as ``authenticated``; two clients apart; cycle data never; ending is at once."""

from __future__ import annotations

import uuid

import asyncpg
import httpx
import pytest

from tests.coaching.conftest import SCOPES, client_with_data, coach, link
from tests.conftest import QueryCounter
from tests.rls.factories import FACTORIES
from tests.social.conftest import assert_problem
from tests.support import as_user

STATES = ("pending", "active", "expired", "ended")
# Each endpoint and table, with the scope that opens it.
ENDPOINTS = {"workouts": "training:read", "records": "training:read", "readiness": "readiness:read"}
TABLES = {
    "workouts": "training:read",
    "workout_exercises": "training:read",
    "workout_sets": "training:read",
    "readiness_checkins": "readiness:read",
    "ai_programs": "programs:write",
    "cycle_consents": None,
    "cycle_events": None,
}


async def _visible(authenticator_dsn: str, reader: uuid.UUID, owner: uuid.UUID) -> dict[str, int]:
    async with as_user(authenticator_dsn, reader) as conn:
        return {
            table: await conn.fetchval(f"select count(*) from {table} where user_id = $1", owner)
            for table in TABLES
        }


async def _client_rows(owner_url: str, client_id: uuid.UUID) -> None:
    """A program and cycle data for the client (through the privileged connection)."""
    conn = await asyncpg.connect(owner_url)
    try:
        for table in ("public.ai_programs", "public.cycle_events"):
            await FACTORIES[table](conn, client_id)
    finally:
        await conn.close()


# Writes a coach may try on a client's rows, with the scope that allows each.
WRITES = {
    "programs:write": (
        "insert into public.ai_programs (user_id, title, goal, weeks, created_by, seed, "
        "generator_version, inputs_digest, program_data, inputs) values ($1, 'Coach', "
        "'strength', 4, 'coach', 0, 'coaching/1', repeat('0', 64), '{}', '{}')"
    ),
    "comments:write": (
        "insert into public.coach_notes (user_id, client_id, workout_id, body) "
        "values ($2, $1, $3, 'Note')"
    ),
}


async def _writes(
    authenticator_dsn: str, coach_id: uuid.UUID, client_id: uuid.UUID, workout_id: uuid.UUID
) -> dict[str, bool]:
    """Which writes the coach's SQL session may make (each in its own transaction)."""
    done = {}
    for scope, sql in WRITES.items():
        async with as_user(authenticator_dsn, coach_id) as conn:
            try:
                args = (client_id, coach_id, workout_id)[: sql.count("$")]
                await conn.execute(sql, *args)
                done[scope] = True
            except asyncpg.InsufficientPrivilegeError:
                done[scope] = False
    return done


@pytest.mark.parametrize("state", STATES)
async def test_scope_matrix_through_the_api_and_sql(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str, state: str
) -> None:
    person, workout = await client_with_data(client)
    await _client_rows(owner_url, person.id)
    for scope in SCOPES:
        mentor = await coach(client)
        await link(client, person, mentor, (scope,), state, owner_url)
        for endpoint, needed in ENDPOINTS.items():
            url = f"/v1/coach/clients/{person.id}/{endpoint}"
            response = await client.get(url, headers=mentor.headers)
            if state == "active" and scope == needed:
                assert response.status_code == 200, (scope, endpoint, response.text)
                body = response.json()
                assert body["items"], (scope, endpoint)
            else:
                assert_problem(response, 404)
        seen = await _visible(authenticator_dsn, mentor.id, person.id)
        expected = {
            table: (seen[table] > 0) if needed == scope and state == "active" else False
            for table, needed in TABLES.items()
        }
        assert {t: n > 0 for t, n in seen.items()} == expected, (scope, state, seen)
        if state == "active":
            granted = [t for t, needed in TABLES.items() if needed == scope]
            assert all(seen[t] > 0 for t in granted), (scope, seen)
        wrote = await _writes(authenticator_dsn, mentor.id, person.id, uuid.UUID(workout["id"]))
        assert wrote == {w: state == "active" and w == scope for w in WRITES}, (scope, state)


async def test_all_scopes_never_open_cycle_data(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str
) -> None:
    person, _ = await client_with_data(client)
    await _client_rows(owner_url, person.id)
    mentor = await coach(client)
    await link(client, person, mentor, SCOPES, "active", owner_url)
    seen = await _visible(authenticator_dsn, mentor.id, person.id)
    assert seen["cycle_events"] == 0
    assert seen["cycle_consents"] == 0
    assert all(seen[t] > 0 for t, needed in TABLES.items() if needed is not None)
    # The owner still sees their own cycle data.
    own = await _visible(authenticator_dsn, person.id, person.id)
    assert own["cycle_events"] > 0


async def test_two_clients_of_one_coach_stay_apart(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str
) -> None:
    mentor = await coach(client)
    (ana, ana_workout), (ben, ben_workout) = (
        await client_with_data(client),
        await client_with_data(client),
    )
    await link(client, ana, mentor, ("training:read",), "active", owner_url)
    await link(client, ben, mentor, ("readiness:read",), "active", owner_url)
    ana_page = await client.get(f"/v1/coach/clients/{ana.id}/workouts", headers=mentor.headers)
    assert [w["id"] for w in ana_page.json()["items"]] == [ana_workout["id"]]
    # Ben granted readiness only: his workouts stay closed, whoever else the coach coaches.
    assert_problem(
        await client.get(f"/v1/coach/clients/{ben.id}/workouts", headers=mentor.headers), 404
    )
    async with as_user(authenticator_dsn, mentor.id) as conn:
        owners = {r["user_id"] for r in await conn.fetch("select user_id from workouts")}
        rows = await conn.fetch("select user_id from readiness_checkins")
        checkins = {r["user_id"] for r in rows}
    assert owners == {ana.id}
    assert checkins == {ben.id}
    # Each client sees nothing of the other.
    async with as_user(authenticator_dsn, ana.id) as conn:
        assert await conn.fetchval("select count(*) from workouts where user_id = $1", ben.id) == 0
    clients = await client.get("/v1/coach/clients", headers=mentor.headers)
    assert {c["client_id"] for c in clients.json()["items"]} == {str(ana.id), str(ben.id)}
    assert ben_workout["id"] not in {w["id"] for w in ana_page.json()["items"]}


async def test_ending_a_link_closes_access_in_the_next_request(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    person, _ = await client_with_data(client)
    mentor = await coach(client)
    made = await link(client, person, mentor, ("training:read",), "active", owner_url)
    url = f"/v1/coach/clients/{person.id}/workouts"
    assert (await client.get(url, headers=mentor.headers)).status_code == 200
    ended = await client.delete(f"/v1/coach-links/{made['id']}", headers=person.headers)
    assert ended.status_code == 204
    assert_problem(await client.get(url, headers=mentor.headers), 404)
    clients = await client.get("/v1/coach/clients", headers=mentor.headers)
    assert clients.json()["items"] == []


async def test_coach_lists_count_statements(
    client: httpx.AsyncClient, owner_url: str, query_counter: QueryCounter
) -> None:
    mentor = await coach(client)
    people = [await client_with_data(client) for _ in range(3)]
    for person, _ in people:
        await link(client, person, mentor, ("training:read",), "active", owner_url)
    counts = []
    for limit in (1, 3):
        query_counter.count = 0
        response = await client.get(
            "/v1/coach/clients", headers=mentor.headers, params={"limit": limit}
        )
        assert len(response.json()["items"]) == limit
        counts.append(query_counter.count)
    assert counts[0] == counts[1] <= 4
    query_counter.count = 0
    person = people[0][0]
    response = await client.get(f"/v1/coach/clients/{person.id}/workouts", headers=mentor.headers)
    assert response.status_code == 200
    assert query_counter.count <= 7  # BEGIN, claims, the link, the page, the unit, COMMIT

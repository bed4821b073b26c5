"""Erasing a coach and erasing a client: the scan finds the person in the coaching tables
before, and nowhere after; the other side keeps what is theirs."""

from __future__ import annotations

import asyncpg
import httpx

from ironbase.db.setup import DatabaseTarget
from ironbase.privacy.scan import scan_database
from tests.coaching.conftest import client_with_data, coach, link
from tests.conftest import PASSWORD, SignedUpUser


async def _coached(
    client: httpx.AsyncClient, owner_url: str
) -> tuple[SignedUpUser, SignedUpUser, str]:
    """A coach with an active link to a client, a note on the client's workout, and the
    note's entry in the client's coach log."""
    mentor = await coach(client)
    person, workout = await client_with_data(client)
    await link(client, person, mentor, ("training:read", "comments:write"), "active", owner_url)
    url = f"/v1/coach/clients/{person.id}/workouts/{workout['id']}/notes"
    made = await client.post(url, headers=mentor.headers, json={"body": "Depth looked good"})
    assert made.status_code == 201, made.text
    return mentor, person, workout["id"]


async def _erase(client: httpx.AsyncClient, who: SignedUpUser) -> None:
    response = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=who.headers
    )
    assert response.status_code == 200, response.text


async def _count(owner_url: str, sql: str, *args: object) -> int:
    conn = await asyncpg.connect(owner_url)
    try:
        value: int = await conn.fetchval(sql, *args)
        return value
    finally:
        await conn.close()


async def test_erasing_a_coach(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    mentor, person, _ = await _coached(client, owner_url)
    before = await scan_database(database_target, mentor.id, mentor.email)
    found = {f"{h.table}.{h.column}" for h in before.hits}
    for column in (
        "public.mentor_profiles.user_id",
        "public.coach_client_links.coach_id",
        "public.coach_client_link_events.coach_id",
        "public.coach_notes.user_id",
        "public.coach_logs.actor_id",
    ):
        assert column in found, column
    await _erase(client, mentor)
    after = await scan_database(database_target, mentor.id, mentor.email)
    assert after.hits == (), after.hits
    # The client keeps their log entry (without the coach) and their workout.
    kept = await _count(
        owner_url,
        "select count(*) from coach_logs where user_id = $1 and kind = 'note' and actor_id is null",
        person.id,
    )
    assert kept == 1
    assert (await client.get("/v1/coach-links", headers=person.headers)).json()["items"] == []


async def test_erasing_a_client(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    mentor, person, _ = await _coached(client, owner_url)
    before = await scan_database(database_target, person.id, person.email)
    found = {f"{h.table}.{h.column}" for h in before.hits}
    for column in (
        "public.coach_client_links.user_id",
        "public.coach_client_link_events.user_id",
        "public.coach_notes.client_id",
        "public.coach_logs.user_id",
    ):
        assert column in found, column
    await _erase(client, person)
    after = await scan_database(database_target, person.id, person.email)
    assert after.hits == (), after.hits
    # The coach keeps their profile; the note on the erased workout is gone.
    mine = await client.get("/v1/me/mentor-profile", headers=mentor.headers)
    assert mine.status_code == 200
    notes = await _count(
        owner_url, "select count(*) from coach_notes where user_id = $1", mentor.id
    )
    assert notes == 0
    assert (await client.get("/v1/coach/clients", headers=mentor.headers)).json()["items"] == []

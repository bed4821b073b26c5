"""Fixtures for the paging tests: the gyms domain's catalog rows, and a caller who can reach
every list (a platform administrator who belongs to a gym, keeps plates there, tracks
their cycle and has written a post)."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import SignedUpUser, client_for, sign_up, sign_up_admin
from tests.gyms.conftest import Catalog, catalog, create_gym, gym_reference, join
from tests.rls.factories import approved_ambassador

__all__ = ["Lister", "catalog", "gym_reference", "lister"]


@dataclass(frozen=True)
class Lister:
    user: SignedUpUser
    gym_id: str
    post_id: str
    challenge_id: str
    battle_id: str
    #: coaching: a client who granted the lister every scope (their lists are the client's)
    client_id: str


@pytest.fixture(scope="session")
async def lister(app: FastAPI, owner_url: str, gym_reference: Catalog) -> Lister:
    """One per session: the tests only read through it."""
    async with client_for(app) as client:
        return await _make_lister(client, owner_url, gym_reference)


async def _make_lister(client: httpx.AsyncClient, owner_url: str, catalog: Catalog) -> Lister:
    user = await sign_up_admin(client, owner_url)
    gym = await create_gym(client, user)
    body = {"bar_types": [{"bar_type": catalog.olympic_kg}]}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await join(client, user, gym["id"])
    plates = {
        "plates": [{"mass": 20, "pairs": 1}, {"mass": 10, "pairs": 1}, {"mass": 5, "pairs": 2}]
    }
    stored = await client.put(f"/v1/me/gyms/{gym['id']}/plates", headers=user.headers, json=plates)
    assert stored.status_code == 200, stored.text
    # Cycle tracking is opt-in: its lists answer 409 until the person consents.
    consent = await client.put("/v1/cycle/consent", headers=user.headers)
    assert consent.status_code == 200, consent.text
    made = await client.post("/v1/posts", headers=user.headers, json={"text": "Lists"})
    assert made.status_code == 201, made.text
    challenge = await client.post(
        "/v1/challenges",
        headers=user.headers,
        json={
            "title": "Paging", "metric": "sessions", "visibility": "public",
            "starts_at": "2026-11-01T00:00:00Z", "ends_at": "2026-12-01T00:00:00Z",
        },
    )  # fmt: skip
    assert challenge.status_code == 201, challenge.text
    # Battles are an approved ambassador's: the profile as an administrator's approval leaves it.
    conn = await asyncpg.connect(owner_url)
    try:
        await approved_ambassador(conn, user.id)
    finally:
        await conn.close()
    battle = await client.post(
        "/v1/battles",
        headers=user.headers,
        json={
            "title": "Paging", "metric": "sessions",
            "starts_at": "2026-11-01T00:00:00Z", "ends_at": "2027-01-01T00:00:00Z",
        },
    )  # fmt: skip
    assert battle.status_code == 201, battle.text
    client_id = await _coached_client(client, user)
    return Lister(
        user,
        gym["id"],
        made.json()["id"],
        challenge.json()["id"],
        battle.json()["id"],
        client_id,
    )


async def _coached_client(client: httpx.AsyncClient, coach: SignedUpUser) -> str:
    """Coaching's lists need a client: one who invites the lister with every scope."""
    profile = await client.put("/v1/me/mentor-profile", headers=coach.headers, json={})
    assert profile.status_code == 201, profile.text
    person = await sign_up(client)
    scopes = ["training:read", "readiness:read", "programs:write", "comments:write"]
    body = {"coach_id": str(coach.id), "scopes": scopes}
    invited = await client.post("/v1/coach-links", headers=person.headers, json=body)
    assert invited.status_code == 201, invited.text
    url = f"/v1/coach-links/{invited.json()['id']}/accept"
    accepted = await client.post(url, headers=coach.headers)
    assert accepted.status_code == 200, accepted.text
    return str(person.id)

"""Helpers for the coaching tests: a coach with a mentor profile, links in each state,
and a client with a workout and a check-in."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.programs.conftest import lifter  # noqa: F401  (a fixture used here)
from tests.social.conftest import log_workout

SCOPES = ("training:read", "readiness:read", "programs:write", "comments:write")


@pytest.fixture(autouse=True)
def _catalog(seeded_catalog: None) -> None:
    """Workouts need the catalog's exercises."""


async def coach(client: httpx.AsyncClient) -> SignedUpUser:
    user = await sign_up(client)
    body = {"bio": "Strength coach", "specialties": ["powerlifting"], "languages": ["en"]}
    response = await client.put("/v1/me/mentor-profile", headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    return user


async def client_with_data(client: httpx.AsyncClient) -> tuple[SignedUpUser, dict[str, Any]]:
    """A client with one logged workout and today's check-in."""
    user = await sign_up(client)
    workout = await log_workout(client, user)
    body = {"sleep": 3, "fatigue": 3, "stress": 3, "soreness": 3}
    response = await client.post("/v1/readiness", headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    return user, workout


async def link(
    client: httpx.AsyncClient,
    client_user: SignedUpUser,
    coach_user: SignedUpUser,
    scopes: tuple[str, ...],
    state: str = "active",
    owner_url: str | None = None,
) -> dict[str, Any]:
    """A link in ``state``: pending (invited), active (accepted), expired (accepted, then
    its expiry moved into the past by the operator), ended (accepted, then ended)."""
    body = {"coach_id": str(coach_user.id), "scopes": list(scopes)}
    response = await client.post("/v1/coach-links", headers=client_user.headers, json=body)
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    if state == "pending":
        return made
    url = f"/v1/coach-links/{made['id']}"
    response = await client.post(f"{url}/accept", headers=coach_user.headers)
    assert response.status_code == 200, response.text
    made = response.json()
    if state == "ended":
        response = await client.delete(url, headers=client_user.headers)
        assert response.status_code == 204, response.text
    elif state == "expired":
        assert owner_url is not None
        conn = await asyncpg.connect(owner_url)
        try:
            await conn.execute(
                "update coach_client_links set expires_at = now() - interval '1 second' "
                "where id = $1",
                uuid.UUID(made["id"]),
            )
        finally:
            await conn.close()
    return made

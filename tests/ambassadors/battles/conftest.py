"""Helpers of the battle tests: approved ambassadors (a profile made past the API, as an
administrator's approval leaves it), battles and invitations through the API, and the
catalog's exercises by slug for logged training."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.rls.factories import approved_ambassador
from tests.social.conftest import exercises  # noqa: F401  (the fixture, by slug)

PROBLEM = "application/problem+json"
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _catalog(seeded_catalog: None) -> None:
    """Workouts and battles on an exercise need the catalog."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def assert_problem(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM


async def ambassador(client: httpx.AsyncClient, owner: asyncpg.Connection) -> SignedUpUser:
    user = await sign_up(client)
    await approved_ambassador(owner, user.id)
    return user


def battle_body(**changes: Any) -> dict[str, Any]:
    """A volume battle that started two days ago and runs two more."""
    body: dict[str, Any] = {
        "title": "December volume",
        "metric": "volume",
        "starts_at": (now() - 2 * DAY).isoformat(),
        "ends_at": (now() + 2 * DAY).isoformat(),
    }
    body.update(changes)
    return body


async def create_battle(
    client: httpx.AsyncClient, user: SignedUpUser, **changes: Any
) -> dict[str, Any]:
    response = await client.post("/v1/battles", headers=user.headers, json=battle_body(**changes))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def invite(
    client: httpx.AsyncClient,
    ambassador: SignedUpUser,
    battle_id: str,
    people: list[SignedUpUser],
    team: str | None = None,
) -> list[dict[str, Any]]:
    body = {"invitees": [{"user_id": str(p.id), "team": team} for p in people]}
    response = await client.post(
        f"/v1/battles/{battle_id}/invitations", headers=ambassador.headers, json=body
    )
    assert response.status_code == 201, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def enlist(
    client: httpx.AsyncClient,
    ambassador: SignedUpUser,
    battle_id: str,
    people: list[SignedUpUser],
    team: str | None = None,
) -> None:
    """Invite these people and have each accept."""
    made = {
        i["user_id"]: i["id"] for i in await invite(client, ambassador, battle_id, people, team)
    }
    for person in people:
        accepted = await client.post(
            f"/v1/battle-invitations/{made[str(person.id)]}/accept", headers=person.headers
        )
        assert accepted.status_code == 200, accepted.text


async def end(owner: asyncpg.Connection, battle_id: str) -> None:
    """The clock moves past the battle's end (its end moved before now, after the sets)."""
    await owner.execute(
        "update public.battles set ends_at = now() - interval '1 minute' where id = $1",
        uuid.UUID(battle_id),
    )

"""Helpers of the social tests: people, friendships, posts, gyms, workouts (all through the API);
the privileged connection for checks past RLS and catalog exercises by slug (the challenge
and achievement tests, with ``lifts``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.social.lifts import BENCH, DEADLIFT, SQUAT

PROBLEM = "application/problem+json"
VISIBILITIES = ("private", "friends", "public")


@pytest.fixture(autouse=True)
def _catalog(seeded_catalog: None) -> None:
    """Workouts need the catalog's exercises."""


def assert_problem(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM


async def named(client: httpx.AsyncClient, name: str | None = None) -> SignedUpUser:
    user = await sign_up(client)
    if name is not None:
        response = await client.patch("/v1/me", headers=user.headers, json={"display_name": name})
        assert response.status_code == 200, response.text
    return user


async def befriend(client: httpx.AsyncClient, a: SignedUpUser, b: SignedUpUser) -> None:
    sent = await client.post("/v1/friends/requests", headers=a.headers, json={"user_id": str(b.id)})
    assert sent.status_code == 201, sent.text
    accepted = await client.post(
        f"/v1/friends/requests/{sent.json()['id']}/accept", headers=b.headers
    )
    assert accepted.status_code == 204, accepted.text


async def block(client: httpx.AsyncClient, a: SignedUpUser, b: SignedUpUser) -> None:
    response = await client.post(f"/v1/blocks/{b.id}", headers=a.headers)
    assert response.status_code == 204, response.text


async def post(
    client: httpx.AsyncClient, user: SignedUpUser, visibility: str = "friends", **fields: Any
) -> dict[str, Any]:
    body = {"text": f"{visibility} post {uuid.uuid4().hex[:6]}", "visibility": visibility, **fields}
    response = await client.post("/v1/posts", headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def create_gym(client: httpx.AsyncClient, user: SignedUpUser) -> str:
    body = {"name": f"Gym {uuid.uuid4().hex[:8]}", "time_zone": "Europe/Madrid"}
    response = await client.post("/v1/gyms", headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    gym_id: str = response.json()["id"]
    return gym_id


async def join(client: httpx.AsyncClient, user: SignedUpUser, gym_id: str) -> None:
    response = await client.post(f"/v1/gyms/{gym_id}/join", headers=user.headers)
    assert response.status_code in (200, 201), response.text


async def exercise_ids(client: httpx.AsyncClient) -> list[str]:
    response = await client.get("/v1/exercises", params={"limit": 2})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def log_workout(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    *,
    gym_id: str | None = None,
    weights: tuple[float, ...] = (60, 100, 90),
) -> dict[str, Any]:
    """A finished workout: two exercises, a warm-up and working sets at ``weights`` kg."""
    started = dt.datetime(2026, 11, 2, 18, 0, tzinfo=dt.UTC)
    ids = await exercise_ids(client)
    workout_id = str(uuid.uuid4())
    body = {
        "id": workout_id,
        "title": "Lower A",
        "started_at": started.isoformat(),
        "ended_at": (started + dt.timedelta(hours=1)).isoformat(),
        "notes": None,
        "gym_id": gym_id,
        "exercises": [
            {
                "id": str(uuid.uuid4()),
                "exercise_id": exercise_id,
                "position": i,
                "superset_group": None,
                "notes": None,
                "sets": [
                    {
                        "id": str(uuid.uuid4()),
                        "set_type": "warmup" if j == 0 else "normal",
                        "weight": weight,
                        "unit": "kg",
                        "reps": 5 + j,
                        "duration_s": None,
                        "distance_m": None,
                        "rpe": None,
                        "rir": None,
                        "completed_at": None,
                    }
                    for j, weight in enumerate(weights)
                ],
            }
            for i, exercise_id in enumerate(ids)
        ],
    }
    response = await client.put(f"/v1/workouts/{workout_id}", headers=user.headers, json=body)
    assert response.status_code in (200, 201), response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.fixture
async def exercises(seeded_catalog: None, owner: asyncpg.Connection) -> dict[str, str]:
    rows = await owner.fetch(
        "select slug, id::text from public.exercises where slug = any($1) and user_id is null",
        [BENCH, SQUAT, DEADLIFT],
    )
    return {r["slug"]: r["id"] for r in rows}

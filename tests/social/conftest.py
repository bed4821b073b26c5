"""Helpers of the social tests: catalog exercises by slug, workouts logged through the API,
and the privileged connection for checks past RLS."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser

PROBLEM = "application/problem+json"
BENCH = "barbell_bench_press"
SQUAT = "barbell_back_squat"
DEADLIFT = "barbell_deadlift"


@pytest.fixture
async def owner(owner_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(owner_url)
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def exercises(seeded_catalog: None, owner: asyncpg.Connection) -> dict[str, str]:
    rows = await owner.fetch(
        "select slug, id::text from public.exercises where slug = any($1) and user_id is null",
        [BENCH, SQUAT, DEADLIFT],
    )
    return {r["slug"]: r["id"] for r in rows}


Lift = tuple[str, float, int]  # exercise id, kg, reps


async def log_workout(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    started_at: dt.datetime,
    lifts: Sequence[Lift],
    *,
    finished: bool = True,
    rpe: float | None = None,
) -> dict[str, Any]:
    """One workout through the API: each lift one set of its own exercise entry."""
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "title": "Session",
        "started_at": started_at.isoformat(),
        "ended_at": (started_at + dt.timedelta(hours=1)).isoformat() if finished else None,
        "exercises": [
            {
                "id": str(uuid.uuid4()),
                "exercise_id": exercise_id,
                "position": i,
                "sets": [
                    {
                        "id": str(uuid.uuid4()),
                        "weight": kg,
                        "unit": "kg",
                        "reps": reps,
                        "rpe": rpe,
                        "completed_at": (started_at + dt.timedelta(minutes=5 * i)).isoformat(),
                    }
                ],
            }
            for i, (exercise_id, kg, reps) in enumerate(lifts)
        ],
    }
    response = await client.put(f"/v1/workouts/{body['id']}", headers=user.headers, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def set_ids(workout: dict[str, Any]) -> list[str]:
    return [s["id"] for e in workout["exercises"] for s in e["sets"]]

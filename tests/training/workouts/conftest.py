"""Helpers for the workout tests: catalog exercise ids and whole workout documents."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

PROBLEM = "application/problem+json"
START = dt.datetime(2026, 11, 2, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
async def exercise_ids(seeded_catalog: None, client: httpx.AsyncClient) -> list[str]:
    response = await client.get("/v1/exercises", params={"limit": 3})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def document(
    exercise_ids: list[str],
    *,
    workout_id: uuid.UUID | None = None,
    started_at: dt.datetime = START,
    exercises: int = 2,
    sets: int = 3,
    weight: float | str = 100,
    unit: str | None = "kg",
) -> dict[str, Any]:
    """A finished workout of ``exercises`` exercises with ``sets`` sets each."""
    body: dict[str, Any] = {
        "id": str(workout_id or uuid.uuid4()),
        "title": "Lower A",
        "started_at": started_at.isoformat(),
        "ended_at": (started_at + dt.timedelta(hours=1)).isoformat(),
        "notes": None,
        "gym_id": None,
        "exercises": [
            {
                "id": str(uuid.uuid4()),
                "exercise_id": exercise_ids[i % len(exercise_ids)],
                "position": i,
                "superset_group": None,
                "notes": None,
                "sets": [
                    {
                        "id": str(uuid.uuid4()),
                        "set_type": "warmup" if j == 0 else "normal",
                        "weight": weight,
                        "unit": unit,
                        "reps": 5,
                        "duration_s": None,
                        "distance_m": None,
                        "rpe": 8.5,
                        "rir": 1,
                        "completed_at": None,
                    }
                    for j in range(sets)
                ],
            }
            for i in range(exercises)
        ],
    }
    return body


async def owner_value(owner_url: str, sql: str, *args: Any) -> Any:
    conn = await asyncpg.connect(owner_url)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def stored_rows(owner_url: str, user_id: uuid.UUID) -> tuple[int, int, int]:
    """(workouts, workout exercises, sets) of a person, read past RLS."""
    counts = []
    for table in ("workouts", "workout_exercises", "workout_sets"):
        sql = f"select count(*) from public.{table} where user_id = $1"
        counts.append(await owner_value(owner_url, sql, user_id))
    return counts[0], counts[1], counts[2]

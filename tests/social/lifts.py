"""Logged training for the challenge and achievement tests: catalog exercises by slug and
workouts written through the API."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import httpx

from tests.conftest import SignedUpUser

BENCH = "barbell_bench_press"
SQUAT = "barbell_back_squat"
DEADLIFT = "barbell_deadlift"


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

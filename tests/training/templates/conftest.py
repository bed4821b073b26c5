"""Helpers for the template tests: catalog exercises by load type, template bodies, a gym
where the lifter keeps plates, and workouts logged before a start."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.conftest import SignedUpUser
from tests.gyms.conftest import Catalog, catalog, create_gym, gym_reference, join

# The gyms domain's catalog rows (a 20 kg Olympic bar) for the starts at a gym.
__all__ = ["catalog", "gym_reference"]

PROBLEM = "application/problem+json"
START = dt.datetime(2026, 11, 2, 18, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Lifts:
    squat: str  # barbell
    bench: str  # barbell
    press: str  # dumbbell (no plates)


@pytest.fixture
async def lifts(seeded_catalog: None, client: httpx.AsyncClient) -> Lifts:
    ids = []
    for slug in ("barbell_back_squat", "barbell_bench_press", "arnold_press"):
        response = await client.get(f"/v1/exercises/{slug}")
        assert response.status_code == 200, response.text
        ids.append(response.json()["id"])
    return Lifts(*ids)


def part(exercise_id: str, **targets: Any) -> dict[str, Any]:
    return {"exercise_id": exercise_id, **targets}


def template_body(lifts: Lifts, name: str = "Lower A") -> dict[str, Any]:
    return {
        "name": name,
        "notes": "Heavy day",
        "exercises": [
            part(lifts.squat, target_sets=3, rep_min=3, rep_max=5, target_rpe=8.5, rest_s=180),
            part(lifts.press, target_sets=2, rep_min=8, rep_max=12, target_rir=2, rest_s=90),
        ],
    }


async def create(
    client: httpx.AsyncClient, user: SignedUpUser, body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post("/v1/templates", headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def log_workout(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    exercise_id: str,
    sets: list[tuple[str, float, int]],
    *,
    started_at: dt.datetime = START,
    unit: str = "kg",
) -> dict[str, Any]:
    """A finished workout of one exercise; ``sets`` are (set_type, weight, reps)."""
    doc = {
        "id": str(uuid.uuid4()),
        "started_at": started_at.isoformat(),
        "ended_at": (started_at + dt.timedelta(hours=1)).isoformat(),
        "exercises": [
            {
                "id": str(uuid.uuid4()),
                "exercise_id": exercise_id,
                "sets": [
                    {
                        "id": str(uuid.uuid4()),
                        "set_type": set_type,
                        "weight": weight,
                        "unit": unit,
                        "reps": reps,
                        "completed_at": (started_at + dt.timedelta(minutes=5 * i)).isoformat(),
                    }
                    for i, (set_type, weight, reps) in enumerate(sets)
                ],
            }
        ],
    }
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 200, response.text
    written: dict[str, Any] = response.json()
    return written


async def gym_with_plates(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    catalog: Catalog,
    plates: list[dict[str, Any]] | None = None,
    *,
    member: bool = True,
) -> str:
    """A new gym with a 20 kg Olympic bar where ``user`` keeps ``plates`` (when a member)."""
    gym = await create_gym(client, user)
    body = {"bar_types": [{"bar_type": catalog.olympic_kg}]}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    if member:
        await join(client, user, gym["id"])
    if plates:
        url = f"/v1/me/gyms/{gym['id']}/plates"
        stored = await client.put(url, headers=user.headers, json={"plates": plates})
        assert stored.status_code == 200, stored.text
    return str(gym["id"])


STANDARD_PLATES: list[dict[str, Any]] = [
    {"mass": 25, "pairs": 2},
    {"mass": 20, "pairs": 2},
    {"mass": 15, "pairs": 1},
    {"mass": 10, "pairs": 2},
    {"mass": 5, "pairs": 2},
    {"mass": 2.5, "pairs": 2},
    {"mass": 1.25, "pairs": 1},
]

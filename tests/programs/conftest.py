"""Fixtures for the programs API: a well-equipped gym the lifter belongs to and keeps
plates at (the shipped catalog's equipment), a fitness profile, and a program."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.gyms.conftest import create_gym, join

PLATES = [
    {"mass": 25, "pairs": 4},
    {"mass": 20, "pairs": 4},
    {"mass": 15, "pairs": 2},
    {"mass": 10, "pairs": 2},
    {"mass": 5, "pairs": 2},
    {"mass": 2.5, "pairs": 2},
    {"mass": 1.25, "pairs": 2},
]
BARS = ["olympic_20kg", "womens_olympic_15kg", "ez_curl", "trap_hex", "smith_machine"]
DUMBBELLS_KG: list[float] = [
    2,
    4,
    6,
    8,
    10,
    12,
    14,
    16,
    18,
    20,
    22.5,
    25,
    27.5,
    30,
    32.5,
    35,
    40,
    45,
    50,
]


def _equipment_slugs() -> list[str]:
    text = resources.files("ironbase.catalog").joinpath("data", "equipment.json").read_text()
    return sorted(row["slug"] for row in json.loads(text) if row["category"] != "cardio")


async def equipped_gym(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    *,
    plates: bool = True,
    bars: list[str] = BARS,
    dumbbells: list[float] = DUMBBELLS_KG,
) -> str:
    """A gym with every non-cardio piece of equipment, five bars and a dumbbell rack,
    which ``user`` joined and keeps plates at."""
    gym = await create_gym(client, user)
    body = {
        "unit": "kg",
        "equipment": [{"equipment": slug} for slug in _equipment_slugs()],
        "bar_types": [{"bar_type": slug} for slug in bars],
        "dumbbells": [{"mass": kg} for kg in dumbbells],
    }
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await join(client, user, gym["id"])
    if plates:
        url = f"/v1/me/gyms/{gym['id']}/plates"
        stored = await client.put(url, headers=user.headers, json={"plates": PLATES})
        assert stored.status_code == 200, stored.text
    return str(gym["id"])


async def put_profile(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str | None, **changes: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "goal": "hypertrophy",
        "experience": "intermediate",
        "days_per_week": 4,
        "weekdays": [1, 2, 4, 5],
        "session_minutes": 60,
        "gym_id": gym_id,
        **changes,
    }
    response = await client.put("/v1/me/fitness-profile", headers=user.headers, json=body)
    assert response.status_code == 200, response.text
    profile: dict[str, Any] = response.json()
    return profile


async def create_program(
    client: httpx.AsyncClient, user: SignedUpUser, **body: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/programs", headers=user.headers, json={"weeks": 4, "seed": 7, **body}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.fixture
async def lifter(client: httpx.AsyncClient, seeded_catalog: None) -> tuple[SignedUpUser, str]:
    """A lifter with a profile at a well-equipped gym where they keep plates."""
    user = await sign_up(client)
    gym_id = await equipped_gym(client, user)
    await put_profile(client, user, gym_id)
    return user, gym_id


async def log_history(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    exercise_ids: set[str],
    *,
    kg: float = 40,
    at: dt.datetime | None = None,
) -> None:
    """A finished workout with three sets of 8 at RPE 8 on each exercise."""
    started = at or dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    body = {
        "started_at": started.isoformat(),
        "ended_at": (started + dt.timedelta(hours=1)).isoformat(),
        "unit": "kg",
        "exercises": [
            {
                "exercise_id": exercise_id,
                "sets": [{"weight": kg, "reps": 8, "rpe": 8} for _ in range(3)],
            }
            for exercise_id in sorted(exercise_ids)
        ],
    }
    response = await client.post("/v1/workouts", headers=user.headers, json=body)
    assert response.status_code == 201, response.text

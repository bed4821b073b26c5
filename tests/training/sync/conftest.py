"""Helpers for the sync tests: the feed, a walk through it, and a client's replica of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from tests.conftest import SignedUpUser

PROBLEM = "application/problem+json"
Replica = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture
async def exercise_ids(seeded_catalog: None, client: httpx.AsyncClient) -> list[str]:
    response = await client.get("/v1/exercises", params={"limit": 3})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def ago(minutes: float) -> str:
    """A client stamp ``minutes`` before now (negative: after)."""
    return (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)).isoformat()


async def feed(client: httpx.AsyncClient, user: SignedUpUser, **params: Any) -> dict[str, Any]:
    response = await client.get("/v1/sync/changes", headers=user.headers, params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def head(client: httpx.AsyncClient, user: SignedUpUser) -> str:
    """The cursor after everything so far."""
    _, cursor = await walk(client, user)
    return cursor


async def walk(
    client: httpx.AsyncClient, user: SignedUpUser, *, since: str = "0", limit: int = 1000
) -> tuple[list[list[dict[str, Any]]], str]:
    """Every page from ``since`` on, and the cursor after the last."""
    pages = []
    cursor = since
    while True:
        page = await feed(client, user, since=cursor, limit=limit)
        pages.append(page["changes"])
        assert int(page["next_cursor"]) >= int(cursor)
        cursor = str(page["next_cursor"])
        if not page["has_more"]:
            return pages, cursor


def replay(pages: list[list[dict[str, Any]]], replica: Replica | None = None) -> Replica:
    """What a client holds after applying these pages in order."""
    replica = {} if replica is None else replica
    for changes in pages:
        for change in changes:
            key = (change["table"], change["id"])
            if change["op"] == "delete":
                assert "row" not in change
                replica.pop(key, None)
            else:
                replica[key] = change["row"]
    return replica


_SET_FIELDS = (
    "id",
    "position",
    "set_type",
    "weight",
    "unit",
    "reps",
    "duration_s",
    "distance_m",
    "rpe",
    "rir",
    "completed_at",
    "planned",
)
_EXERCISE_FIELDS = ("id", "exercise_id", "position", "superset_group", "notes")
_WORKOUT_FIELDS = (
    "id",
    "title",
    "started_at",
    "ended_at",
    "notes",
    "gym_id",
    "template_id",
    "created_at",
    "updated_at",
)


def as_workout(replica: Replica, workout_id: str) -> dict[str, Any]:
    """The replica's workout in the shape ``GET /v1/workouts/{id}`` answers."""
    exercises = sorted(
        (row for (table, _), row in replica.items() if table == "workout_exercises"),
        key=lambda row: (row["position"], row["id"]),
    )
    sets = sorted(
        (row for (table, _), row in replica.items() if table == "workout_sets"),
        key=lambda row: (row["position"], row["id"]),
    )
    workout = {k: replica[("workouts", workout_id)][k] for k in _WORKOUT_FIELDS}
    workout["exercises"] = [
        {k: e[k] for k in _EXERCISE_FIELDS}
        | {
            "sets": [
                {k: s[k] for k in _SET_FIELDS} for s in sets if s["workout_exercise_id"] == e["id"]
            ]
        }
        for e in exercises
        if e["workout_id"] == workout_id
    ]
    return workout


async def put(client: httpx.AsyncClient, user: SignedUpUser, doc: dict[str, Any]) -> dict[str, Any]:
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body

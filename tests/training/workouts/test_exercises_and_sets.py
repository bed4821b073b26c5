"""Adding exercises and sets to a workout, editing and deleting sets one at a time."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.training.workouts.conftest import PROBLEM, document, stored_rows


async def _workout(
    client: httpx.AsyncClient, user: SignedUpUser, exercise_ids: list[str]
) -> dict[str, Any]:
    doc = document(exercise_ids, exercises=1, sets=1)
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


async def test_add_an_exercise_then_sets_then_edit_and_delete_one(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    workout = await _workout(client, user, exercise_ids)
    base = f"/v1/workouts/{workout['id']}/exercises"

    added = await client.post(
        base,
        headers=user.headers,
        json={"exercise_id": exercise_ids[1], "sets": [{"weight": 60, "reps": 8}]},
    )
    assert added.status_code == 201, added.text
    exercise = added.json()
    assert exercise["position"] == 1  # after the workout's first
    assert exercise["sets"][0]["weight"] == 60
    assert exercise["sets"][0]["unit"] == "kg"

    logged = await client.post(
        f"{base}/{exercise['id']}/sets",
        headers=user.headers,
        params={"unit": "lb"},
        json={"weight": 135, "reps": 5, "rpe": 9},
    )
    assert logged.status_code == 201, logged.text
    one_set = logged.json()
    assert (one_set["position"], one_set["weight"], one_set["unit"]) == (1, 135, "lb")

    patched = await client.patch(
        f"/v1/sets/{one_set['id']}", headers=user.headers, json={"reps": 6, "weight": 62.5}
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["reps"], patched.json()["weight"]) == (6, 62.5)  # kg by default

    assert (
        await client.delete(f"/v1/sets/{one_set['id']}", headers=user.headers)
    ).status_code == 204
    read = await client.get(f"/v1/workouts/{workout['id']}", headers=user.headers)
    assert [len(e["sets"]) for e in read.json()["exercises"]] == [1, 1]


async def test_another_persons_workout_exercise_and_set_are_404(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    owner, other = await sign_up(client), await sign_up(client)
    workout = await _workout(client, owner, exercise_ids)
    exercise = workout["exercises"][0]
    set_id = exercise["sets"][0]["id"]
    mine = await _workout(client, other, exercise_ids)
    before = await stored_rows(owner_url, other.id)
    base = f"/v1/workouts/{workout['id']}/exercises"
    for response in (
        await client.post(base, headers=other.headers, json={"exercise_id": exercise_ids[0]}),
        await client.post(f"{base}/{exercise['id']}/sets", headers=other.headers, json={"reps": 5}),
        # Their own workout with the owner's exercise id: still not found.
        await client.post(
            f"/v1/workouts/{mine['id']}/exercises/{exercise['id']}/sets",
            headers=other.headers,
            json={"reps": 5},
        ),
        await client.patch(f"/v1/sets/{set_id}", headers=other.headers, json={"reps": 1}),
        await client.delete(f"/v1/sets/{set_id}", headers=other.headers),
    ):
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == PROBLEM
    assert await stored_rows(owner_url, other.id) == before
    unchanged = await client.get(f"/v1/workouts/{workout['id']}", headers=owner.headers)
    assert unchanged.json() == workout


@pytest.mark.parametrize(
    "body", [{"rpe": 11}, {"reps": -1}, {"weight": 1001}, {"set_type": "giant"}, {"rir": 11}]
)
async def test_bad_sets_are_422_and_store_nothing(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str, body: dict[str, Any]
) -> None:
    user = await sign_up(client)
    workout = await _workout(client, user, exercise_ids)
    exercise = workout["exercises"][0]
    path = f"/v1/workouts/{workout['id']}/exercises/{exercise['id']}/sets"
    response = await client.post(path, headers=user.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    set_id = exercise["sets"][0]["id"]
    patched = await client.patch(f"/v1/sets/{set_id}", headers=user.headers, json=body)
    assert patched.status_code == 422, patched.text
    assert await stored_rows(owner_url, user.id) == (1, 1, 1)
    read = await client.get(f"/v1/workouts/{workout['id']}", headers=user.headers)
    assert read.json() == workout


async def test_an_unknown_workout_exercise_is_404(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    workout = await _workout(client, user, exercise_ids)
    path = f"/v1/workouts/{workout['id']}/exercises/{uuid.uuid4()}/sets"
    assert (await client.post(path, headers=user.headers, json={"reps": 5})).status_code == 404

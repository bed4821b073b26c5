"""Workouts through the API: the whole-document PUT, reads, edits, other people's ids."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import sign_up
from tests.training.workouts.conftest import PROBLEM, document, owner_value, stored_rows


def _set_values(body: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (s["id"], s["weight"], s["unit"], s["reps"], s["rpe"], s["set_type"])
        for e in body["exercises"]
        for s in e["sets"]
    ]


async def test_put_creates_the_workout_and_get_returns_it(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, weight="102.5")
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == doc["id"]
    assert [e["id"] for e in body["exercises"]] == [e["id"] for e in doc["exercises"]]
    first = body["exercises"][0]["sets"][0]
    assert first == {
        "id": doc["exercises"][0]["sets"][0]["id"],
        "position": 0,
        "set_type": "warmup",
        "weight": 102.5,
        "unit": "kg",
        "reps": 5,
        "duration_s": None,
        "distance_m": None,
        "rpe": 8.5,
        "rir": 1,
        "completed_at": None,
        "planned": False,
    }
    read = await client.get(f"/v1/workouts/{doc['id']}", headers=user.headers)
    assert read.json() == body


async def test_pounds_become_grams_and_answer_in_the_asked_unit(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=1, sets=1, weight=225, unit=None)
    doc["unit"] = "lb"  # the document's unit applies to sets that name none
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 200, response.text
    grams = await owner_value(
        owner_url, "select weight_g from public.workout_sets where user_id = $1", user.id
    )
    assert grams == 102058  # 225 x 453.59237 g
    in_kg = await client.get(f"/v1/workouts/{doc['id']}", headers=user.headers)
    assert _set_values(in_kg.json())[0][1:3] == (102.058, "kg")  # the metric default
    in_lb = await client.get(
        f"/v1/workouts/{doc['id']}", headers=user.headers, params={"unit": "lb"}
    )
    assert _set_values(in_lb.json())[0][1:3] == (225.0, "lb")


async def test_the_same_document_twice_changes_nothing(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    first = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    changes = await owner_value(
        owner_url, "select count(*) from public.training_changes where user_id = $1", user.id
    )
    second = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert second.status_code == 200
    assert second.json() == first.json()  # updated_at included
    assert await stored_rows(owner_url, user.id) == (1, 2, 6)
    after = await owner_value(
        owner_url, "select count(*) from public.training_changes where user_id = $1", user.id
    )
    assert after == changes


async def test_put_replaces_exercises_and_sets_with_the_document(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    doc["title"] = "Lower B"
    del doc["exercises"][1]
    doc["exercises"][0]["sets"].pop()
    doc["exercises"][0]["sets"][0]["reps"] = 8
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Lower B"
    assert [len(e["sets"]) for e in body["exercises"]] == [2]
    assert body["exercises"][0]["sets"][0]["reps"] == 8
    assert await stored_rows(owner_url, user.id) == (1, 1, 2)


async def test_post_patch_delete(client: httpx.AsyncClient, exercise_ids: list[str]) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=1, sets=2)
    del doc["id"]
    created = await client.post("/v1/workouts", headers=user.headers, json=doc)
    assert created.status_code == 201, created.text
    workout_id = created.json()["id"]
    assert len(created.json()["exercises"][0]["sets"]) == 2

    patched = await client.patch(
        f"/v1/workouts/{workout_id}", headers=user.headers, json={"title": "Heavy day"}
    )
    assert patched.status_code == 200
    assert patched.json()["title"] == "Heavy day"
    assert patched.json()["exercises"] == created.json()["exercises"]
    cleared = await client.patch(
        f"/v1/workouts/{workout_id}", headers=user.headers, json={"notes": None, "title": None}
    )
    assert cleared.json()["title"] is None

    deleted = await client.delete(f"/v1/workouts/{workout_id}", headers=user.headers)
    assert deleted.status_code == 204
    gone = await client.get(f"/v1/workouts/{workout_id}", headers=user.headers)
    assert gone.status_code == 404
    assert gone.headers["content-type"] == PROBLEM


async def test_another_persons_workout_is_404_and_unchanged(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    owner, other = await sign_up(client), await sign_up(client)
    doc = document(exercise_ids)
    path = f"/v1/workouts/{doc['id']}"
    original = (await client.put(path, headers=owner.headers, json=doc)).json()

    hijack = {**doc, "title": "Mine now", "exercises": []}
    for response in (
        await client.put(path, headers=other.headers, json=hijack),
        await client.get(path, headers=other.headers),
        await client.patch(path, headers=other.headers, json={"title": "Mine now"}),
        await client.delete(path, headers=other.headers),
    ):
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == PROBLEM
    assert (await client.get(path, headers=owner.headers)).json() == original
    assert await stored_rows(owner_url, other.id) == (0, 0, 0)
    listed = await client.get("/v1/workouts", headers=other.headers)
    assert listed.json()["items"] == []


def _bad_rpe(doc: dict[str, Any]) -> None:
    doc["exercises"][1]["sets"][2]["rpe"] = 11


def _negative_reps(doc: dict[str, Any]) -> None:
    doc["exercises"][0]["sets"][1]["reps"] = -1


def _too_heavy(doc: dict[str, Any]) -> None:
    doc["exercises"][0]["sets"][0]["weight"] = 2300  # lb: 1043 kg, past the 1000 kg bound
    doc["exercises"][0]["sets"][0]["unit"] = "lb"


def _rpe_not_a_half(doc: dict[str, Any]) -> None:
    doc["exercises"][0]["sets"][0]["rpe"] = 8.3


def _unknown_exercise(doc: dict[str, Any]) -> None:
    doc["exercises"][1]["exercise_id"] = str(uuid.uuid4())


def _ends_before_start(doc: dict[str, Any]) -> None:
    doc["ended_at"] = "2026-11-01T10:00:00+00:00"


def _set_without_id(doc: dict[str, Any]) -> None:
    del doc["exercises"][0]["sets"][0]["id"]


def _repeated_set_id(doc: dict[str, Any]) -> None:
    doc["exercises"][1]["sets"][0]["id"] = doc["exercises"][0]["sets"][0]["id"]


def _unknown_field(doc: dict[str, Any]) -> None:
    doc["exercises"][0]["sets"][0]["weight_g"] = 100000


@pytest.mark.parametrize(
    "spoil",
    [
        _bad_rpe,
        _negative_reps,
        _too_heavy,
        _rpe_not_a_half,
        _unknown_exercise,
        _ends_before_start,
        _set_without_id,
        _repeated_set_id,
        _unknown_field,
    ],
)
async def test_bad_documents_are_422_and_store_nothing(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str, spoil: Any
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    spoil(doc)
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert await stored_rows(owner_url, user.id) == (0, 0, 0)


async def test_a_bad_rewrite_keeps_the_stored_workout(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    path = f"/v1/workouts/{doc['id']}"
    original = (await client.put(path, headers=user.headers, json=doc)).json()
    doc["title"] = "Changed"
    _bad_rpe(doc)
    assert (await client.put(path, headers=user.headers, json=doc)).status_code == 422
    assert (await client.get(path, headers=user.headers)).json() == original


async def test_the_path_id_and_the_document_id_agree(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    response = await client.put(f"/v1/workouts/{uuid.uuid4()}", headers=user.headers, json=doc)
    assert response.status_code == 422


async def test_a_patch_that_ends_a_workout_before_it_starts_is_422(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=0)
    path = f"/v1/workouts/{doc['id']}"
    original = (await client.put(path, headers=user.headers, json=doc)).json()
    for body in (
        {"ended_at": "2026-11-01T10:00:00+00:00"},
        {"started_at": "2026-11-03T10:00:00+00:00"},
        {"ended_at": "2026-11-30T10:00:00+00:00"},  # past 168 hours
    ):
        response = await client.patch(path, headers=user.headers, json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == PROBLEM
    assert (await client.get(path, headers=user.headers)).json() == original

"""Templates through the API: create, read, edit, delete, bad input, other people's ids."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.training.templates.conftest import (
    PROBLEM,
    Lifts,
    create,
    log_workout,
    part,
    template_body,
)
from tests.training.workouts.conftest import owner_value


async def _stored(owner_url: str, user: SignedUpUser) -> tuple[int, int]:
    """(templates, template exercises) of a person, read past RLS."""
    counts = []
    for table in ("workout_templates", "template_exercises"):
        sql = f"select count(*) from public.{table} where user_id = $1"
        counts.append(await owner_value(owner_url, sql, user.id))
    return counts[0], counts[1]


async def test_create_then_read_returns_the_same_template(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user = await sign_up(client)
    body = template_body(lifts)
    created = await create(client, user, body)
    assert created["name"] == "Lower A"
    assert created["notes"] == "Heavy day"
    squat, press = created["exercises"]
    assert {k: v for k, v in squat.items() if k != "id"} == {
        "exercise_id": lifts.squat,
        "position": 0,
        "superset_group": None,
        "target_sets": 3,
        "rep_min": 3,
        "rep_max": 5,
        "target_rpe": 8.5,
        "target_rir": None,
        "rest_s": 180,
        "notes": None,
    }
    assert (press["exercise_id"], press["position"], press["target_rir"]) == (lifts.press, 1, 2)
    read = await client.get(f"/v1/templates/{created['id']}", headers=user.headers)
    assert read.status_code == 200
    assert read.json() == created


async def test_patch_renames_and_replaces_the_exercise_list(
    client: httpx.AsyncClient, lifts: Lifts, owner_url: str
) -> None:
    user = await sign_up(client)
    created = await create(client, user, template_body(lifts))
    url = f"/v1/templates/{created['id']}"
    kept = created["exercises"][1]
    renamed = await client.patch(url, headers=user.headers, json={"name": "  Lower B "})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Lower B"
    assert renamed.json()["exercises"] == created["exercises"]
    # The press keeps its id (moved to the front, new targets), the squat goes, bench is new.
    exercises = [
        {**kept, "position": 0, "target_sets": 4},
        part(lifts.bench, position=1, target_sets=5, rep_min=5, rep_max=5),
    ]
    replaced = await client.patch(url, headers=user.headers, json={"exercises": exercises})
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert [e["exercise_id"] for e in body["exercises"]] == [lifts.press, lifts.bench]
    assert body["exercises"][0]["id"] == kept["id"]
    assert body["exercises"][0]["target_sets"] == 4
    assert body["name"] == "Lower B"
    assert await _stored(owner_url, user) == (1, 2)
    cleared = await client.patch(url, headers=user.headers, json={"notes": None, "exercises": []})
    assert cleared.json()["notes"] is None
    assert cleared.json()["exercises"] == []
    assert await _stored(owner_url, user) == (1, 0)


async def test_delete_clears_template_id_on_the_workouts_started_from_it(
    client: httpx.AsyncClient, lifts: Lifts, owner_url: str
) -> None:
    user = await sign_up(client)
    created = await create(client, user, template_body(lifts))
    started = await client.post(
        f"/v1/templates/{created['id']}/start", headers=user.headers, json={}
    )
    assert started.status_code == 201, started.text
    workout_id = started.json()["id"]
    assert started.json()["template_id"] == created["id"]
    deleted = await client.delete(f"/v1/templates/{created['id']}", headers=user.headers)
    assert deleted.status_code == 204, deleted.text
    workout = await client.get(f"/v1/workouts/{workout_id}", headers=user.headers)
    assert workout.status_code == 200
    assert workout.json()["template_id"] is None
    assert len(workout.json()["exercises"]) == 2  # the workout itself stays whole
    assert await _stored(owner_url, user) == (0, 0)
    again = await client.delete(f"/v1/templates/{created['id']}", headers=user.headers)
    assert again.status_code == 404
    assert again.headers["content-type"] == PROBLEM


async def test_another_persons_template_is_404_and_unchanged(
    client: httpx.AsyncClient, lifts: Lifts, owner_url: str
) -> None:
    owner, intruder = await sign_up(client), await sign_up(client)
    created = await create(client, owner, template_body(lifts))
    url = f"/v1/templates/{created['id']}"
    attempts = [
        client.get(url, headers=intruder.headers),
        client.patch(url, headers=intruder.headers, json={"name": "Mine now"}),
        client.patch(url, headers=intruder.headers, json={"exercises": []}),
        client.delete(url, headers=intruder.headers),
        client.post(f"{url}/start", headers=intruder.headers),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == PROBLEM
    listed = await client.get("/v1/templates", headers=intruder.headers)
    assert listed.json() == {"items": [], "next_cursor": None}
    assert (await client.get(url, headers=owner.headers)).json() == created
    assert await _stored(owner_url, intruder) == (0, 0)
    workouts = await client.get("/v1/workouts", headers=intruder.headers)
    assert workouts.json()["items"] == []


def _bad_bodies(lifts: Lifts) -> list[dict[str, Any]]:
    good = part(lifts.squat, target_sets=3)
    return [
        {"exercises": [good]},  # no name
        {"name": "   ", "exercises": [good]},
        {"name": "x" * 201},
        {"name": "A", "notes": "n" * 5001},
        {"name": "A", "exercises": [{**good, "target_rpe": 11}]},
        {"name": "A", "exercises": [{**good, "target_rpe": 7.3}]},
        {"name": "A", "exercises": [{**good, "target_rpe": 0}]},
        {"name": "A", "exercises": [{**good, "rep_min": 8, "rep_max": 5}]},
        {"name": "A", "exercises": [{**good, "rep_min": -1}]},
        {"name": "A", "exercises": [{**good, "target_sets": 0}]},
        {"name": "A", "exercises": [{**good, "target_sets": 51}]},
        {"name": "A", "exercises": [{**good, "target_rir": 11}]},
        {"name": "A", "exercises": [{**good, "rest_s": 3601}]},
        {"name": "A", "exercises": [{**good, "notes": ""}]},
        {"name": "A", "exercises": [{**good, "weight": 100}]},  # a template holds no masses
        {"name": "A", "exercises": [good] * 51},
        {"name": "A", "exercises": [{**good, "id": str(uuid.UUID(int=1))}] * 2},
        {"name": "A", "exercises": [part(str(uuid.uuid4()))]},  # no such exercise
        {"name": "A", "exercises": [{"exercise_id": "squat"}]},
    ]


async def test_bad_templates_are_422_and_store_nothing(
    client: httpx.AsyncClient, lifts: Lifts, owner_url: str
) -> None:
    user = await sign_up(client)
    for body in _bad_bodies(lifts):
        response = await client.post("/v1/templates", headers=user.headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == PROBLEM
    assert await _stored(owner_url, user) == (0, 0)
    # Fifty exercises is the bound, not past it.
    fifty = {"name": "Long", "exercises": [part(lifts.squat, target_sets=1)] * 50}
    assert len((await create(client, user, fifty))["exercises"]) == 50


async def test_a_bad_patch_changes_nothing(
    client: httpx.AsyncClient, lifts: Lifts, owner_url: str
) -> None:
    user = await sign_up(client)
    created = await create(client, user, template_body(lifts))
    url = f"/v1/templates/{created['id']}"
    bodies: list[dict[str, Any]] = [
        {"name": None},
        {"exercises": None},
        {"name": "B", "exercises": [part(lifts.squat, rep_min=6, rep_max=4)]},
        {"name": "B", "exercises": [part(str(uuid.uuid4()))]},
        {"name": "B", "exercises": [part(lifts.squat)] * 51},
    ]
    for body in bodies:
        response = await client.patch(url, headers=user.headers, json=body)
        assert response.status_code == 422, (body, response.text)
    assert (await client.get(url, headers=user.headers)).json() == created
    missing = await client.patch(
        f"/v1/templates/{uuid.uuid4()}", headers=user.headers, json={"exercises": []}
    )
    assert missing.status_code == 404


@pytest.fixture
async def private_exercise(client: httpx.AsyncClient) -> tuple[SignedUpUser, str]:
    """Someone's own exercise (the catalog's others may not use it)."""
    author = await sign_up(client)
    body = {
        "name": f"Zercher Walk {uuid.uuid4().hex[:6]}",
        "primary_muscle": "upper_back",
        "movement_pattern": "carry",
        "load_type": "barbell",
    }
    response = await client.post("/v1/exercises", headers=author.headers, json=body)
    assert response.status_code == 201, response.text
    return author, str(response.json()["id"])


@pytest.mark.usefixtures("seeded_catalog")
async def test_a_private_exercise_serves_its_author_only(
    client: httpx.AsyncClient, private_exercise: tuple[SignedUpUser, str], owner_url: str
) -> None:
    author, exercise_id = private_exercise
    body = {"name": "Odd day", "exercises": [part(exercise_id, target_sets=2)]}
    own = await create(client, author, body)
    assert own["exercises"][0]["exercise_id"] == exercise_id
    other = await sign_up(client)
    refused = await client.post("/v1/templates", headers=other.headers, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["errors"][0]["loc"][-1] == "exercise_id"
    assert await _stored(owner_url, other) == (0, 0)
    # Nor through a PATCH of their own template.
    mine = await create(client, other, {"name": "Mine"})
    patched = await client.patch(
        f"/v1/templates/{mine['id']}", headers=other.headers, json={"exercises": body["exercises"]}
    )
    assert patched.status_code == 422


async def test_a_start_of_no_template_is_404(client: httpx.AsyncClient, lifts: Lifts) -> None:
    user = await sign_up(client)
    await log_workout(client, user, lifts.squat, [("normal", 100, 5)])
    response = await client.post(f"/v1/templates/{uuid.uuid4()}/start", headers=user.headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM

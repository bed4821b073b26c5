"""Private exercises: visible to their creator only, through the API and in SQL."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import sign_up
from tests.support import as_user

pytestmark = pytest.mark.usefixtures("seeded_catalog")

CUSTOM = {
    "name": "Zercher Carry Walk",
    "primary_muscle": "upper_back",
    "secondary_muscles": ["abs", "biceps"],
    "equipment": ["olympic_barbell"],
    "movement_pattern": "carry",
    "load_type": "barbell",
    "difficulty": 4,
    "is_compound": True,
}


async def test_custom_exercise_is_private(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    created = await client.post("/v1/exercises", headers=alice.headers, json=CUSTOM)
    assert created.status_code == 201
    body = created.json()
    assert body["is_custom"] is True
    assert body["slug"] == "zercher_carry_walk"
    assert body["equipment"] == ["olympic_barbell"]

    mine = await client.get("/v1/exercises", headers=alice.headers, params={"q": "zercher carry"})
    assert mine.json()["items"][0]["id"] == body["id"]
    theirs = await client.get(
        "/v1/exercises", headers=bob.headers, params={"q": "zercher carry walk"}
    )
    assert body["id"] not in {i["id"] for i in theirs.json()["items"]}
    assert (await client.get(f"/v1/exercises/{body['id']}", headers=bob.headers)).status_code == 404
    assert (
        await client.get("/v1/exercises/zercher_carry_walk", headers=bob.headers)
    ).status_code == 404
    assert (
        await client.delete(f"/v1/exercises/{body['id']}", headers=bob.headers)
    ).status_code == 404

    exercise_id = uuid.UUID(body["id"])
    async with as_user(authenticator_dsn, bob.id) as conn:
        assert await conn.fetchval("select count(*) from exercises where id = $1", exercise_id) == 0
        assert (
            await conn.fetchval(
                "select count(*) from exercise_equipment_profiles where exercise_id = $1",
                exercise_id,
            )
            == 0
        )
        assert (
            await conn.execute("update exercises set name = 'x' where id = $1", exercise_id)
            == "UPDATE 0"
        )
        assert await conn.execute("delete from exercises where id = $1", exercise_id) == "DELETE 0"
    async with as_user(authenticator_dsn, bob.id) as conn:
        with pytest.raises(Exception, match="row-level security"):
            await conn.execute(
                "insert into exercises "
                "(user_id, name, slug, primary_muscle, movement_pattern, load_type) "
                "values ($1, 'x', 'x', 'chest', 'carry', 'barbell')",
                alice.id,
            )
    async with as_user(authenticator_dsn, alice.id) as conn:
        assert await conn.fetchval("select count(*) from exercises where id = $1", exercise_id) == 1

    assert (
        await client.delete(f"/v1/exercises/{body['id']}", headers=alice.headers)
    ).status_code == 204
    assert (
        await client.get(f"/v1/exercises/{body['id']}", headers=alice.headers)
    ).status_code == 404


async def test_users_cannot_edit_the_catalog_in_sql(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    user = await sign_up(client)
    async with as_user(authenticator_dsn, user.id) as conn:
        changed = await conn.execute(
            "update exercises set name = 'pwned' where slug = 'barbell_bench_press'"
        )
        assert changed == "UPDATE 0"
    async with as_user(authenticator_dsn, user.id) as conn:
        with pytest.raises(Exception, match="permission denied"):
            await conn.execute("delete from exercise_translations")


async def test_client_supplied_id_makes_creation_idempotent(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    exercise_id = str(uuid.uuid4())
    first = await client.post(
        "/v1/exercises", headers=user.headers, json={**CUSTOM, "id": exercise_id}
    )
    again = await client.post(
        "/v1/exercises", headers=user.headers, json={**CUSTOM, "id": exercise_id}
    )
    assert first.status_code == 201
    assert first.json()["id"] == exercise_id
    assert again.status_code == 409


async def test_a_taken_id_says_nothing_about_whose_row_holds_it(
    client: httpx.AsyncClient,
) -> None:
    """Ids are global: reusing one's own id and someone else's private id read the same."""
    alice, bob = await sign_up(client), await sign_up(client)
    exercise_id = str(uuid.uuid4())
    body = {**CUSTOM, "id": exercise_id}
    assert (await client.post("/v1/exercises", headers=alice.headers, json=body)).status_code == 201
    own = await client.post("/v1/exercises", headers=alice.headers, json=body)
    foreign = await client.post(
        "/v1/exercises", headers=bob.headers, json={**body, "name": "Other Name"}
    )
    assert own.status_code == foreign.status_code == 409
    assert own.json()["detail"] == foreign.json()["detail"] == "This exercise id is already taken."
    assert "you" not in foreign.json()["detail"].lower()


async def test_a_slug_of_ones_own_is_named_as_such(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    assert (
        await client.post("/v1/exercises", headers=user.headers, json=CUSTOM)
    ).status_code == 201
    again = await client.post("/v1/exercises", headers=user.headers, json=CUSTOM)
    assert again.status_code == 409
    assert again.json()["detail"] == "You already have an exercise with this slug."


@pytest.mark.parametrize(
    "change",
    [
        {"primary_muscle": "wings"},
        {"difficulty": 9},
        {"equipment": ["laser_cannon"]},
        {"movement_pattern": "teleport"},
        {"load_type": "antimatter"},
        {"secondary_muscles": ["upper_back"]},
        {"name": ""},
        {"name": "x" * 500},
        {"user_id": str(uuid.uuid4())},
    ],
)
async def test_bad_custom_exercises_are_rejected(
    client: httpx.AsyncClient, change: dict[str, object]
) -> None:
    user = await sign_up(client)
    response = await client.post("/v1/exercises", headers=user.headers, json={**CUSTOM, **change})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    listing = await client.get(
        "/v1/exercises", headers=user.headers, params={"q": "zercher carry walk"}
    )
    assert not any(i["is_custom"] for i in listing.json()["items"])


async def test_anonymous_cannot_create(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/exercises", json=CUSTOM)).status_code == 401


async def test_an_exercise_the_log_uses_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    alice = await sign_up(client)
    created = await client.post("/v1/exercises", headers=alice.headers, json=CUSTOM)
    exercise_id = created.json()["id"]
    workout = await client.post(
        "/v1/workouts",
        headers=alice.headers,
        json={"title": "Carries", "started_at": "2026-11-02T18:00:00Z"},
    )
    assert workout.status_code == 201, workout.text
    added = await client.post(
        f"/v1/workouts/{workout.json()['id']}/exercises",
        headers=alice.headers,
        json={"exercise_id": exercise_id, "position": 0},
    )
    assert added.status_code == 201, added.text

    refused = await client.delete(f"/v1/exercises/{exercise_id}", headers=alice.headers)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("exercise-in-use")
    still = await client.get(f"/v1/exercises/{exercise_id}", headers=alice.headers)
    assert still.status_code == 200

    removed = await client.delete(f"/v1/workouts/{workout.json()['id']}", headers=alice.headers)
    assert removed.status_code == 204
    gone = await client.delete(f"/v1/exercises/{exercise_id}", headers=alice.headers)
    assert gone.status_code == 204

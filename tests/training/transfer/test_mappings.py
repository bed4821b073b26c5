"""Names no exercise carries: reported, mapped, imported, and remembered for next time."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import SignedUpUser, sign_up
from tests.support import walk_pages
from tests.training.transfer.conftest import PROBLEM, stored, upload

# Two sessions of a lifter's own names (FitNotes' current layout).
HEADER = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"
OWN_NAMES = "\n".join(
    [
        HEADER,
        '2024-05-01,Flat Barbell Bench Press,Chest,80.0,kgs,5,,,,""',
        '2024-05-01,Meadows Row Special,Back,30.0,kgs,10,,,,""',
        '2024-05-01,Meadows Row Special,Back,32.5,kgs,8,,,,"grip gave out"',
        '2024-05-01,Flat Barbell Bench Press,Chest,82.5,kgs,3,,,,""',
        '2024-05-03,Meadows Row Special,Back,35.0,kgs,6,,,,""',
    ]
).encode()
LATER = "\n".join([HEADER, '2024-05-08,MEADOWS  row special,Back,37.5,kgs,5,,,,""']).encode()


async def exercise_id(client: httpx.AsyncClient, slug: str) -> str:
    response = await client.get(f"/v1/exercises/{slug}")
    assert response.status_code == 200, slug
    return str(response.json()["id"])


async def workouts(client: httpx.AsyncClient, user: SignedUpUser) -> list[dict[str, Any]]:
    response = await client.get("/v1/workouts", headers=user.headers, params={"unit": "kg"})
    items: list[dict[str, Any]] = response.json()["items"]
    return sorted(items, key=lambda w: str(w["started_at"]))


async def test_unmatched_rows_wait_then_a_mapping_imports_them_and_is_remembered(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await sign_up(client)
    report = (await upload(client, user, OWN_NAMES)).json()
    assert report["unmatched_exercises"] == [{"name": "Meadows Row Special", "rows": 3}]
    assert (report["workouts_created"], report["sets_created"], report["rows_skipped"]) == (2, 2, 3)
    first, second = await workouts(client, user)
    # The second session had only the unknown exercise: it is there, still empty.
    assert [len(w["exercises"]) for w in (first, second)] == [2, 0]

    row = await exercise_id(client, "barbell_row")
    mapped = await client.post(
        f"/v1/imports/{report['id']}/mappings",
        json=[{"name": "meadows row special", "exercise_id": row}],
        headers=user.headers,
    )
    assert mapped.status_code == 200, mapped.text
    after = mapped.json()
    assert after["unmatched_exercises"] == []
    assert (after["sets_created"], after["rows_skipped"]) == (5, 0)
    first, second = await workouts(client, user)
    # In the file's order: bench, the mapped row (at the position it had), bench again.
    parts = first["exercises"]
    assert [(e["exercise_id"], e["position"]) for e in parts] == [
        (await exercise_id(client, "barbell_bench_press"), 0),
        (row, 1),
        (await exercise_id(client, "barbell_bench_press"), 2),
    ]
    rows_sets = parts[1]["sets"]
    assert [(s["weight"], s["reps"], s["position"]) for s in rows_sets] == [
        (30, 10, 0),
        (32.5, 8, 1),
    ]
    assert [e["exercise_id"] for e in second["exercises"]] == [row]
    assert (await stored(owner_url, user.id))["import_pending_exercises"] == 0

    # A retry of the same request answers as the first did and adds nothing.
    again = await client.post(
        f"/v1/imports/{report['id']}/mappings",
        json=[{"name": "Meadows Row Special", "exercise_id": row}],
        headers=user.headers,
    )
    assert again.status_code == 200, again.text
    assert again.json() == after

    # The next file with that name (spelt in another case and spacing) needs no mapping.
    later = (await upload(client, user, LATER)).json()
    assert later["unmatched_exercises"] == []
    assert later["sets_created"] == 1
    newest = (await workouts(client, user))[-1]
    assert [e["exercise_id"] for e in newest["exercises"]] == [row]


async def test_a_mapping_names_a_waiting_name_and_an_exercise_one_may_log(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user, other = await sign_up(client), await sign_up(client)
    report = (await upload(client, user, OWN_NAMES)).json()
    path = f"/v1/imports/{report['id']}/mappings"
    private = await client.post(
        "/v1/exercises",
        json={
            "name": "Secret Row",
            "primary_muscle": "lats",
            "movement_pattern": "horizontal_pull",
            "load_type": "barbell",
            "equipment": ["olympic_barbell"],
        },
        headers=other.headers,
    )
    assert private.status_code == 201, private.text
    row = await exercise_id(client, "barbell_row")
    cases = [
        ([{"name": "Cycling", "exercise_id": row}], ["body", "0", "name"]),
        ([{"name": "Meadows Row Special", "exercise_id": str(uuid.uuid4())}], None),
        ([{"name": "Meadows Row Special", "exercise_id": private.json()["id"]}], None),
        (
            [
                {"name": "Meadows Row Special", "exercise_id": row},
                {"name": "meadows row special", "exercise_id": await exercise_id(client, "plank")},
            ],
            ["body", "1", "name"],
        ),
        ([], None),
        ([{"name": "Meadows Row Special"}], None),
        ({"name": "Meadows Row Special", "exercise_id": row}, None),
    ]
    for body, loc in cases:
        response = await client.post(path, json=body, headers=user.headers)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == PROBLEM
        if loc is not None:
            assert response.json()["errors"][0]["loc"] == loc
    held = await stored(owner_url, user.id)
    assert (held["import_pending_exercises"], held["exercise_name_mappings"]) == (2, 0)
    missing = await client.post(
        f"/v1/imports/{uuid.uuid4()}/mappings",
        json=[{"name": "Meadows Row Special", "exercise_id": row}],
        headers=user.headers,
    )
    assert missing.status_code == 404


async def test_ones_own_exercises_match_by_name_and_may_be_mapped(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    user = await sign_up(client)
    own = await client.post(
        "/v1/exercises",
        json={
            "name": "Meadows Row Special",
            "primary_muscle": "lats",
            "movement_pattern": "horizontal_pull",
            "load_type": "barbell",
            "equipment": ["olympic_barbell"],
        },
        headers=user.headers,
    )
    assert own.status_code == 201, own.text
    report = (await upload(client, user, OWN_NAMES)).json()
    assert report["unmatched_exercises"] == []
    assert report["sets_created"] == 5
    ids = {e["exercise_id"] for w in await workouts(client, user) for e in w["exercises"]}
    assert own.json()["id"] in ids


async def test_rows_of_a_workout_deleted_meanwhile_are_dropped(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await sign_up(client)
    report = (await upload(client, user, OWN_NAMES)).json()
    _, second = await workouts(client, user)
    gone = await client.delete(f"/v1/workouts/{second['id']}", headers=user.headers)
    assert gone.status_code == 204
    mapped = await client.post(
        f"/v1/imports/{report['id']}/mappings",
        json=[
            {"name": "Meadows Row Special", "exercise_id": await exercise_id(client, "barbell_row")}
        ],
        headers=user.headers,
    )
    assert mapped.status_code == 200, mapped.text
    # The two sets of the first session arrive; the one of the deleted session does not.
    assert (mapped.json()["sets_created"], mapped.json()["rows_skipped"]) == (4, 1)
    assert mapped.json()["unmatched_exercises"] == []
    assert len(await workouts(client, user)) == 1
    assert (await stored(owner_url, user.id))["import_pending_exercises"] == 0


async def test_remembered_names_are_listed_and_forgotten_by_their_owner_only(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    user, other = await sign_up(client), await sign_up(client)
    report = (await upload(client, user, OWN_NAMES)).json()
    row = await exercise_id(client, "barbell_row")
    mapped = await client.post(
        f"/v1/imports/{report['id']}/mappings",
        json=[{"name": "Meadows Row Special", "exercise_id": row}],
        headers=user.headers,
    )
    assert mapped.status_code == 200, mapped.text

    listed = await client.get("/v1/name-mappings", headers=user.headers)
    assert listed.status_code == 200, listed.text
    (remembered,) = listed.json()["items"]
    assert (remembered["name"], remembered["exercise_id"]) == ("meadows row special", row)
    assert (await client.get("/v1/name-mappings", headers=other.headers)).json()["items"] == []

    path = f"/v1/name-mappings/{remembered['id']}"
    refused = await client.delete(path, headers=other.headers)
    assert refused.status_code == 404
    assert refused.headers["content-type"] == PROBLEM
    assert (await client.delete(path, headers=user.headers)).status_code == 204
    assert (await client.delete(path, headers=user.headers)).status_code == 404
    assert (await client.get("/v1/name-mappings", headers=user.headers)).json()["items"] == []

    # Forgotten: the next file with that name waits for a mapping again.
    later = (await upload(client, user, LATER)).json()
    assert later["unmatched_exercises"] == [{"name": "MEADOWS  row special", "rows": 1}]


async def test_remembered_names_page_in_name_order(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    user = await sign_up(client)
    names = [f"Odd Move {letter}" for letter in "DACEB"]
    rows = [HEADER, *(f'2024-05-01,{name},Back,30.0,kgs,10,,,,""' for name in names)]
    report = (await upload(client, user, "\n".join(rows).encode())).json()
    row = await exercise_id(client, "barbell_row")
    mapping = [{"name": name, "exercise_id": row} for name in names]
    mapped = await client.post(
        f"/v1/imports/{report['id']}/mappings", json=mapping, headers=user.headers
    )
    assert mapped.status_code == 200, mapped.text
    seen = await walk_pages(client, "/v1/name-mappings", user.headers, limit=2)
    assert [item["name"] for item in seen] == sorted(name.lower() for name in names)

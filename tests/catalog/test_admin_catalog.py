"""Administrators create, edit, retire and restore catalog entries; all audited."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import sign_up, sign_up_admin

pytestmark = pytest.mark.usefixtures("seeded_catalog")


def _new_exercise() -> dict[str, object]:
    tag = uuid.uuid4().hex[:8]
    return {
        "name": f"Paused Pin Press {tag}",
        "slug": f"paused_pin_press_{tag}",
        "primary_muscle": "chest",
        "secondary_muscles": ["triceps", "front_delts"],
        "equipment": ["olympic_barbell"],
        "movement_pattern": "horizontal_push",
        "load_type": "barbell",
        "difficulty": 3,
        "is_compound": True,
        # Every shipped language, so the shared catalog keeps passing its quality checks.
        "names": {
            "es": f"Press en pines con pausa {tag}",
            "de": f"Pin-Press mit Pause {tag}",
            "fr": f"Développé aux goupilles avec pause {tag}",
            "pt": f"Supino nos pinos com pausa {tag}",
            "it": f"Distensione ai fermi con pausa {tag}",
        },
        "aliases": [f"Pin Press Paused {tag}"],
    }


async def _audit_actions(
    client: httpx.AsyncClient, headers: dict[str, str], target: str
) -> list[str]:
    log = await client.get("/v1/admin/audit-log", headers=headers, params={"target_id": target})
    return [e["action"] for e in log.json()["items"]]


async def test_admin_lifecycle_is_audited_and_retired_stays_resolvable(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    body = _new_exercise()
    created = await client.post("/v1/admin/exercises", headers=admin.headers, json=body)
    assert created.status_code == 201, created.text
    exercise = created.json()
    assert exercise["is_custom"] is False
    assert exercise["names"]["es"] == body["names"]["es"]  # type: ignore[index]

    found = await client.get("/v1/exercises", params={"q": str(body["aliases"][0])})  # type: ignore[index]
    assert found.json()["items"][0]["id"] == exercise["id"]

    patched = await client.patch(
        f"/v1/admin/exercises/{exercise['id']}", headers=admin.headers, json={"difficulty": 4}
    )
    assert patched.json()["difficulty"] == 4
    retired = await client.post(
        f"/v1/admin/exercises/{exercise['id']}/retire", headers=admin.headers
    )
    assert retired.json()["retired"] is True

    listing = await client.get("/v1/exercises", params={"q": str(body["name"])})
    assert exercise["id"] not in {i["id"] for i in listing.json()["items"]}
    with_retired = await client.get(
        "/v1/exercises", params={"q": str(body["name"]), "include_retired": "true"}
    )
    assert exercise["id"] in {i["id"] for i in with_retired.json()["items"]}
    assert (await client.get(f"/v1/exercises/{exercise['id']}")).json()["retired"] is True

    restored = await client.post(
        f"/v1/admin/exercises/{exercise['id']}/restore", headers=admin.headers
    )
    assert restored.json()["retired"] is False
    actions = await _audit_actions(client, admin.headers, exercise["id"])
    assert sorted(actions) == sorted(
        [
            "catalog.exercise_create",
            "catalog.exercise_update",
            "catalog.exercise_retire",
            "catalog.exercise_restore",
        ]
    )


async def test_admin_catalog_errors(client: httpx.AsyncClient, owner_url: str) -> None:
    admin = await sign_up_admin(client, owner_url)
    user = await sign_up(client)
    assert (
        await client.post("/v1/admin/exercises", headers=user.headers, json=_new_exercise())
    ).status_code == 403
    body = _new_exercise()
    body["aliases"] = ["RDL"]
    taken = await client.post("/v1/admin/exercises", headers=admin.headers, json=body)
    assert taken.status_code == 409
    missing = await client.patch(
        f"/v1/admin/exercises/{uuid.uuid4()}", headers=admin.headers, json={"difficulty": 2}
    )
    assert missing.status_code == 404
    nulls = await client.get("/v1/exercises/barbell_bench_press")
    bad = await client.patch(
        f"/v1/admin/exercises/{nulls.json()['id']}",
        headers=admin.headers,
        json={"primary_muscle": None},
    )
    assert bad.status_code == 422


async def test_equipment_curation_is_audited(client: httpx.AsyncClient, owner_url: str) -> None:
    admin = await sign_up_admin(client, owner_url)
    tag = uuid.uuid4().hex[:8]
    body = {
        "slug": f"test_cambered_bar_{tag}",
        "name": f"Test Cambered Bar {tag}",
        "names": {loc: f"Cambered {loc} {tag}" for loc in ("es", "de", "fr", "pt", "it")},
        "category": "bar",
        "load_type": "barbell",
        "bar_type": "olympic_20kg",
        "profile": {"adjustable": True, "increment_g": 2500, "base_weight_g": 20000},
    }
    created = await client.post("/v1/admin/equipment", headers=admin.headers, json=body)
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["bar_type"] == "olympic_20kg"
    assert item["profile"]["increment_g"] == 2500
    german = await client.get(f"/v1/equipment/{item['slug']}", params={"lang": "de"})
    assert german.json()["name"] == f"Cambered de {tag}"

    patched = await client.patch(
        f"/v1/admin/equipment/{item['id']}",
        headers=admin.headers,
        json={"category": "specialty_bar"},
    )
    assert patched.json()["category"] == "specialty_bar"
    retired = await client.post(f"/v1/admin/equipment/{item['id']}/retire", headers=admin.headers)
    assert retired.json()["retired"] is True
    assert (await client.get(f"/v1/equipment/{item['id']}")).json()["retired"] is True
    actions = await _audit_actions(client, admin.headers, item["id"])
    assert sorted(actions) == [
        "catalog.equipment_create",
        "catalog.equipment_retire",
        "catalog.equipment_update",
    ]

    duplicate = await client.post("/v1/admin/equipment", headers=admin.headers, json=body)
    assert duplicate.status_code == 409
    bad_bar = await client.post(
        "/v1/admin/equipment",
        headers=admin.headers,
        json={**body, "slug": f"x_{tag}", "bar_type": "unobtainium"},
    )
    assert bad_bar.status_code == 422
    negative = await client.post(
        "/v1/admin/equipment",
        headers=admin.headers,
        json={**body, "slug": f"y_{tag}", "profile": {"increment_g": -5}},
    )
    assert negative.status_code == 422

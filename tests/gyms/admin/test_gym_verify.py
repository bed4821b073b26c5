"""PATCH /v1/admin/gyms/{id}: platform administrators verify gyms, and the audit log says so."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, platform_admin


async def _audit(
    client: httpx.AsyncClient, headers: dict[str, str], gym_id: str
) -> list[dict[str, Any]]:
    params = {"target_table": "gyms", "target_id": gym_id}
    response = await client.get("/v1/admin/audit-log", headers=headers, params=params)
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()["items"]
    return entries


async def test_an_admin_verifies_a_gym_and_it_is_audited(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str
) -> None:
    admin = await platform_admin(client, owner_url)
    founder = await sign_up(client)
    gym = await create_gym(client, founder)
    assert gym["verified"] is False
    response = await client.patch(
        f"/v1/admin/gyms/{gym['id']}",
        headers={**admin.headers, "X-Request-ID": "req-verify-1"},
        json={"verified": True},
    )
    assert response.status_code == 200, response.text
    assert response.json()["id"] == gym["id"]
    assert response.json()["verified"] is True
    seen = await client.get(f"/v1/gyms/{gym['id']}", headers=founder.headers)
    assert seen.json()["verified"] is True

    [entry] = await _audit(client, admin.headers, gym["id"])
    assert entry["actor_id"] == str(admin.id)
    assert entry["action"] == "gyms.verify"
    assert entry["target_table"] == "gyms"
    assert entry["before"] == {"verified": False}
    assert entry["after"] == {"verified": True}
    assert entry["request_id"] == "req-verify-1"

    revoked = await client.patch(
        f"/v1/admin/gyms/{gym['id']}", headers=admin.headers, json={"verified": False}
    )
    assert revoked.json()["verified"] is False
    latest, first = await _audit(client, admin.headers, gym["id"])
    assert (latest["before"], latest["after"]) == ({"verified": True}, {"verified": False})
    assert first["id"] == entry["id"]


async def test_only_platform_admins_may_verify(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str
) -> None:
    founder = await sign_up(client)
    gym = await create_gym(client, founder)
    path = f"/v1/admin/gyms/{gym['id']}"
    # Not even the gym's own admin, neither here nor through the gym's own PATCH.
    assert_problem(await client.patch(path, headers=founder.headers, json={"verified": True}), 403)
    own = await client.patch(
        f"/v1/gyms/{gym['id']}", headers=founder.headers, json={"verified": True}
    )
    assert_problem(own, 422)
    assert_problem(await client.patch(path, json={"verified": True}), 401)
    seen = await client.get(f"/v1/gyms/{gym['id']}", headers=founder.headers)
    assert seen.json()["verified"] is False
    admin = await platform_admin(client, owner_url)
    assert await _audit(client, admin.headers, gym["id"]) == []


async def test_unknown_gym_is_404_and_bad_bodies_are_422(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str
) -> None:
    admin = await platform_admin(client, owner_url)
    missing = str(uuid.uuid4())
    response = await client.patch(
        f"/v1/admin/gyms/{missing}", headers=admin.headers, json={"verified": True}
    )
    assert_problem(response, 404)
    assert await _audit(client, admin.headers, missing) == []
    gym = await create_gym(client, admin)
    path = f"/v1/admin/gyms/{gym['id']}"
    bad_bodies: list[Any] = [
        {},
        {"verified": True, "name": "Renamed"},
        {"verified": "yes"},
        {"verified": None},
        {"verified": 1},
        [],
    ]
    for body in bad_bodies:
        problem = assert_problem(await client.patch(path, headers=admin.headers, json=body), 422)
        assert problem["errors"], body
    assert_problem(
        await client.patch("/v1/admin/gyms/not-a-uuid", headers=admin.headers, json={}), 422
    )
    assert await _audit(client, admin.headers, gym["id"]) == []

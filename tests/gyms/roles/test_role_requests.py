"""Asking to run a gym; gym admins and platform admins deciding, every decision audited."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from ironbase.db.setup import DatabaseTarget
from tests.conftest import SignedUpUser, run_sql, sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, platform_admin


async def _request(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str, role: str = "staff"
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/gyms/{gym_id}/role-requests",
        headers=user.headers,
        json={"role": role, "note": "I coach here on Mondays"},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _audit(target: DatabaseTarget, request_id: str) -> list[Any]:
    return run_sql(
        target,
        "select actor_id, action, before, after from admin_audit_log "
        "where target_table = 'gym_role_requests' and target_id = :id",
        id=request_id,
    )


async def test_gym_admin_approves_and_the_audit_log_records_it(
    client: httpx.AsyncClient, catalog: Catalog, database_target: DatabaseTarget
) -> None:
    owner, coach = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    request = await _request(client, coach, gym["id"])
    assert (request["status"], request["requested_role"]) == ("pending", "staff")
    url = f"/v1/gyms/{gym['id']}/role-requests/{request['id']}"
    approved = await client.post(
        f"{url}/approve", headers=owner.headers, json={"note": "Welcome aboard"}
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert (body["status"], body["decided_by"], body["decision_note"]) == (
        "approved",
        str(owner.id),
        "Welcome aboard",
    )
    seen = (await client.get(f"/v1/gyms/{gym['id']}", headers=coach.headers)).json()
    assert seen["my_role"] == "staff"
    [(actor, action, before, after)] = _audit(database_target, request["id"])
    assert (actor, action) == (owner.id, "gym_role_request.approve")
    assert before == {"status": "pending"}
    assert after["status"] == "approved"
    assert after["user_id"] == str(coach.id)
    # Staff edit equipment, not the gym itself.
    equipment = {"equipment": [{"equipment": catalog.leg_press}]}
    put = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=coach.headers, json=equipment)
    assert put.status_code == 200
    renamed = await client.patch(
        f"/v1/gyms/{gym['id']}", headers=coach.headers, json={"name": "Mine now"}
    )
    assert_problem(renamed, 403)
    assert_problem(await client.post(f"{url}/reject", headers=owner.headers), 409)


async def test_rejection_is_audited_and_grants_nothing(
    client: httpx.AsyncClient, catalog: Catalog, database_target: DatabaseTarget
) -> None:
    owner, hopeful = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    request = await _request(client, hopeful, gym["id"], role="admin")
    url = f"/v1/gyms/{gym['id']}/role-requests/{request['id']}"
    rejected = await client.post(f"{url}/reject", headers=owner.headers)
    assert rejected.json()["status"] == "rejected"
    seen = (await client.get(f"/v1/gyms/{gym['id']}", headers=hopeful.headers)).json()
    assert seen["my_role"] is None
    [(actor, action, _, after)] = _audit(database_target, request["id"])
    assert (actor, action, after["status"]) == (owner.id, "gym_role_request.reject", "rejected")
    again = await _request(client, hopeful, gym["id"], role="admin")  # decided: may ask again
    assert again["id"] != request["id"]


async def test_platform_admin_decides_for_any_gym(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str, database_target: DatabaseTarget
) -> None:
    owner, coach = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    request = await _request(client, coach, gym["id"], role="admin")
    platform = await platform_admin(client, owner_url)
    listed = await client.get(f"/v1/gyms/{gym['id']}/role-requests", headers=platform.headers)
    assert [r["id"] for r in listed.json()["items"]] == [request["id"]]
    url = f"/v1/gyms/{gym['id']}/role-requests/{request['id']}/approve"
    assert (await client.post(url, headers=platform.headers)).status_code == 200
    seen = (await client.get(f"/v1/gyms/{gym['id']}", headers=coach.headers)).json()
    assert seen["my_role"] == "admin"
    [(actor, action, _, _)] = _audit(database_target, request["id"])
    assert (actor, action) == (platform.id, "gym_role_request.approve")


async def test_staff_can_be_promoted_but_an_admin_is_never_demoted(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    owner, coach = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    base = f"/v1/gyms/{gym['id']}/role-requests"
    staff = await _request(client, coach, gym["id"], role="staff")
    await client.post(f"{base}/{staff['id']}/approve", headers=owner.headers)
    assert_problem(
        await client.post(base, headers=coach.headers, json={"role": "staff"}), 409
    )  # already staff
    promotion = await _request(client, coach, gym["id"], role="admin")
    await client.post(f"{base}/{promotion['id']}/approve", headers=owner.headers)
    seen = (await client.get(f"/v1/gyms/{gym['id']}", headers=coach.headers)).json()
    assert seen["my_role"] == "admin"
    assert_problem(await client.post(base, headers=coach.headers, json={"role": "staff"}), 409)


async def test_who_sees_and_who_decides_requests(
    client: httpx.AsyncClient, catalog: Catalog, database_target: DatabaseTarget
) -> None:
    owner, alice, bob = await sign_up(client), await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    base = f"/v1/gyms/{gym['id']}/role-requests"
    alices = await _request(client, alice, gym["id"])
    bobs = await _request(client, bob, gym["id"])
    duplicate = await client.post(base, headers=alice.headers, json={"role": "admin"})
    assert_problem(duplicate, 409)

    async def ids(user: SignedUpUser, **params: Any) -> list[str]:
        page = await client.get(base, headers=user.headers, params=params)
        return [r["id"] for r in page.json()["items"]]

    assert await ids(owner) == [bobs["id"], alices["id"]]  # newest first
    assert await ids(alice) == [alices["id"]]
    assert await ids(bob) == [bobs["id"]]
    assert await ids(owner, status="approved") == []
    first = (await client.get(base, headers=owner.headers, params={"limit": 1})).json()
    rest = await ids(owner, limit=1, cursor=first["next_cursor"])
    assert [first["items"][0]["id"], *rest] == [bobs["id"], alices["id"]]

    # Bob cannot see Alice's request (404); Alice sees hers but cannot decide it (403).
    alice_url = f"{base}/{alices['id']}"
    assert_problem(await client.post(f"{alice_url}/approve", headers=bob.headers), 404)
    assert_problem(await client.post(f"{alice_url}/approve", headers=alice.headers), 403)
    assert_problem(await client.post(f"{base}/{uuid.uuid4()}/approve", headers=owner.headers), 404)
    other_gym = await create_gym(client, owner)
    wrong_gym = f"/v1/gyms/{other_gym['id']}/role-requests/{alices['id']}/approve"
    assert_problem(await client.post(wrong_gym, headers=owner.headers), 404)
    assert_problem(
        await client.get(f"/v1/gyms/{uuid.uuid4()}/role-requests", headers=owner.headers), 404
    )
    assert _audit(database_target, alices["id"]) == []
    still = (await client.get(base, headers=alice.headers)).json()["items"][0]
    assert still["status"] == "pending"


async def test_bad_role_request_bodies_are_422(client: httpx.AsyncClient, catalog: Catalog) -> None:
    owner, hopeful = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    base = f"/v1/gyms/{gym['id']}/role-requests"
    for body in (
        {"role": "owner"},
        {"role": "staff", "note": "x" * 501},
        {"role": "staff", "status": "approved"},
    ):
        assert_problem(await client.post(base, headers=hopeful.headers, json=body), 422)
    assert (await client.get(base, headers=hopeful.headers)).json()["items"] == []
    assert_problem(await client.post(base, headers=owner.headers, json={"role": "staff"}), 409)

"""One person's memberships, plates, miniweights, collars and role requests are theirs alone,
through the API and through raw SQL as ``authenticated`` (the database is the wall); gym
rows and the audit log only change the way the policies allow."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, join
from tests.support import as_user

INVENTORY_TABLES = ("user_gym_plates", "user_gym_miniweights", "user_gym_collars")


async def _alice_with_iron(client: httpx.AsyncClient, catalog: Catalog) -> tuple[SignedUpUser, str]:
    alice = await sign_up(client)
    gym = await create_gym(client, alice)
    await join(client, alice, gym["id"])
    base = f"/v1/me/gyms/{gym['id']}"
    await client.put(
        f"{base}/plates", headers=alice.headers, json={"plates": [{"mass": 20, "pairs": 3}]}
    )
    await client.put(
        f"{base}/miniweights",
        headers=alice.headers,
        json={"miniweights": [{"mass": 0.5, "pairs": 1}]},
    )
    # Collars for any bar, and lighter ones for the kg Olympic bar.
    collars = [{"mass": 2.5}, {"bar_type": catalog.olympic_kg, "mass": 1}]
    saved = await client.put(f"{base}/collars", headers=alice.headers, json={"items": collars})
    assert saved.status_code == 200, saved.text
    return alice, gym["id"]


async def test_inventory_is_private_through_the_api(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    alice, gym_id = await _alice_with_iron(client, catalog)
    bob = await sign_up(client)
    base = f"/v1/me/gyms/{gym_id}"
    for path in ("plates", "miniweights", "collars"):
        assert_problem(await client.get(f"{base}/{path}", headers=bob.headers), 404)
    assert_problem(
        await client.put(f"{base}/plates", headers=bob.headers, json={"plates": []}), 404
    )
    assert_problem(
        await client.put(f"{base}/collars", headers=bob.headers, json={"items": []}), 404
    )
    alices_collars = (await client.get(f"{base}/collars", headers=alice.headers)).json()
    assert alices_collars == {
        "items": [
            {"bar_type": None, "mass": 2.5, "unit": "kg"},
            {"bar_type": catalog.olympic_kg, "mass": 1, "unit": "kg"},
        ]
    }
    await join(client, bob, gym_id)  # same gym, still only his own iron
    assert (await client.get(f"{base}/plates", headers=bob.headers)).json() == {"plates": []}
    assert (await client.get(f"{base}/miniweights", headers=bob.headers)).json() == {
        "miniweights": []
    }
    assert (await client.get(f"{base}/collars", headers=bob.headers)).json() == {"items": []}
    await client.put(
        f"{base}/plates", headers=bob.headers, json={"plates": [{"mass": 5, "pairs": 1}]}
    )
    bobs_collars = {"items": [{"bar_type": catalog.olympic_kg, "mass": 0}]}
    saved = await client.put(f"{base}/collars", headers=bob.headers, json=bobs_collars)
    assert saved.status_code == 200, saved.text
    alices = (await client.get(f"{base}/plates", headers=alice.headers)).json()["plates"]
    assert alices == [{"mass": 20, "unit": "kg", "pairs": 3}]
    assert (await client.get(f"{base}/collars", headers=alice.headers)).json() == alices_collars
    # Her loads still use her own collar for that bar (1 kg), not his (0).
    loads = await client.get(
        f"{base}/loads", headers=alice.headers, params={"bar_type": catalog.olympic_kg}
    )
    assert loads.json()["collar"] == 1
    bobs_gyms = (await client.get("/v1/me/gyms", headers=bob.headers)).json()["items"]
    assert [m["gym"]["id"] for m in bobs_gyms] == [gym_id]
    alices_gyms = (await client.get("/v1/me/gyms", headers=alice.headers)).json()["items"]
    assert [m["gym"]["id"] for m in alices_gyms] == [gym_id]


async def test_leaving_forgets_the_inventory(client: httpx.AsyncClient, catalog: Catalog) -> None:
    alice, gym_id = await _alice_with_iron(client, catalog)
    await client.delete(f"/v1/gyms/{gym_id}/membership", headers=alice.headers)
    await join(client, alice, gym_id)
    plates = await client.get(f"/v1/me/gyms/{gym_id}/plates", headers=alice.headers)
    assert plates.json() == {"plates": []}
    collars = await client.get(f"/v1/me/gyms/{gym_id}/collars", headers=alice.headers)
    assert collars.json() == {"items": []}


async def test_raw_sql_cannot_reach_another_persons_inventory_or_memberships(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    alice, gym_id = await _alice_with_iron(client, catalog)
    bob = await sign_up(client)
    gym = uuid.UUID(gym_id)
    await join(client, bob, gym_id)  # a member too, with a collar row of his own
    bobs = await client.put(
        f"/v1/me/gyms/{gym_id}/collars", headers=bob.headers, json={"items": [{"mass": 0}]}
    )
    assert bobs.status_code == 200, bobs.text
    async with as_user(authenticator_dsn, bob.id) as conn:
        for table in (*INVENTORY_TABLES, "user_gyms"):
            seen = await conn.fetchval(f"select count(*) from {table} where user_id = $1", alice.id)
            assert seen == 0, table
        for table in ("user_gym_plates", "user_gym_miniweights"):
            assert await conn.execute(
                f"update {table} set pairs = 99 where user_id = $1", alice.id
            ) == ("UPDATE 0")
            assert (
                await conn.execute(f"delete from {table} where user_id = $1", alice.id)
                == "DELETE 0"
            )
        for where in ("user_id = $1", "user_id = $1 and bar_type_id is null"):
            changed = await conn.execute(
                f"update user_gym_collars set mass = 0, mass_g = 0 where {where}", alice.id
            )
            assert changed == "UPDATE 0"
            removed = await conn.execute(f"delete from user_gym_collars where {where}", alice.id)
            assert removed == "DELETE 0"
        assert (
            await conn.execute("delete from user_gyms where user_id = $1", alice.id) == "DELETE 0"
        )
        changed = await conn.execute(
            "update user_gyms set is_default = false where user_id = $1", alice.id
        )
        assert changed == "UPDATE 0"
    forged = (
        ("insert into user_gyms (user_id, gym_id) values ($1, $2)", (alice.id, gym)),
        (
            "insert into user_gym_plates (user_id, gym_id, mass, unit, mass_g, pairs) "
            "values ($1, $2, 10, 'kg', 10000, 1)",
            (alice.id, gym),
        ),
        (
            "insert into user_gym_collars (user_id, gym_id, mass, unit, mass_g) "
            "values ($1, $2, 0, 'kg', 0)",
            (alice.id, gym),
        ),
        (
            "insert into user_gym_collars (user_id, gym_id, bar_type_id, mass, unit, mass_g) "
            "select $1, $2, id, 0, 'kg', 0 from bar_types where slug = $3",
            (alice.id, gym, catalog.olympic_lb),
        ),
        # Moving his own collar row over to her is refused too.
        ("update user_gym_collars set user_id = $1 where user_id = $2", (alice.id, bob.id)),
    )
    for statement, args in forged:
        async with as_user(authenticator_dsn, bob.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement, *args)
    async with as_user(authenticator_dsn, alice.id) as conn:
        assert (
            await conn.fetchval("select pairs from user_gym_plates where user_id = $1", alice.id)
            == 3
        )
        collars = await conn.fetch(
            "select bar_type_id is null as any_bar, mass_g from user_gym_collars "
            "where user_id = $1 order by mass_g",
            alice.id,
        )
        assert [tuple(r) for r in collars] == [(False, 1000), (True, 2500)]


async def test_raw_sql_cannot_see_or_decide_anothers_role_request(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    owner, alice, bob = await sign_up(client), await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    made = await client.post(
        f"/v1/gyms/{gym['id']}/role-requests", headers=alice.headers, json={"role": "admin"}
    )
    request_id = uuid.UUID(made.json()["id"])
    async with as_user(authenticator_dsn, bob.id) as conn:
        assert (
            await conn.fetchval("select count(*) from gym_role_requests where id = $1", request_id)
            == 0
        )
        approved = await conn.execute(
            "update gym_role_requests set status = 'approved', decided_by = $2, decided_at = now() "
            "where id = $1",
            request_id,
            bob.id,
        )
        assert approved == "UPDATE 0"
    async with as_user(authenticator_dsn, alice.id) as conn:
        # Her own request: visible, but she cannot approve it herself.
        assert (
            await conn.fetchval("select count(*) from gym_role_requests where id = $1", request_id)
            == 1
        )
        approved = await conn.execute(
            "update gym_role_requests set status = 'approved', decided_by = $2, decided_at = now() "
            "where id = $1",
            request_id,
            alice.id,
        )
        assert approved == "UPDATE 0"
    for statement, args in (
        (
            "insert into gym_role_requests (gym_id, user_id, requested_role) "
            "values ($1, $2, 'staff')",
            (uuid.UUID(gym["id"]), alice.id),
        ),
        (
            "insert into gym_role_requests (gym_id, user_id, requested_role, status) "
            "values ($1, $2, 'staff', 'approved')",
            (uuid.UUID(gym["id"]), bob.id),
        ),
    ):
        async with as_user(authenticator_dsn, bob.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement, *args)


async def test_raw_sql_cannot_take_over_a_gym(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    gym = uuid.UUID((await create_gym(client, alice, name="Alice's"))["id"])
    async with as_user(authenticator_dsn, bob.id) as conn:
        assert (
            await conn.execute("update gyms set name = 'Bob''s' where id = $1", gym) == "UPDATE 0"
        )
        assert await conn.fetchval("select count(*) from gym_admins where gym_id = $1", gym) == 0
        assert await conn.execute("delete from gym_equipment where gym_id = $1", gym) == "DELETE 0"
    refused: list[tuple[str, tuple[Any, ...]]] = [
        ("insert into gym_admins (gym_id, user_id, role) values ($1, $2, 'admin')", (gym, bob.id)),
        ("update gyms set verified = true where id = $1", (gym,)),
        ("delete from gyms where id = $1", (gym,)),
        (
            "insert into gym_equipment (gym_id, equipment_id) "
            "select $1, id from equipment where slug = $2",
            (gym, catalog.leg_press),
        ),
        (
            "insert into gyms (name, time_zone, created_by) values ('Forged', 'UTC', $1)",
            (alice.id,),
        ),
        (
            "insert into cities (id, slug, name, country_code, time_zone, latitude, longitude) "
            "values (gen_random_uuid(), 'x-xx', 'X', 'XX', 'UTC', 0, 0)",
            (),
        ),
    ]
    for statement, args in refused:
        async with as_user(authenticator_dsn, bob.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement, *args)
    async with as_user(authenticator_dsn, bob.id) as conn:
        # His own gym, in the transaction that creates it: he is its founder.
        own = await conn.fetchval(
            "insert into gyms (name, time_zone) values ('Bob''s own', 'UTC') returning id"
        )
        await conn.execute(
            "insert into gym_admins (gym_id, user_id, role) values ($1, $2, 'admin')", own, bob.id
        )
        assert await conn.fetchval("select public.gym_role($1)", own) == "admin"


async def test_audit_rows_cannot_be_forged(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    owner, alice, bob = await sign_up(client), await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    made = await client.post(
        f"/v1/gyms/{gym['id']}/role-requests", headers=alice.headers, json={"role": "staff"}
    )
    request_id = made.json()["id"]
    forged = (
        "insert into admin_audit_log (actor_id, action, target_table, target_id, after) "
        "values ($1, $2, 'gym_role_requests', $3, $4::jsonb)"
    )
    after = json.dumps({"status": "approved"})
    for actor, action in (
        (bob.id, "gym_role_request.approve"),  # he decided nothing
        (owner.id, "gym_role_request.approve"),  # someone else's name
        (bob.id, "users.set_pro"),
    ):
        async with as_user(authenticator_dsn, bob.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(forged, actor, action, request_id, after)
    async with as_user(authenticator_dsn, owner.id) as conn:
        # A real decision in this transaction, but an audit row that lies about it.
        await conn.execute(
            "update gym_role_requests set status = 'rejected', decided_by = $2, decided_at = now() "
            "where id = $1",
            uuid.UUID(request_id),
            owner.id,
        )
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(forged, owner.id, "gym_role_request.approve", request_id, after)
    async with as_user(authenticator_dsn, bob.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("select action, after from admin_audit_log")

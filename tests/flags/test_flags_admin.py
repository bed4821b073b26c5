"""/v1/admin/flags: create, read, change, delete; validated, audited, administrators only;
people reach the table only through ``my_flags``."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.flags.conftest import PROBLEM, create_flag, new_key
from tests.support import as_user


async def _audit(client: httpx.AsyncClient, admin: SignedUpUser, key: str) -> list[dict[str, Any]]:
    response = await client.get(
        "/v1/admin/audit-log",
        headers=admin.headers,
        params={"target_table": "app_flags", "target_id": key},
    )
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()["items"]
    return items[::-1]  # oldest first


async def test_create_read_change_delete_each_audited(
    client: httpx.AsyncClient, admin: SignedUpUser
) -> None:
    key = new_key()
    listed = [str(uuid.uuid4()) for _ in range(3)]
    body = {
        "key": key,
        "description": "New squat screen",
        "percentage": 25,
        "user_ids": [listed[2], listed[0], listed[1], listed[0]],
        "min_app_version": "3.1",
    }
    created = await client.post("/v1/admin/flags", headers=admin.headers, json=body)
    assert created.status_code == 201, created.text
    flag = created.json()
    assert flag["key"] == key
    assert flag["enabled"] is False  # off until an administrator says so
    assert flag["pro_only"] is False
    assert flag["percentage"] == 25
    assert flag["user_ids"] == sorted(listed)  # duplicates dropped
    assert flag["min_app_version"] == "3.1.0"
    assert (await client.get(f"/v1/admin/flags/{key}", headers=admin.headers)).json() == flag

    changed = await client.patch(
        f"/v1/admin/flags/{key}",
        headers=admin.headers,
        json={"enabled": True, "min_app_version": None, "user_ids": []},
    )
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert (after["enabled"], after["min_app_version"], after["user_ids"]) == (True, None, [])
    assert after["description"] == "New squat screen"  # not sent, not changed
    assert after["updated_at"] >= flag["updated_at"]

    deleted = await client.delete(f"/v1/admin/flags/{key}", headers=admin.headers)
    assert deleted.status_code == 204
    gone = await client.get(f"/v1/admin/flags/{key}", headers=admin.headers)
    assert gone.status_code == 404
    assert gone.headers["content-type"] == PROBLEM

    entries = await _audit(client, admin, key)
    assert [e["action"] for e in entries] == ["flags.create", "flags.update", "flags.delete"]
    assert all(e["actor_id"] == str(admin.id) for e in entries)
    create, update, delete = entries
    assert create["before"] is None
    assert create["after"]["percentage"] == 25
    assert create["after"]["user_ids"] == sorted(listed)
    assert update["before"]["enabled"] is False
    assert update["after"]["enabled"] is True
    assert update["before"]["min_app_version"] == "3.1.0"
    assert update["after"]["min_app_version"] is None
    assert delete["before"]["enabled"] is True
    assert delete["after"] is None


async def test_a_taken_key_is_409_and_changes_nothing(
    client: httpx.AsyncClient, admin: SignedUpUser
) -> None:
    flag = await create_flag(client, admin, description="first")
    again = await client.post(
        "/v1/admin/flags",
        headers=admin.headers,
        json={"key": flag["key"], "description": "second"},
    )
    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    now = (await client.get(f"/v1/admin/flags/{flag['key']}", headers=admin.headers)).json()
    assert now["description"] == "first"
    assert [e["action"] for e in await _audit(client, admin, flag["key"])] == ["flags.create"]


async def test_unknown_flags_are_404(client: httpx.AsyncClient, admin: SignedUpUser) -> None:
    key = new_key()
    for response in (
        await client.patch(f"/v1/admin/flags/{key}", headers=admin.headers, json={}),
        await client.delete(f"/v1/admin/flags/{key}", headers=admin.headers),
        await client.get(f"/v1/admin/flags/{key}", headers=admin.headers),
    ):
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
    assert await _audit(client, admin, key) == []


BAD_CREATES = [
    {"key": "Has Caps"},
    {"key": "a..b"},
    {"key": ".leading"},
    {"key": "trailing."},
    {"key": "1digit"},
    {"key": "colon:key"},
    {"key": "x" * 65},
    {"key": "ok.key\n"},
    {"percentage": 101},
    {"percentage": -1},
    {"percentage": "50"},
    {"percentage": 50.5},
    {"enabled": "yes"},
    {"pro_only": 1},
    {"user_ids": ["not-a-uuid"]},
    {"user_ids": [str(uuid.UUID(int=i + 1)) for i in range(1001)]},
    {"min_app_version": "v1"},
    {"min_app_version": "1.2.3.4"},
    {"min_app_version": "1.2.3-beta"},
    {"min_app_version": "1234567.0"},
    {"description": "d" * 501},
    {"surprise": True},
]


@pytest.mark.parametrize("fields", BAD_CREATES, ids=lambda f: next(iter(f)))
async def test_bad_flags_are_422_and_nothing_is_stored(
    client: httpx.AsyncClient, admin: SignedUpUser, fields: dict[str, Any]
) -> None:
    key = new_key()
    body = {"key": key, **fields}
    response = await client.post("/v1/admin/flags", headers=admin.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    for stored_key in {key, body["key"]} - {"x" * 65, "ok.key\n"}:
        found = await client.get(f"/v1/admin/flags/{stored_key}", headers=admin.headers)
        assert found.status_code in (404, 422)


async def test_a_thousand_listed_people_is_the_limit(
    client: httpx.AsyncClient, admin: SignedUpUser
) -> None:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(1000)]
    flag = await create_flag(client, admin, user_ids=ids)
    assert len(flag["user_ids"]) == 1000


@pytest.mark.parametrize(
    "fields",
    [{"enabled": None}, {"percentage": None}, {"percentage": 200}, {"key": "renamed"}],
    ids=["enabled-null", "percentage-null", "percentage-200", "key"],
)
async def test_bad_changes_are_422_and_change_nothing(
    client: httpx.AsyncClient, admin: SignedUpUser, fields: dict[str, Any]
) -> None:
    flag = await create_flag(client, admin, percentage=40)
    response = await client.patch(
        f"/v1/admin/flags/{flag['key']}", headers=admin.headers, json=fields
    )
    assert response.status_code == 422
    now = (await client.get(f"/v1/admin/flags/{flag['key']}", headers=admin.headers)).json()
    assert now == flag


async def test_the_list_walks_every_flag_once_by_key(
    client: httpx.AsyncClient, admin: SignedUpUser
) -> None:
    mine = sorted([(await create_flag(client, admin))["key"] for _ in range(3)])
    seen: list[str] = []
    cursor = None
    for _ in range(1000):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = await client.get("/v1/admin/flags", headers=admin.headers, params=params)
        assert page.status_code == 200, page.text
        seen += [item["key"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert [key for key in seen if key in mine] == mine


async def test_people_cannot_use_the_admin_endpoints(
    client: httpx.AsyncClient, admin: SignedUpUser
) -> None:
    flag = await create_flag(client, admin)
    user = await sign_up(client)
    key = flag["key"]
    attempts = [
        ("GET", "/v1/admin/flags", None),
        ("POST", "/v1/admin/flags", {"key": new_key()}),
        ("GET", f"/v1/admin/flags/{key}", None),
        ("PATCH", f"/v1/admin/flags/{key}", {"enabled": False}),
        ("DELETE", f"/v1/admin/flags/{key}", None),
    ]
    for method, path, body in attempts:
        as_person = await client.request(method, path, headers=user.headers, json=body)
        assert as_person.status_code == 403, (method, path)
        assert as_person.headers["content-type"] == PROBLEM
        anonymous = await client.request(method, path, json=body)
        assert anonymous.status_code == 401, (method, path)
    still = (await client.get(f"/v1/admin/flags/{key}", headers=admin.headers)).json()
    assert still == flag


async def test_people_read_no_targeting_in_sql(
    client: httpx.AsyncClient, admin: SignedUpUser, authenticator_dsn: str
) -> None:
    """The wall: ``authenticated`` has no privilege on app_flags; only my_flags answers."""
    user = await sign_up(client)
    flag = await create_flag(client, admin, user_ids=[str(user.id)])
    async with as_user(authenticator_dsn, user.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("select user_ids from public.app_flags")
    async with as_user(authenticator_dsn, user.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("delete from public.app_flags")
    async with as_user(authenticator_dsn, user.id) as conn:
        rows = await conn.fetch("select * from public.my_flags(null)")
        assert set(rows[0].keys()) == {"key", "active"}
        assert {r["key"]: r["active"] for r in rows}[flag["key"]] is True


async def test_app_admin_without_admin_rights_sees_no_flags(
    client: httpx.AsyncClient, admin: SignedUpUser, authenticator_dsn: str
) -> None:
    """A token that says app_admin is not enough: the policy asks auth.is_admin() now."""
    await create_flag(client, admin)
    user = await sign_up(client)
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        async with conn.transaction():
            await conn.execute(
                "select set_config('role', 'app_admin', true), "
                "set_config('request.jwt.claims', $1, true)",
                f'{{"sub": "{user.id}", "role": "app_admin"}}',
            )
            assert await conn.fetchval("select count(*) from public.app_flags") == 0
            deleted = await conn.execute("delete from public.app_flags")
            assert deleted == "DELETE 0"
    finally:
        await conn.close()

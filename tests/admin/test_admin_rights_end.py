"""Admin rights end the moment an administrator is demoted or banned, whatever their access
token still says; and `app_admin` without a current administrator behind it sees nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up, sign_up_admin

# How an admin loses the role: demoted (roles emptied) or banned (still "admin" in metadata).
LOSSES = {
    "demoted": "update auth.users set raw_app_meta_data = '{\"roles\": []}' where id = $1",
    "banned": "update auth.users set banned_until = now() + interval '1 day' where id = $1",
}


async def _as_owner(owner_url: str, statement: str, *args: object) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(statement, *args)
    finally:
        await conn.close()


def _admin_calls(target: uuid.UUID, self_id: uuid.UUID) -> list[tuple[str, str, object]]:
    return [
        ("PATCH", f"/v1/admin/users/{target}", {"is_pro": True}),
        ("PATCH", f"/v1/admin/users/{self_id}", {"is_pro": True}),
        ("GET", "/v1/admin/audit-log", None),
        ("GET", "/v1/admin/data-quality-reports", None),
        ("POST", "/v1/admin/catalog/check", None),
        ("PATCH", f"/v1/admin/gyms/{uuid.uuid4()}", {"verified": True}),
        ("POST", f"/v1/admin/exercises/{uuid.uuid4()}/retire", None),
    ]


@pytest.mark.parametrize("loss", sorted(LOSSES))
async def test_an_old_admin_token_stops_working_at_once(
    client: httpx.AsyncClient, owner_url: str, loss: str
) -> None:
    admin, member = await sign_up_admin(client, owner_url), await sign_up(client)
    still = await client.patch(
        f"/v1/admin/users/{member.id}", headers=admin.headers, json={"is_pro": False}
    )
    assert still.status_code == 200  # the token works while the person is an administrator

    await _as_owner(owner_url, LOSSES[loss], admin.id)
    for method, path, body in _admin_calls(member.id, admin.id):
        response = await client.request(method, path, headers=admin.headers, json=body)
        assert response.status_code == 403, (method, path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/me", headers=member.headers)).json()["is_pro"] is False
    assert (await client.get("/v1/me", headers=admin.headers)).json()["is_pro"] is False


@asynccontextmanager
async def as_app_admin(
    authenticator_dsn: str, user: SignedUpUser | None
) -> AsyncIterator[asyncpg.Connection]:
    """SQL as `app_admin` with a token's claims (or none), as a leaked login could."""
    claims: dict[str, object] = {"role": "app_admin"}
    if user is not None:
        claims |= {"sub": str(user.id), "app_metadata": {"roles": ["admin"]}}
    conn = await asyncpg.connect(authenticator_dsn)
    tx = conn.transaction()
    await tx.start()
    try:
        await conn.execute(
            "select set_config('role', 'app_admin', true), "
            "set_config('request.jwt.claims', $1, true)",
            json.dumps(claims),
        )
        yield conn
    finally:
        await tx.rollback()
        await conn.close()


async def _what_app_admin_reaches(conn: asyncpg.Connection, other: uuid.UUID) -> dict[str, int]:
    seen = {
        table: await conn.fetchval(f"select count(*) from {table}")
        for table in ("public.users", "auth.users", "public.admin_audit_log", "public.user_gyms")
    }
    changed = await conn.execute("update public.users set is_pro = true where id = $1", other)
    seen["changed"] = int(changed.split()[-1])
    return seen


async def test_app_admin_without_a_current_administrator_reaches_nothing(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str
) -> None:
    admin, member = await sign_up_admin(client, owner_url), await sign_up(client)
    # The control: a current administrator sees everyone and can change someone.
    async with as_app_admin(authenticator_dsn, admin) as conn:
        reach = await _what_app_admin_reaches(conn, member.id)
    assert reach["public.users"] >= 2
    assert reach["changed"] == 1

    async with as_app_admin(authenticator_dsn, None) as conn:  # a bare SET ROLE app_admin
        reach = await _what_app_admin_reaches(conn, member.id)
    assert set(reach.values()) == {0}

    await _as_owner(owner_url, LOSSES["demoted"], admin.id)
    async with as_app_admin(authenticator_dsn, admin) as conn:  # a demoted admin's claims
        reach = await _what_app_admin_reaches(conn, member.id)
    # Only their own identity and profile remain, through the ordinary user policies.
    assert reach == {
        "public.users": 1,
        "auth.users": 1,
        "public.admin_audit_log": 0,
        "public.user_gyms": 0,
        "changed": 0,
    }

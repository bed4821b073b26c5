"""What a leaked `authenticator` password reaches, tried with direct SQL exactly as an
attacker would: the roles it may become, password hashes, refresh-token rows."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest

from tests.conftest import sign_up


@asynccontextmanager
async def as_role(
    authenticator_dsn: str, role: str, user_id: uuid.UUID | None = None
) -> AsyncIterator[asyncpg.Connection]:
    """One transaction as the API would open it: authenticator, then role and claims."""
    claims = {"role": role} if user_id is None else {"sub": str(user_id), "role": role}
    conn = await asyncpg.connect(authenticator_dsn)
    tx = conn.transaction()
    await tx.start()
    try:
        await conn.execute(
            "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)",
            role,
            json.dumps(claims),
        )
        yield conn
    finally:
        await tx.rollback()
        await conn.close()


@pytest.mark.parametrize("role", ["service_role", "ironbase_owner", "postgres"])
async def test_the_api_login_cannot_become_a_privileged_role(
    authenticator_dsn: str, role: str
) -> None:
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(f"set role {role}")
    finally:
        await conn.close()


async def test_password_hashes_only_through_the_auth_function(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    user = await sign_up(client)
    async with as_role(authenticator_dsn, "auth_service") as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("select encrypted_password from auth.users")
    async with as_role(authenticator_dsn, "auth_service") as conn:
        stored = await conn.fetchval("select auth.password_hash_for($1)", user.email)
        assert stored.startswith("$argon2id$")
    for role in ("authenticated", "app_admin", "anon"):
        async with as_role(authenticator_dsn, role, user.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.fetchval("select auth.password_hash_for($1)", user.email)


async def test_auth_service_cannot_grant_roles_or_lift_bans(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    user = await sign_up(client)
    for column, value in (("raw_app_meta_data", '{"roles": ["admin"]}'), ("banned_until", None)):
        async with as_role(authenticator_dsn, "auth_service") as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    f"update auth.users set {column} = $1 where id = $2", value, user.id
                )


# Each way a user tried to keep or forge a login through their own token rows.
TOKEN_ATTACKS = {
    "read": "select * from auth.refresh_tokens where user_id = $1",
    "un-revoke": "update auth.refresh_tokens set revoked_at = null where user_id = $1",
    "extend": "update auth.refresh_tokens set expires_at = now() + interval '100 years' "
    "where user_id = $1",
    "choose the hash": "update auth.refresh_tokens set token_hash = sha256('mine'::bytea) "
    "where user_id = $1",
    "insert": "insert into auth.refresh_tokens (user_id, family_id, token_hash, expires_at) "
    "values ($1, gen_random_uuid(), sha256('mine'::bytea), now() + interval '1 year')",
    "delete": "delete from auth.refresh_tokens where user_id = $1",
}


@pytest.mark.parametrize("attack", sorted(TOKEN_ATTACKS))
async def test_users_cannot_touch_their_own_refresh_tokens_with_sql(
    client: httpx.AsyncClient, authenticator_dsn: str, attack: str
) -> None:
    user = await sign_up(client)
    for role in ("authenticated", "app_admin"):
        async with as_role(authenticator_dsn, role, user.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(TOKEN_ATTACKS[attack], user.id)


@pytest.mark.parametrize("attack", ["extend", "choose the hash"])
async def test_the_auth_role_only_marks_tokens_used_or_revoked(
    client: httpx.AsyncClient, authenticator_dsn: str, attack: str
) -> None:
    user = await sign_up(client)
    async with as_role(authenticator_dsn, "auth_service") as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(TOKEN_ATTACKS[attack], user.id)


async def test_logout_still_ends_the_login(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    out = await client.post("/v1/auth/logout", headers=user.headers)
    assert out.status_code == 204
    refreshed = await client.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert refreshed.status_code == 401

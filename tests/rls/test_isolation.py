"""User B cannot read or change user A's rows: through the API, and through raw SQL as
``authenticated`` with B's claims (the database is the wall)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import client_for, sign_up


@asynccontextmanager
async def as_user(authenticator_dsn: str, user_id: uuid.UUID) -> AsyncIterator[asyncpg.Connection]:
    """A transaction exactly like an API request's: authenticator, then role and claims."""
    conn = await asyncpg.connect(authenticator_dsn)
    tx = conn.transaction()
    await tx.start()
    try:
        await conn.execute(
            "select set_config('role', 'authenticated', true), "
            "set_config('request.jwt.claims', $1, true)",
            json.dumps({"sub": str(user_id), "role": "authenticated"}),
        )
        yield conn
    finally:
        await tx.rollback()
        await conn.close()


async def test_profile_isolated_through_the_api(client: httpx.AsyncClient) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    await client.patch("/v1/me", headers=alice.headers, json={"display_name": "Alice"})
    bob_view = (await client.get("/v1/me", headers=bob.headers)).json()
    assert bob_view["id"] == str(bob.id)
    assert bob_view["display_name"] is None
    await client.patch("/v1/me", headers=bob.headers, json={"display_name": "Bob"})
    assert (await client.get("/v1/me", headers=alice.headers)).json()["display_name"] == "Alice"


async def test_raw_sql_as_another_user_sees_and_changes_nothing(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    async with as_user(authenticator_dsn, bob.id) as conn:
        assert await conn.fetchval("select count(*) from public.users where id = $1", alice.id) == 0
        assert await conn.fetchval("select count(*) from public.users") == 1
        assert await conn.fetchval("select count(*) from auth.users where id = $1", alice.id) == 0
        updated = await conn.execute(
            "update public.users set display_name = 'hacked' where id = $1", alice.id
        )
        assert updated == "UPDATE 0"
    async with as_user(authenticator_dsn, bob.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("delete from public.users where id = $1", alice.id)
    async with as_user(authenticator_dsn, bob.id) as conn:  # token rows: auth path only
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(
                "update auth.refresh_tokens set revoked_at = now() where user_id = $1", alice.id
            )
    async with as_user(authenticator_dsn, bob.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("update public.users set is_pro = true where id = $1", bob.id)
    async with as_user(authenticator_dsn, bob.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("select encrypted_password from auth.users")
    async with as_user(authenticator_dsn, alice.id) as conn:
        assert (
            await conn.fetchval("select display_name from public.users where id = $1", alice.id)
            is None
        )


async def test_anonymous_sees_no_users(authenticator_dsn: str) -> None:
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        async with conn.transaction():
            await conn.execute("select set_config('role', 'anon', true)")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.fetch("select * from public.users")
    finally:
        await conn.close()


async def test_fifty_concurrent_users_each_see_only_themselves(app: FastAPI) -> None:
    async with client_for(app) as http:
        users = [await sign_up(http) for _ in range(50)]

        async def whoami(index: int) -> tuple[int, str]:
            response = await http.get("/v1/me", headers=users[index].headers)
            return index, response.json()["id"]

        results = await asyncio.gather(*(whoami(i) for i in range(50)))
    assert all(seen == str(users[i].id) for i, seen in results)

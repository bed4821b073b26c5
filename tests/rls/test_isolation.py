"""User B cannot read or change user A's rows: through the API, and through raw SQL as
``authenticated`` with B's claims (the database is the wall).

The SQL attacks are generated from the catalogs: every table with people's rows (see
``shapes.py``) is attacked with a row from its factory (``factories.py``); a table without a
factory fails ``test_every_user_table_has_a_factory``."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import client_for, sign_up
from tests.rls.attacks import besiege
from tests.rls.factories import FACTORIES, NO_OWN_INSERT, SHARED_ROWS
from tests.rls.shapes import table_shape, user_table_names
from tests.support import as_user

pytestmark = pytest.mark.usefixtures("seeded_catalog")


async def test_profile_isolated_through_the_api(client: httpx.AsyncClient) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    await client.patch("/v1/me", headers=alice.headers, json={"display_name": "Alice"})
    bob_view = (await client.get("/v1/me", headers=bob.headers)).json()
    assert bob_view["id"] == str(bob.id)
    assert bob_view["display_name"] is None
    await client.patch("/v1/me", headers=bob.headers, json={"display_name": "Bob"})
    assert (await client.get("/v1/me", headers=alice.headers)).json()["display_name"] == "Alice"


async def test_every_user_table_has_a_factory(owner_url: str) -> None:
    """A new table with people's rows must bring its sample-row factory (tests/rls/factories.py)."""
    conn = await asyncpg.connect(owner_url)
    try:
        found = set(await user_table_names(conn))
    finally:
        await conn.close()
    assert {"auth.users", "public.users", "public.exercises"} <= found, "catalog query broken"
    assert sorted(found - FACTORIES.keys()) == [], "tables without a sample-row factory"
    stale = (FACTORIES.keys() | SHARED_ROWS.keys() | NO_OWN_INSERT.keys()) - found
    assert sorted(stale) == [], "factories or exceptions for tables that no longer exist"


@pytest.mark.parametrize("table", sorted(FACTORIES))
async def test_another_users_rows_in_sql(
    table: str, owner_url: str, authenticator_dsn: str
) -> None:
    """Read, update, delete another's row; insert one for them, or pointing at their rows."""
    owner = await asyncpg.connect(owner_url)
    attacker = await asyncpg.connect(authenticator_dsn)
    try:
        problems = await besiege(owner, attacker, await table_shape(owner, table))
    finally:
        await attacker.close()
        await owner.close()
    assert problems == []


async def test_column_grants_refuse_what_policies_would_allow(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    """The wall beside the policies: people cannot make themselves pro or read hashes."""
    bob = await sign_up(client)
    async with as_user(authenticator_dsn, bob.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("update public.users set is_pro = true where id = $1", bob.id)
    async with as_user(authenticator_dsn, bob.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("select encrypted_password from auth.users")


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

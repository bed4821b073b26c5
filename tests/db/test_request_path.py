"""The asyncpg request path: nothing survives on a reused connection, dead connections are
replaced before the request runs, and a request costs a fixed number of round trips."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest

from ironbase.db import pg, roles
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn
from ironbase.kit.caller import AuthContext

PROBE = pg.Query(
    "select pg_backend_pid() as pid, current_user as role, "
    "coalesce(current_setting('request.jwt.claims', true), '') as claims, "
    "current_setting('search_path') as search_path"
)
DEFAULT_SEARCH_PATH = '"$user", public'


def _user(sub: uuid.UUID | None = None) -> AuthContext:
    sub = sub or uuid.uuid4()
    claims = {"sub": str(sub), "role": "authenticated"}
    return AuthContext(sub, None, frozenset(), roles.AUTHENTICATED, claims)


@pytest.fixture
async def one_connection_pool(database_target: DatabaseTarget) -> AsyncIterator[asyncpg.Pool]:
    pool = await pg.create_pool(asyncpg_dsn(database_target.serving_url), min_size=1, max_size=1)
    yield pool
    await pool.close()


async def _probe(pool: asyncpg.Pool, caller: AuthContext) -> asyncpg.Record:
    async with pg.request_transaction(pool, caller) as tx:
        row = await tx.row(PROBE)
    assert row is not None
    return row


async def test_session_level_leaks_do_not_reach_the_next_request(
    one_connection_pool: asyncpg.Pool,
) -> None:
    async with pg.request_transaction(one_connection_pool, _user()) as tx:
        first = await tx.row(PROBE)
        # Session-level (is_local=false) on purpose: exactly what the walls must undo.
        await tx.execute(
            pg.Query(
                "select set_config('role', 'app_admin', false), "
                "set_config('request.jwt.claims', '{\"sub\": \"leak\"}', false), "
                "set_config('search_path', 'pg_catalog', false)"
            )
        )
    anonymous = AuthContext.anonymous()
    second = await _probe(one_connection_pool, anonymous)
    assert first is not None
    assert second["pid"] == first["pid"], "a different connection proves nothing"
    assert second["role"] == roles.ANON
    assert json.loads(second["claims"]) == anonymous.claims
    assert second["search_path"] == DEFAULT_SEARCH_PATH


async def test_a_request_that_failed_mid_transaction_leaves_nothing_behind(
    one_connection_pool: asyncpg.Pool,
) -> None:
    async def failing_request() -> None:
        async with pg.request_transaction(one_connection_pool, _user()) as tx:
            await tx.execute(pg.Query("create temporary table scratch_leak (x int)"))
            raise RuntimeError("the endpoint failed")

    with pytest.raises(RuntimeError):
        await failing_request()
    after = await _probe(one_connection_pool, AuthContext.anonymous())
    assert after["role"] == roles.ANON
    async with one_connection_pool.acquire() as conn:
        idle = await conn.fetchrow(
            "select current_user as role, "
            "coalesce(current_setting('request.jwt.claims', true), '') as claims, "
            "to_regclass('pg_temp.scratch_leak') is null as no_temp_table"
        )
    assert idle["role"] == roles.AUTHENTICATOR
    assert idle["claims"] == ""
    assert idle["no_temp_table"]


async def test_concurrent_requests_each_see_only_their_own_caller(
    database_target: DatabaseTarget,
) -> None:
    pool = await pg.create_pool(asyncpg_dsn(database_target.serving_url), min_size=3, max_size=3)
    callers = [_user() if i % 3 else AuthContext.anonymous() for i in range(60)]
    try:
        rows = await asyncio.gather(*(_probe(pool, caller) for caller in callers))
    finally:
        await pool.close()
    assert len({row["pid"] for row in rows}) <= 3  # connections really were reused
    for caller, row in zip(callers, rows, strict=True):
        assert row["role"] == caller.db_role
        assert json.loads(row["claims"]) == caller.claims


async def test_connections_the_server_dropped_are_replaced_before_the_request_runs(
    database_target: DatabaseTarget,
) -> None:
    """All pooled connections die at once (a restart): the next requests still succeed."""
    pool = await pg.create_pool(asyncpg_dsn(database_target.serving_url), min_size=3, max_size=3)
    try:
        before = await asyncio.gather(*(_probe(pool, _user()) for _ in range(6)))
        pids = sorted({row["pid"] for row in before})
        admin = await asyncpg.connect(asyncpg_dsn(database_target.admin_url))
        try:
            for pid in pids:
                assert await admin.fetchval("select pg_terminate_backend($1, 5000)", pid)
        finally:
            await admin.close()
        after = [await _probe(pool, _user()) for _ in range(4)]
    finally:
        await pool.close()
    assert {row["pid"] for row in after}.isdisjoint(pids)


async def test_get_me_costs_four_round_trips(client: httpx.AsyncClient, new_user: object) -> None:
    user = await new_user()  # type: ignore[operator]
    for _ in range(25):  # every pooled connection has prepared the statement and its types
        await client.get("/v1/me", headers=user.headers)
    sent: list[str] = []
    with pg.observe_statements(sent.append):
        response = await client.get("/v1/me", headers=user.headers)
    assert response.status_code == 200
    assert sent == [pg.BEGIN, pg.SET_REQUEST_CONTEXT, sent[2], "COMMIT"]
    assert "from users" in sent[2].lower()


async def test_statements_count_for_the_observing_code_not_for_background_work(
    database_target: DatabaseTarget,
) -> None:
    """A task started before the observer (as the app's strings poller is, at startup)
    runs its transactions uncounted, while the observing code's own are counted: a
    background poll firing mid-test must not change a statement count."""
    pool = await pg.create_pool(asyncpg_dsn(database_target.serving_url), min_size=2, max_size=2)
    go, done = asyncio.Event(), asyncio.Event()

    async def background() -> None:
        await go.wait()
        await _probe(pool, _user())
        done.set()

    task = asyncio.create_task(background())
    try:
        sent: list[str] = []
        with pg.observe_statements(sent.append):
            go.set()
            await done.wait()
            assert sent == []  # the background transaction ran, uncounted
            await _probe(pool, _user())
        assert sent == [pg.BEGIN, pg.SET_REQUEST_CONTEXT, PROBE.sql, "COMMIT"]
    finally:
        await task
        await pool.close()

"""General rate limits: ``Depends(rate_limited(bucket))`` counts each request against the
person and the client address in ``admin_check_rate_limit``; past a limit, 429 problem+json
with ``Retry-After``. Tight figures come from the settings of an app of these tests' own."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI, Request

from ironbase.app import create_app
from ironbase.db.pg import observe_statements
from ironbase.db.setup import DatabaseTarget
from ironbase.kit.caller import SignedIn
from ironbase.limits.dependencies import rate_limited
from tests.conftest import UNLIMITED, QueryCounter, SignedUpUser, client_for, make_settings, sign_up

PROBLEM = "application/problem+json"
SOLVE = {"target": 60, "unit": "kg", "bar": 20, "plates": [{"mass": 20, "pairs": 2}]}

Limits = dict[str, Any]


@pytest.fixture
def limited_app(database_target: DatabaseTarget, tmp_path: Path) -> Callable[[Limits], Any]:
    """``async with limited_app({"per_user": 2, ...}) as app``: the plates bucket as given."""

    @asynccontextmanager
    async def make(plates: Limits) -> AsyncIterator[FastAPI]:
        settings = make_settings(
            database_target,
            tmp_path,
            rate_limits={**UNLIMITED, "plates": {"window_seconds": 3600, **plates}},
            pool_size=4,
            pool_max_overflow=4,
        )
        application = create_app(settings)
        async with application.router.lifespan_context(application):
            yield application

    return make


async def _solve(http: httpx.AsyncClient, user: SignedUpUser) -> httpx.Response:
    return await http.post("/v1/plates/solve", headers=user.headers, json=SOLVE)


def _ip() -> str:
    """A fresh private address per test: the counters outlive the app of a test."""
    raw = uuid.uuid4().int
    return f"10.{raw % 250}.{(raw >> 8) % 250}.{(raw >> 16) % 250 + 1}"


def assert_limited(response: httpx.Response, window: int) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == 429
    assert body["type"].endswith("/rate-limited")
    assert 1 <= int(response.headers["retry-after"]) <= window


async def test_past_the_limit_429_with_retry_after(
    limited_app: Callable[[Limits], Any],
) -> None:
    async with (
        limited_app({"per_user": 3, "per_address": 100}) as app,
        client_for(app, ip=_ip()) as http,
    ):
        user = await sign_up(http)
        answers = [await _solve(http, user) for _ in range(3)]
        refused = await _solve(http, user)
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert_limited(refused, 3600)
    assert "plates" in refused.json()["detail"]


async def test_a_refused_request_opens_no_transaction(
    limited_app: Callable[[Limits], Any],
) -> None:
    async with (
        limited_app({"per_user": 1, "per_address": 100}) as app,
        client_for(app, ip=_ip()) as http,
    ):
        user = await sign_up(http)
        assert (await _solve(http, user)).status_code == 200
        counter = QueryCounter()
        with observe_statements(counter):
            refused = await _solve(http, user)
    assert refused.status_code == 429
    assert counter.count == 1  # the count itself, nothing else


async def test_limits_follow_the_person_across_addresses(
    limited_app: Callable[[Limits], Any],
) -> None:
    home, gym = _ip(), _ip()
    async with limited_app({"per_user": 2, "per_address": 100}) as app:
        async with client_for(app, ip=home) as http:
            lifter = await sign_up(http)
            neighbour = await sign_up(http)
            assert [(await _solve(http, lifter)).status_code for _ in range(2)] == [200, 200]
            assert (await _solve(http, lifter)).status_code == 429
            # Another person at the same address has their own allowance.
            assert (await _solve(http, neighbour)).status_code == 200
        async with client_for(app, ip=gym) as http:
            assert (await _solve(http, lifter)).status_code == 429


async def test_limits_per_address_across_people(
    limited_app: Callable[[Limits], Any],
) -> None:
    crowded, quiet = _ip(), _ip()
    async with limited_app({"per_user": 100, "per_address": 3}) as app:
        async with client_for(app, ip=crowded) as http:
            users = [await sign_up(http) for _ in range(4)]
            codes = [(await _solve(http, user)).status_code for user in users]
            refused = await _solve(http, users[0])
        async with client_for(app, ip=quiet) as http:
            elsewhere = await _solve(http, users[3])
    assert codes == [200, 200, 200, 429]
    assert_limited(refused, 3600)
    assert "address" in refused.json()["detail"]
    assert elsewhere.status_code == 200


async def test_an_ipv6_subscriber_is_one_address(
    limited_app: Callable[[Limits], Any],
) -> None:
    """Every address of one /64 counts as one: a client cannot rotate through its prefix."""
    prefix = f"2001:db8:{uuid.uuid4().int % 65536:x}:{uuid.uuid4().int % 65536:x}"
    async with limited_app({"per_user": 100, "per_address": 2}) as app:
        codes = []
        for host in ("::1", "::2", ":abcd:1:2:3"):
            async with client_for(app, ip=f"{prefix}{host}") as http:
                user = await sign_up(http)
                codes.append((await _solve(http, user)).status_code)
        async with client_for(app, ip=f"2001:db8:ffff:{uuid.uuid4().int % 65536:x}::1") as http:
            user = await sign_up(http)
            other_prefix = (await _solve(http, user)).status_code
    assert codes == [200, 200, 429]
    assert other_prefix == 200


async def test_a_new_window_starts_from_zero(limited_app: Callable[[Limits], Any]) -> None:
    async with (
        limited_app({"per_user": 1, "per_address": 100, "window_seconds": 2}) as app,
        client_for(app, ip=_ip()) as http,
    ):
        user = await sign_up(http)
        # Start at the beginning of a window, so the two requests share it.
        await asyncio.sleep(2 - time.time() % 2 + 0.05)
        assert (await _solve(http, user)).status_code == 200
        refused = await _solve(http, user)
        assert_limited(refused, 2)
        await asyncio.sleep(int(refused.headers["retry-after"]) + 0.1)
        assert (await _solve(http, user)).status_code == 200


async def test_concurrent_requests_are_counted_exactly(
    limited_app: Callable[[Limits], Any], owner_url: str
) -> None:
    async with (
        limited_app({"per_user": 10, "per_address": 1000}) as app,
        client_for(app, ip=_ip()) as http,
    ):
        user = await sign_up(http)
        answers = await asyncio.gather(*(_solve(http, user) for _ in range(40)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] * 10 + [429] * 30
    conn = await asyncpg.connect(owner_url)
    try:
        counted = await conn.fetchval(
            "select sum(count) from admin_check_rate_limit where key = $1",
            f"rl:plates:u:{user.id}",
        )
    finally:
        await conn.close()
    assert counted == 40  # no lost update


async def test_the_loads_of_my_gym_are_limited(limited_app: Callable[[Limits], Any]) -> None:
    """Counted before anything else: a gym the caller does not belong to still counts."""
    async with (
        limited_app({"per_user": 2, "per_address": 100}) as app,
        client_for(app, ip=_ip()) as http,
    ):
        user = await sign_up(http)
        path = f"/v1/me/gyms/{uuid.uuid4()}/loads?target=100"
        codes = [(await http.get(path, headers=user.headers)).status_code for _ in range(3)]
        dumbbells = await http.get(
            f"/v1/me/gyms/{uuid.uuid4()}/dumbbells?target=10", headers=user.headers
        )
    assert codes == [404, 404, 429]
    assert dumbbells.status_code == 429  # same bucket


async def test_other_routes_are_not_counted(limited_app: Callable[[Limits], Any]) -> None:
    async with (
        limited_app({"per_user": 1, "per_address": 1}) as app,
        client_for(app, ip=_ip()) as http,
    ):
        user = await sign_up(http)
        assert (await _solve(http, user)).status_code == 200
        assert (await _solve(http, user)).status_code == 429
        assert (await http.get("/v1/me", headers=user.headers)).status_code == 200


async def test_a_retried_request_is_counted_once(
    limited_app: Callable[[Limits], Any], owner_url: str
) -> None:
    """The retrying route runs dependencies again after a transient conflict; the first
    run's count stands for the request."""
    async with limited_app({"per_user": 5, "per_address": 100}) as app:
        user_id = uuid.uuid4()
        caller = SignedIn(user_id, None, frozenset(), "authenticated")

        def request() -> Request:
            return Request({"type": "http", "app": app, "headers": [], "method": "POST"})

        check = rate_limited("plates")
        retried = request()
        await check(retried, caller)
        await check(retried, caller)  # the same request, run again
        await check(request(), caller)  # another request
    conn = await asyncpg.connect(owner_url)
    try:
        counted = await conn.fetchval(
            "select sum(count) from admin_check_rate_limit where key = $1",
            f"rl:plates:u:{user_id}",
        )
    finally:
        await conn.close()
    assert counted == 2


async def test_imports_and_exports_have_buckets_of_their_own(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    """A refused upload is not read: the limit is counted before the body."""
    one_each = {"per_user": 1, "per_address": 100, "window_seconds": 3600}
    settings = make_settings(
        database_target,
        tmp_path,
        rate_limits={**UNLIMITED, "imports": one_each, "exports": one_each},
        pool_size=4,
        pool_max_overflow=4,
    )
    application = create_app(settings)
    async with (
        application.router.lifespan_context(application),
        client_for(application, ip=_ip()) as http,
    ):
        user = await sign_up(http)
        not_a_file = {"file": ("x.csv", b"not,a,known,header\n1,2,3,4\n", "text/csv")}
        first = await http.post("/v1/imports", headers=user.headers, files=not_a_file)
        assert first.status_code == 422, first.text
        assert_limited(await http.post("/v1/imports", headers=user.headers, files=not_a_file), 3600)
        assert (await http.get("/v1/exports", headers=user.headers)).status_code == 200
        assert_limited(await http.get("/v1/exports", headers=user.headers), 3600)
        # Another bucket is untouched.
        assert (await http.get("/v1/imports", headers=user.headers)).status_code == 200

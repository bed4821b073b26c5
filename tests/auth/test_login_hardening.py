"""Login: one argon2 verification off the event loop whatever the email, attempts counted
atomically before verifying, and delays per (email, address) pair so the owner still gets in."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ironbase.app import create_app
from ironbase.auth import passwords
from ironbase.db.setup import DatabaseTarget
from tests.conftest import PASSWORD, client_for, make_settings, run_sql, sign_up

WRONG = "Nope-nope-1"
LIMIT = 5
FIRST_DELAY = 600


class CountingHasher:
    """Stands in for argon2's hasher: counts ``verify`` and ``hash`` and where they ran."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self._lock = threading.Lock()
        self.verify_threads: list[int] = []
        self.hash_threads: list[int] = []

    def verify(self, stored: Any, password: Any) -> Any:
        with self._lock:
            self.verify_threads.append(threading.get_ident())
        return self._real.verify(stored, password)

    def hash(self, password: Any) -> Any:
        with self._lock:
            self.hash_threads.append(threading.get_ident())
        return self._real.hash(password)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    @property
    def count(self) -> int:
        return len(self.verify_threads)


@pytest.fixture
def verify_calls(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting


@pytest.fixture
async def strict_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = make_settings(
        database_target,
        tmp_path,
        login_failures_per_window=LIMIT,
        login_first_delay_seconds=FIRST_DELAY,
        pool_size=10,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def _login(http: httpx.AsyncClient, email: str, password: str = WRONG) -> httpx.Response:
    return await http.post("/v1/auth/token", json={"email": email, "password": password})


async def test_known_and_unknown_emails_cost_one_verification_each_off_the_loop(
    client: httpx.AsyncClient, verify_calls: CountingHasher
) -> None:
    user = await sign_up(client)
    loop_thread = threading.get_ident()
    known = await _login(client, user.email)
    after_known = verify_calls.count
    unknown = await _login(client, "nobody-at-all@example.com")
    assert (known.status_code, unknown.status_code) == (401, 401)
    assert after_known == 1
    assert verify_calls.count == 2
    assert loop_thread not in verify_calls.verify_threads


async def test_signup_hashes_off_the_event_loop(
    client: httpx.AsyncClient, verify_calls: CountingHasher
) -> None:
    await sign_up(client)
    assert len(verify_calls.hash_threads) == 1
    assert threading.get_ident() not in verify_calls.hash_threads


async def test_parallel_wrong_logins_verify_at_most_the_limit(
    strict_app: FastAPI, verify_calls: CountingHasher
) -> None:
    async with client_for(strict_app, ip="192.0.2.60") as http:
        user = await sign_up(http)
    async with client_for(strict_app, ip="192.0.2.61") as http:
        responses = await asyncio.gather(*(_login(http, user.email) for _ in range(50)))
    statuses = sorted(r.status_code for r in responses)
    assert verify_calls.count == LIMIT
    assert statuses == [401] * LIMIT + [429] * (50 - LIMIT)


async def test_a_locked_pair_does_not_lock_the_owner_out(strict_app: FastAPI) -> None:
    async with client_for(strict_app, ip="192.0.2.70") as owner:
        user = await sign_up(owner)
        async with client_for(strict_app, ip="192.0.2.71") as attacker:
            for _ in range(LIMIT):
                assert (await _login(attacker, user.email)).status_code == 401
            locked = await _login(attacker, user.email, PASSWORD)
            assert locked.status_code == 429
            assert locked.headers["content-type"] == "application/problem+json"
            assert FIRST_DELAY - 60 <= int(locked.headers["retry-after"]) <= FIRST_DELAY
            assert (await _login(owner, user.email, PASSWORD)).status_code == 200
            # The owner's success clears the owner's pair only, not the attacker's.
            assert (await _login(attacker, user.email, PASSWORD)).status_code == 429


async def test_delays_double_per_pair(strict_app: FastAPI, database_target: DatabaseTarget) -> None:
    async with client_for(strict_app, ip="192.0.2.80") as http:
        user = await sign_up(http)
        for _ in range(LIMIT):
            await _login(http, user.email)
        pair_key = f"login-fail:pair:192.0.2.80:{user.email}"
        for expected_delay in (FIRST_DELAY, 2 * FIRST_DELAY, 4 * FIRST_DELAY):
            refused = await _login(http, user.email)
            assert refused.status_code == 429
            assert expected_delay - 60 <= int(refused.headers["retry-after"]) <= expected_delay
            # Let the wait pass, as if the attacker had slept through it.
            run_sql(
                database_target,
                "update admin_check_rate_limit set window_start = window_start - "
                "make_interval(secs => :wait) where key = :key",
                wait=expected_delay,
                key=pair_key,
            )
            assert (await _login(http, user.email)).status_code == 401


async def test_a_success_clears_the_pair(strict_app: FastAPI) -> None:
    async with client_for(strict_app, ip="192.0.2.90") as http:
        user = await sign_up(http)
        for _ in range(LIMIT - 1):
            await _login(http, user.email)
        assert (await _login(http, user.email, PASSWORD)).status_code == 200
        statuses = [(await _login(http, user.email)).status_code for _ in range(LIMIT)]
    assert statuses == [401] * LIMIT


async def test_the_account_wide_limit_only_delays(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    settings = make_settings(
        database_target,
        tmp_path,
        login_failures_per_account=3,
        login_first_delay_seconds=5,
        login_account_max_delay_seconds=20,
        pool_size=2,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        async with client_for(application, ip="192.0.2.100") as http:
            user = await sign_up(http)
        for i in range(3):
            async with client_for(application, ip=f"192.0.2.{101 + i}") as http:
                assert (await _login(http, user.email)).status_code == 401
        async with client_for(application, ip="192.0.2.110") as http:
            delayed = await _login(http, user.email, PASSWORD)
    assert delayed.status_code == 429
    assert 1 <= int(delayed.headers["retry-after"]) <= 5


async def test_fullwidth_email_is_the_same_account(client: httpx.AsyncClient) -> None:
    user = await sign_up(client, "lifter-fw@example.com")
    twin = await client.post(
        "/v1/auth/signup", json={"email": "ＬＩＦＴＥＲ-fw@example.com", "password": PASSWORD}
    )
    assert twin.status_code == 409
    login = await _login(client, "ｌｉｆｔｅｒ-fw@ＥＸＡＭＰＬＥ.com", PASSWORD)
    assert login.status_code == 200
    assert login.json()["user"]["id"] == str(user.id)


async def test_non_ascii_local_parts_are_refused(client: httpx.AsyncClient) -> None:
    # Cyrillic "е" (U+0435) in place of "e": would imitate lifter@example.com.
    response = await client.post(
        "/v1/auth/signup", json={"email": "lift\u0435r@example.com", "password": PASSWORD}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"

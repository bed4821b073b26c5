"""Failed logins (per email and address) and sign-ups per address are limited through
admin_check_rate_limit. The login delays have tests of their own in test_login_hardening."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from ironbase.app import create_app
from ironbase.db.setup import DatabaseTarget
from tests.conftest import PASSWORD, client_for, make_settings, run_sql, sign_up


@pytest.fixture
async def strict_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = make_settings(
        database_target,
        tmp_path,
        login_failures_per_window=3,
        login_first_delay_seconds=900,
        signups_per_window=2,
        pool_size=2,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def test_failed_logins_delay_the_email_from_that_address_with_retry_after(
    strict_app: FastAPI,
) -> None:
    async with client_for(strict_app, ip="192.0.2.10") as http:
        user = await sign_up(http)
    async with client_for(strict_app, ip="192.0.2.11") as http:
        for _ in range(3):
            wrong = await http.post(
                "/v1/auth/token", json={"email": user.email, "password": "Nope-nope-1"}
            )
            assert wrong.status_code == 401
        locked = await http.post("/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.headers["content-type"] == "application/problem+json"
    assert 15 * 60 - 60 <= int(locked.headers["retry-after"]) <= 15 * 60


async def test_lockout_is_per_email(strict_app: FastAPI) -> None:
    async with client_for(strict_app, ip="192.0.2.20") as http:
        victim = await sign_up(http)
        bystander = await sign_up(http)
    async with client_for(strict_app, ip="192.0.2.21") as http:
        for _ in range(3):
            await http.post(
                "/v1/auth/token", json={"email": victim.email, "password": "Nope-nope-1"}
            )
        ok = await http.post(
            "/v1/auth/token", json={"email": bystander.email, "password": PASSWORD}
        )
    assert ok.status_code == 200


async def test_signups_are_limited_per_address(
    strict_app: FastAPI, database_target: DatabaseTarget
) -> None:
    async with client_for(strict_app, ip="192.0.2.30") as http:
        await sign_up(http)
        await sign_up(http)
        third = await http.post(
            "/v1/auth/signup", json={"email": "third@example.com", "password": PASSWORD}
        )
    async with client_for(strict_app, ip="192.0.2.31") as other:
        elsewhere = await other.post(
            "/v1/auth/signup", json={"email": "third-elsewhere@example.com", "password": PASSWORD}
        )
    assert third.status_code == 429
    assert "retry-after" in third.headers
    assert elsewhere.status_code == 201
    # Nothing was created by the refused request.
    assert (
        run_sql(
            database_target, "select count(*) from auth.users where email = 'third@example.com'"
        )[0][0]
        == 0
    )
    counters = run_sql(
        database_target,
        "select count from admin_check_rate_limit where key = 'signup:ip:192.0.2.30'",
    )
    assert counters[0][0] == 3


async def test_failed_logins_are_also_limited_per_address(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    """One address guessing many accounts is stopped even though no single email is."""
    settings = make_settings(
        database_target,
        tmp_path,
        login_failures_per_window=50,
        login_failures_per_ip=4,
        pool_size=2,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        async with client_for(application, ip="192.0.2.40") as http:
            statuses = [
                (
                    await http.post(
                        "/v1/auth/token",
                        json={"email": f"guess{i}@example.com", "password": "Nope-nope-1"},
                    )
                ).status_code
                for i in range(6)
            ]
        async with client_for(application, ip="192.0.2.41") as other:
            elsewhere = await other.post(
                "/v1/auth/token", json={"email": "guess9@example.com", "password": "Nope-nope-1"}
            )
    assert statuses == [401, 401, 401, 401, 429, 429]
    assert elsewhere.status_code == 401

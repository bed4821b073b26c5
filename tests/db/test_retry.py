"""Retries of what the database refused only because of timing: a transient conflict re-runs
the whole request (its commit included), a dead pooled connection is replaced once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError

from ironbase.app import create_app
from ironbase.db.retry import RetryPolicy, retry_transient
from ironbase.db.setup import DatabaseTarget
from ironbase.kit.errors import install_problem_handlers
from ironbase.kit.retry import RetryingRoute
from tests.conftest import client_for, make_settings, sign_up


class _Orig(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def db_error(sqlstate: str, *, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("statement", {}, _Orig(sqlstate), connection_invalidated=invalidated)


class Flaky:
    """Fails with ``errors`` in turn, then answers ``"done"``; counts its calls."""

    def __init__(self, errors: Iterable[BaseException]) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


async def _no_sleep(_: float) -> None:
    return None


@pytest.mark.parametrize("state", ["40001", "40P01"])
async def test_transient_conflicts_are_retried(state: str) -> None:
    call = Flaky([db_error(state), db_error(state)])
    assert await retry_transient(call, RetryPolicy(retries=3), sleep=_no_sleep) == "done"
    assert call.calls == 3


async def test_retries_are_bounded_and_jittered_below_the_cap() -> None:
    pauses: list[float] = []

    async def sleep(delay: float) -> None:
        pauses.append(delay)

    call = Flaky([db_error("40001")] * 10)
    with pytest.raises(DBAPIError):
        await retry_transient(
            call, RetryPolicy(retries=3, base_delay=0.01, max_delay=0.02), sleep=sleep
        )
    assert call.calls == 4
    assert len(pauses) == 3
    assert all(0 <= p <= 0.02 for p in pauses)


@pytest.mark.parametrize("error", [db_error("23505"), db_error("42501"), ValueError("no")])
async def test_other_errors_are_not_retried(error: BaseException) -> None:
    call = Flaky([error])
    with pytest.raises(type(error)):
        await retry_transient(call, sleep=_no_sleep)
    assert call.calls == 1


def _retrying_app(commits: Flaky, handler_errors: Flaky) -> FastAPI:
    """A transaction-shaped dependency (closing = committing) around a handler."""

    async def transaction() -> AsyncIterator[None]:
        yield None
        await commits()

    router = APIRouter(route_class=RetryingRoute)

    @router.post("/work")
    async def work(
        body: dict[str, Any], _: None = Depends(transaction, scope="function")
    ) -> dict[str, Any]:
        await handler_errors()
        return {"echo": body}

    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(router)
    return app


async def test_the_route_reruns_handler_and_commit_with_the_same_body() -> None:
    commits = Flaky([db_error("40001")])  # the first commit fails
    handler = Flaky([db_error("40P01")])  # the first handler run deadlocks
    async with client_for(_retrying_app(commits, handler)) as http:
        answer = await http.post("/work", json={"n": 1})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"echo": {"n": 1}}
    assert (handler.calls, commits.calls) == (3, 2)


async def test_the_route_answers_503_when_retries_are_spent() -> None:
    commits = Flaky([db_error("40001")] * 10)
    async with client_for(_retrying_app(commits, Flaky([]))) as http:
        answer = await http.post("/work", json={})
    assert answer.status_code == 503
    assert commits.calls == RetryPolicy().retries + 1


def _api_routes(routes: Iterable[Any]) -> Iterable[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _api_routes(inner.routes)


def test_every_route_of_the_api_retries(app: FastAPI) -> None:
    routes = list(_api_routes(app.routes))
    assert len(routes) > 40
    assert [r.path for r in routes if not isinstance(r, RetryingRoute)] == []


@pytest.fixture
async def small_pool_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    application = create_app(make_settings(database_target, tmp_path, pool_size=4))
    async with application.router.lifespan_context(application):
        yield application


async def test_requests_succeed_after_the_database_drops_the_pool(
    small_pool_app: FastAPI, owner_url: str
) -> None:
    async with client_for(small_pool_app) as http:
        user = await sign_up(http)
        # Fill the pool with several open connections.
        warm = await asyncio.gather(*(http.get("/v1/me", headers=user.headers) for _ in range(4)))
        assert {a.status_code for a in warm} == {200}
        conn = await asyncpg.connect(owner_url)
        try:
            killed = await conn.fetchval(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                "where application_name = 'ironbase-api' and datname = current_database()"
            )
        finally:
            await conn.close()
        assert killed >= 1
        first = await http.get("/v1/me", headers=user.headers)
        assert first.status_code == 200, first.text
        after = await asyncio.gather(*(http.get("/v1/me", headers=user.headers) for _ in range(4)))
        assert [a.status_code for a in after] == [200] * 4

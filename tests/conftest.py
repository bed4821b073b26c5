"""Test fixtures: one real PostgreSQL database per test session, migrated with Alembic.

Each test makes its own users (unique emails), so tests never see each other's rows; the
API commits for real, exactly as in production (see docs/adr/0002-test-isolation.md).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from ironbase.app import create_app
from ironbase.config import DEFAULT_RATE_LIMITS, Environment, Settings
from ironbase.db import embedded
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import sync_url
from tests.support import scratch_database

TEST_JWT_SECRET = "test-secret-" + "x" * 40
AUTHENTICATOR_PASSWORD = os.environ.get(
    "IRONBASE_AUTHENTICATOR_PASSWORD", "ironbase-test-authenticator"
)
REPO_ROOT = Path(__file__).resolve().parents[1]
UNLIMITED = {name: {"per_user": 10**9, "per_address": 10**9} for name in DEFAULT_RATE_LIMITS}


EMBEDDED_TEST_DIR = REPO_ROOT / ".ironbase" / "test"


def _server_url() -> URL:
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return sync_url(configured)
    return sync_url(embedded.attach(EMBEDDED_TEST_DIR).url)


@pytest.fixture(scope="session", autouse=True)
def _stop_embedded_test_server() -> Iterator[None]:
    """Set up first, so torn down last: the embedded server in .ironbase/test stops at the
    end of the run if an ironbase process started it and no other one still uses it. One
    kept on purpose (``serve --keep-db``), or none at all, is left as it was."""
    yield
    embedded.release(EMBEDDED_TEST_DIR)


@pytest.fixture(scope="session")
def database_target() -> Iterator[DatabaseTarget]:
    """A fresh database for this run, with roles, grants and every migration applied."""
    with scratch_database(_server_url(), AUTHENTICATOR_PASSWORD, "ironbase_test") as target:
        yield target


def make_settings(target: DatabaseTarget, tmp: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": Environment.test,
        "database_url": target.admin_url.render_as_string(hide_password=False),
        "data_dir": tmp,
        "jwt_secret": TEST_JWT_SECRET,
        "authenticator_password": target.authenticator_password,
        # Most tests sign up many users from one address; the limit has tests of its own.
        "signups_per_window": 100_000,
        # Likewise the solver and its kin: the rate limits have tests of their own.
        "rate_limits": UNLIMITED,
        # Bounded so that several apps in one run stay well inside the server's connection slots.
        "pool_size": 8,
        "pool_max_overflow": 4,
        "seed_on_start": False,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def settings(database_target: DatabaseTarget, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(database_target, tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def client_for(application: FastAPI, ip: str = "198.51.100.7") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=application, client=(ip, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as http:
        yield http


@dataclass
class SignedUpUser:
    id: uuid.UUID
    email: str
    password: str
    access_token: str
    refresh_token: str
    headers: dict[str, str] = field(default_factory=dict)


PASSWORD = "Squat-Bench-5x5"


async def sign_up(http: httpx.AsyncClient, email: str | None = None) -> SignedUpUser:
    email = email or f"lifter-{uuid.uuid4().hex[:12]}@example.com"
    response = await http.post("/v1/auth/signup", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    body = response.json()
    return SignedUpUser(
        id=uuid.UUID(body["user"]["id"]),
        email=body["user"]["email"],
        password=PASSWORD,
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )


@pytest.fixture
def new_user(client: httpx.AsyncClient) -> Callable[[], Any]:
    async def make() -> SignedUpUser:
        return await sign_up(client)

    return make


@pytest.fixture(scope="session")
def owner_url(database_target: DatabaseTarget) -> str:
    """Plain asyncpg URL of the privileged login (for seeding and inspection only)."""
    return (
        make_url(database_target.admin_url)
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )


@pytest.fixture
async def owner(owner_url: str) -> AsyncIterator[asyncpg.Connection]:
    """The privileged connection, for making rows and checking past RLS (never what a
    request uses)."""
    conn = await asyncpg.connect(owner_url)
    try:
        yield conn
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def authenticator_dsn(database_target: DatabaseTarget) -> str:
    return database_target.serving_url.set(drivername="postgresql").render_as_string(
        hide_password=False
    )


async def sign_up_admin(http: httpx.AsyncClient, owner_url: str) -> SignedUpUser:
    """A new user made platform administrator, signed in again so the token says so."""
    user = await sign_up(http)
    await grant_admin(owner_url, user.id)
    login = await http.post("/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    user.headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    return user


async def grant_admin(owner_url: str, user_id: uuid.UUID) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(
            'update auth.users set raw_app_meta_data = \'{"roles": ["admin"]}\' where id = $1',
            user_id,
        )
    finally:
        await conn.close()


def run_sql(target: DatabaseTarget, statement: str, **params: Any) -> list[Any]:
    engine = create_engine(target.admin_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def seeded_catalog(database_target: DatabaseTarget) -> None:
    """The shipped reference data, loaded once per test session (as ``ironbase seed`` does)."""
    from ironbase.db.system import system_transaction
    from ironbase.reference import seed_reference_data

    with system_transaction(database_target) as conn:
        seed_reference_data(conn)


class QueryCounter:
    """Counts statements the API sends, to catch N+1 patterns (a count, not a timing)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_: object) -> None:
        self.count += 1


@pytest.fixture
def query_counter(app: FastAPI) -> Iterator[QueryCounter]:
    """Counts the request path's round trips, BEGIN and COMMIT included."""
    from ironbase.db.pg import observe_statements

    counter = QueryCounter()
    with observe_statements(counter):
        yield counter

"""Property-based fuzzing of every documented operation over real HTTP (schemathesis):
whatever a client sends that the schema allows, or nearly allows, the answer is never a
5xx, and every error is problem+json.

Runs against `ironbase serve` in a subprocess on a database of its own, so the random
writes (gyms, private exercises, plates) cannot disturb the other tests' data.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine

from ironbase.app import create_app
from ironbase.config import Environment, Settings
from ironbase.db.setup import DatabaseTarget, prepare
from ironbase.db.system import system_transaction
from ironbase.db.urls import with_database
from ironbase.reference import seed_reference_data
from tests.conftest import AUTHENTICATOR_PASSWORD, PASSWORD, TEST_JWT_SECRET, _server_url

EXAMPLES_PER_OPERATION = int(os.environ.get("IRONBASE_FUZZ_EXAMPLES", "12"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def fuzz_database() -> Iterator[DatabaseTarget]:
    server = _server_url()
    name = f"ironbase_fuzz_{uuid.uuid4().hex[:8]}"
    maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.exec_driver_sql(f'create database "{name}"')
    target = DatabaseTarget(with_database(server, name), AUTHENTICATOR_PASSWORD)
    try:
        prepare(target)
        with system_transaction(target) as conn:
            seed_reference_data(conn)
        yield target
    finally:
        with maintenance.connect() as conn:
            conn.exec_driver_sql(f'drop database if exists "{name}" with (force)')
        maintenance.dispose()


@pytest.fixture(scope="session")
def served(
    fuzz_database: DatabaseTarget, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": fuzz_database.admin_url.render_as_string(hide_password=False),
        "IRONBASE_JWT_SECRET": TEST_JWT_SECRET,
        "IRONBASE_AUTHENTICATOR_PASSWORD": AUTHENTICATOR_PASSWORD,
        "IRONBASE_DATA_DIR": str(tmp_path_factory.mktemp("fuzz")),
        "IRONBASE_SIGNUPS_PER_WINDOW": "1000000",
        "IRONBASE_LOGIN_FAILURES_PER_WINDOW": "1000000",
        "IRONBASE_LOGIN_FAILURES_PER_IP": "1000000",
        "IRONBASE_LOG_LEVEL": "WARNING",
    }
    log = Path(tmp_path_factory.mktemp("fuzz-log")) / "server.log"
    with log.open("w") as sink:
        command = [sys.executable, "-m", "ironbase.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not become ready:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def bearer(served: str) -> dict[str, str]:
    email = f"fuzzer-{uuid.uuid4().hex[:8]}@example.com"
    response = httpx.post(f"{served}/v1/auth/signup", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _document() -> dict[str, object]:
    """The OpenAPI document the server will publish (building the app needs no database)."""
    settings = Settings(environment=Environment.test, jwt_secret=TEST_JWT_SECRET)
    return create_app(settings).openapi()


schema = schemathesis.openapi.from_dict(_document())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_problem_json(
    case: schemathesis.Case[Any], served: str, bearer: dict[str, str]
) -> None:
    response = case.call(base_url=served, headers=bearer, timeout=30)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/problem+json"), case.formatted_path

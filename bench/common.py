"""Shared bench plumbing: a scratch database, a served API, statistics."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine

from ironbase.db.setup import DatabaseTarget, prepare
from ironbase.db.urls import sync_url, with_database

SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
JWT_SECRET = "bench-secret-" + "z" * 40
AUTHENTICATOR_PASSWORD = "ironbase-bench-authenticator"  # noqa: S105 (a scratch database)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextmanager
def scratch_database() -> Iterator[DatabaseTarget]:
    server = sync_url(SERVER_URL)
    name = f"ironbase_bench_{uuid.uuid4().hex[:8]}"
    maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.exec_driver_sql(f'create database "{name}"')
    target = DatabaseTarget(with_database(server, name), AUTHENTICATOR_PASSWORD)
    try:
        prepare(target)
        yield target
    finally:
        with maintenance.connect() as conn:
            conn.exec_driver_sql(f'drop database if exists "{name}" with (force)')
        maintenance.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served_api(target: DatabaseTarget, **env: str) -> Iterator[str]:
    """`ironbase serve` in a subprocess (one uvicorn worker), yielding its base URL."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_JWT_SECRET": JWT_SECRET,
        "IRONBASE_AUTHENTICATOR_PASSWORD": AUTHENTICATOR_PASSWORD,
        "IRONBASE_LOG_LEVEL": "WARNING",
        "IRONBASE_SIGNUPS_PER_WINDOW": "100000",
        "IRONBASE_DATA_DIR": tempfile.mkdtemp(prefix="ironbase-bench-"),
        **env,
    }
    command = [sys.executable, "-m", "ironbase.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("the API did not become ready")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def write_lua_tokens(tokens: list[str], path: Path) -> None:
    """A wrk script that rotates the bearer token per request (one user per token)."""
    quoted = ",\n".join(f'  "{t}"' for t in tokens)
    path.write_text(
        "local tokens = {\n" + quoted + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i % #tokens + 1\n"
        '  return wrk.format("GET", "/v1/me", {["Authorization"] = "Bearer " .. tokens[i]})\n'
        "end\n"
    )

"""Helpers shared by the tests and the benchmarks: scratch databases and free ports."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

from ironbase.db.setup import DatabaseTarget, prepare
from ironbase.db.urls import with_database


@contextmanager
def scratch_database(
    server: URL, authenticator_password: str, prefix: str, *, migrate: bool = True
) -> Iterator[DatabaseTarget]:
    """A new database on ``server`` (roles, grants and migrations applied unless
    ``migrate`` is false), dropped afterwards even if connections are still open."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    maintenance = create_engine(server, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.exec_driver_sql(f'create database "{name}"')
    target = DatabaseTarget(with_database(server, name), authenticator_password)
    try:
        if migrate:
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
def served_api(
    target: DatabaseTarget,
    jwt_secret: str,
    data_dir: Path,
    *args: str,
    **env: str,
) -> Iterator[str]:
    """`ironbase serve` in a subprocess on a free port (one uvicorn worker), as a user would
    start it; yields its base URL once /ready answers, and stops it afterwards."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_JWT_SECRET": jwt_secret,
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "IRONBASE_LOG_LEVEL": "WARNING",
        **env,
    }
    log = data_dir / "server.log"
    command = [sys.executable, "-m", "ironbase.cli", "serve", "--port", str(port), *args]
    with log.open("w") as sink:
        process = subprocess.Popen(command, env=environment, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603
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


async def walk_pages(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    """Every item of a keyset list, following ``next_cursor`` until it ends; each page
    answers 200 and holds at most ``limit`` items (50 when not given)."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await client.get(path, headers=headers, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= params.get("limit", 50)
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items

"""CPU time of the Python request path, per request, independent of machine load.

Calls the ASGI apps directly (no HTTP server, no client library) and measures this
process's CPU time (``time.process_time``: the database's work is another process and does
not count), so the figure holds steady on a busy machine where req/s does not. Compared in
the same run with the thin baseline (``bench.thin_api``), which does the least a Python
endpoint can do for the same answer.

    python -m bench.request_cpu [--requests 3000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench.common import JWT_SECRET, median, scratch_database
from ironbase.app import create_app
from ironbase.config import Environment, Settings
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


async def _call(app: ASGIApp, path: str, token: str) -> int:
    """One GET straight through the ASGI interface; the status code."""
    raw_path, _, query = path.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": raw_path, "raw_path": raw_path.encode(),
        "query_string": query.encode(), "root_path": "", "client": ("127.0.0.1", 5000),
        "server": ("bench", 80),
        "headers": [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())],
    }  # fmt: skip
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _cpu_per_request(app: ASGIApp, path: str, token: str, requests: int) -> float:
    for _ in range(50):  # warm: pool connections, prepared statements, caches
        assert await _call(app, path, token) == 200
    started = time.process_time()
    for _ in range(requests):
        await _call(app, path, token)
    return (time.process_time() - started) / requests * 1e6


def _settings(target: DatabaseTarget) -> Settings:
    return Settings(
        environment=Environment.production,
        database_url=target.admin_url.render_as_string(hide_password=False),
        data_dir=Path(tempfile.mkdtemp(prefix="ironbase-cpu-")),
        jwt_secret=JWT_SECRET,
        authenticator_password=target.authenticator_password,
        seed_on_start=False,
        log_level="WARNING",
    )


async def _measure(target: DatabaseTarget, requests: int, repeats: int) -> dict[str, float]:
    app = create_app(_settings(target))
    os.environ["THIN_DSN"] = asyncpg_dsn(target.serving_url)
    os.environ["THIN_JWT_SECRET"] = JWT_SECRET
    thin = importlib.import_module("bench.thin_api").app
    async with app.router.lifespan_context(app), thin.router.lifespan_context(thin):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            body = {"email": f"cpu-{time.time_ns()}@example.com", "password": "Bench-pass-1"}
            token = (await http.post("/v1/auth/signup", json=body)).json()["access_token"]
        runs: dict[str, list[float]] = {"ironbase GET /v1/me": [], "thin GET /me": []}
        for _ in range(repeats):  # alternating, so drift hits both alike
            runs["ironbase GET /v1/me"].append(
                await _cpu_per_request(app, "/v1/me", token, requests)
            )
            runs["thin GET /me"].append(await _cpu_per_request(thin, "/me", token, requests))
    return {name: median(values) for name, values in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with scratch_database() as target:
        figures = asyncio.run(_measure(target, args.requests, args.repeats))
    table = Table(title=f"Python CPU per request (µs), medians of {args.repeats}")
    for column in ("", "CPU µs", "vs thin"):
        table.add_column(column, justify="right")
    thin = figures["thin GET /me"]
    for name, value in figures.items():
        table.add_row(name, f"{value:.0f}", f"{value / thin:.2f}x")
    Console().print(table)


if __name__ == "__main__":
    main()

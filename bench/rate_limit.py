"""What a rate-limited route pays for its count, against the same route without it.

One app, one scratch database, limits too high to refuse anything. Two routes run the same
handler as ``GET /v1/me`` (the cheapest signed-in read, so the ratio is an upper bound for
any real route): ``/bench/plain`` and ``/bench/limited``, which adds
``Depends(rate_limited("plates"))``; and the plate calculator, ``POST /v1/plates/solve``
(limited) against its handler mounted without the limit. Requests go straight through the
ASGI interface (no HTTP server).

- sequential: one request at a time, wall-clock latency per request (p50, p99) and this
  process's CPU time per request (the database's work is another process);
- the statement alone: ``rate_limit_hit`` for two keys on one pooled connection, against
  ``select 1`` (the round trip's floor);
- concurrent: 16 clients at once, requests per second, each client with its own person and
  address ("spread") or all of them one person at one address ("one hot row": every request
  updates the same two counter rows).

    python -m bench.rate_limit [--requests 2000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, Depends, FastAPI
from rich.console import Console
from rich.table import Table

from bench.common import JWT_SECRET, median, percentile, scratch_database
from ironbase.app import create_app
from ironbase.config import DEFAULT_RATE_LIMITS, Environment, Settings
from ironbase.db.setup import DatabaseTarget
from ironbase.gyms.inventory.endpoints import solve
from ironbase.kit.units import DecimalJsonRoute
from ironbase.limits.dependencies import rate_limited
from ironbase.users.endpoints import read_me

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
CLIENTS = 16
# A real limited route: the plate calculator on a mixed kg and lb inventory.
SOLVE = (
    b'{"target": 142.5, "unit": "kg", "bar": 20, "collar": 2.5, "plates": ['
    b'{"mass": 25, "pairs": 2}, {"mass": 20, "pairs": 1}, {"mass": 10, "pairs": 2}, '
    b'{"mass": 5, "pairs": 2}, {"mass": 2.5, "pairs": 2}, {"mass": 1.25, "pairs": 2}, '
    b'{"mass": 45, "unit": "lb", "pairs": 2}]}'
)
UNLIMITED = {name: {"per_user": 10**9, "per_address": 10**9} for name in DEFAULT_RATE_LIMITS}


def _settings(target: DatabaseTarget) -> Settings:
    return Settings(
        environment=Environment.production,
        database_url=target.admin_url.render_as_string(hide_password=False),
        data_dir=Path(tempfile.mkdtemp(prefix="ironbase-limits-")),
        jwt_secret=JWT_SECRET,
        authenticator_password=target.authenticator_password,
        seed_on_start=False,
        log_level="WARNING",
        rate_limits=UNLIMITED,
        pool_size=CLIENTS,
        pool_max_overflow=4,
    )


def _bench_app(target: DatabaseTarget) -> FastAPI:
    app = create_app(_settings(target))
    router = APIRouter(prefix="/bench", route_class=DecimalJsonRoute)
    router.add_api_route("/plain", read_me)
    router.add_api_route("/limited", read_me, dependencies=[Depends(rate_limited("plates"))])
    # /v1/plates/solve without its limit (the limited one is the API's own route).
    router.add_api_route("/solve", solve, methods=["POST"])
    app.include_router(router)
    return app


async def _get(app: ASGIApp, path: str, token: str, ip: str) -> int:
    """One request straight through the ASGI interface: a GET, or a POST of ``SOLVE`` for
    the solver's paths."""
    body = SOLVE if "solve" in path else b""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
        "method": "POST" if body else "GET", "scheme": "http", "path": path,
        "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "client": (ip, 5000), "server": ("bench", 80),
        "headers": [
            (b"host", b"bench"), (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }  # fmt: skip
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _sequential(
    app: ASGIApp, path: str, token: str, requests: int
) -> tuple[float, float, float]:
    """p50 and p99 latency (µs), CPU µs per request."""
    latencies = []
    cpu_started = time.process_time()
    for _ in range(requests):
        started = time.perf_counter()
        assert await _get(app, path, token, "192.0.2.1") == 200
        latencies.append((time.perf_counter() - started) * 1e6)
    cpu = (time.process_time() - cpu_started) / requests * 1e6
    return percentile(latencies, 50), percentile(latencies, 99), cpu


async def _concurrent(
    app: ASGIApp, path: str, clients: list[tuple[str, str]], requests: int
) -> float:
    """Requests per second with one task per (token, address), ``requests`` in all."""
    each = requests // len(clients)

    async def client(token: str, ip: str) -> None:
        for _ in range(each):
            assert await _get(app, path, token, ip) == 200

    started = time.perf_counter()
    await asyncio.gather(*(client(token, ip) for token, ip in clients))
    return each * len(clients) / (time.perf_counter() - started)


async def _tokens(app: FastAPI, count: int) -> list[str]:
    transport = httpx.ASGITransport(app=app)
    tokens = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        for _ in range(count):
            body = {"email": f"limits-{uuid.uuid4().hex}@example.com", "password": "Bench-pass-1"}
            response = await http.post("/v1/auth/signup", json=body)
            tokens.append(response.json()["access_token"])
    return tokens


Runs = dict[str, list[float]]

_COUNT = "select * from public.rate_limit_hit($1::text[], $2::integer[], false)"


async def _statement(app: FastAPI, sql: str, *args: Any, requests: int) -> float:
    """Median µs of one statement, sent ``requests`` times on one connection."""
    latencies = []
    async with app.state.pool.acquire() as conn:
        for _ in range(requests):
            started = time.perf_counter()
            await conn.fetch(sql, *args)
            latencies.append((time.perf_counter() - started) * 1e6)
    return percentile(latencies, 50)


async def _measure(target: DatabaseTarget, requests: int, repeats: int) -> dict[str, float]:
    app = _bench_app(target)
    runs: Runs = {}
    async with app.router.lifespan_context(app):
        # One person for the sequential runs, others for the concurrent ones: the hot row's
        # burst of dead versions must not slow the sequential figures.
        alone, *tokens = await _tokens(app, CLIENTS + 1)
        spread = [(token, f"192.0.2.{i + 10}") for i, token in enumerate(tokens)]
        hot = [(tokens[0], "192.0.2.200")] * CLIENTS
        pairs = (
            ("plain", "/bench/plain"),
            ("limited", "/bench/limited"),
            ("solve plain", "/bench/solve"),
            ("solve limited", "/v1/plates/solve"),
        )
        for _, path in pairs:  # warm all
            await _sequential(app, path, alone, 200)
        for _ in range(repeats):  # alternating, so drift hits both alike
            for name, path in pairs:
                p50, p99, cpu = await _sequential(app, path, alone, requests)
                for figure, value in (("p50", p50), ("p99", p99), ("cpu", cpu)):
                    runs.setdefault(f"{name} {figure}", []).append(value)
                rate = await _concurrent(app, path, spread, requests)
                runs.setdefault(f"{name} spread", []).append(rate)
            rate = await _concurrent(app, "/bench/limited", hot, requests)
            runs.setdefault("limited hot", []).append(rate)
            floor = await _statement(app, "select 1", requests=requests)
            keys = [f"rl:bench:u:{uuid.uuid4()}", f"rl:bench:a:{uuid.uuid4()}"]
            count = await _statement(app, _COUNT, keys, [60, 60], requests=requests)
            runs.setdefault("select 1", []).append(floor)
            runs.setdefault("count statement", []).append(count)
    return {name: median(values) for name, values in runs.items()}


def _report(figures: dict[str, float], repeats: int) -> None:
    table = Table(title=f"With and without the count, medians of {repeats}")
    for column in ("", "plain", "limited", "limited ÷ plain"):
        table.add_column(column, justify="right")
    rows = [
        ("sequential p50 µs", "p50"),
        ("sequential p99 µs", "p99"),
        ("CPU µs per request", "cpu"),
        (f"{CLIENTS} clients, req/s (spread)", "spread"),
    ]
    for route, prefix in (("GET /v1/me's handler", ""), ("POST /v1/plates/solve", "solve ")):
        for label, figure in rows:
            plain = figures[f"{prefix}plain {figure}"]
            limited = figures[f"{prefix}limited {figure}"]
            ratio = f"{limited / plain:.2f}x"
            table.add_row(f"{route}: {label}", f"{plain:,.0f}", f"{limited:,.0f}", ratio)
    hot, plain = figures["limited hot"], figures["plain spread"]
    table.add_row(
        f"{CLIENTS} clients, req/s (one hot row)", "", f"{hot:,.0f}", f"{hot / plain:.2f}x"
    )
    Console().print(table)
    floor, count = figures["select 1"], figures["count statement"]
    Console().print(
        f"the count alone: {count:,.0f} µs p50 per statement, against {floor:,.0f} µs for "
        f"select 1 on the same connection ({count / floor:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with scratch_database() as target:
        figures = asyncio.run(_measure(target, args.requests, args.repeats))
    _report(figures, args.repeats)


if __name__ == "__main__":
    main()

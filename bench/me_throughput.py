"""GET /v1/me through the HTTP server versus the raw asyncpg transaction doing the same work.

Both sides: one Python process, the same concurrency, the same database; the raw side runs
`begin; select set_config(role), set_config(claims); select profile join identity; commit`
on an asyncpg pool as `authenticator`. Reported: medians over repeats, and their ratio.

    python -m bench.me_throughput [--seconds 5] [--repeats 5] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from rich.console import Console
from rich.table import Table

from bench.common import median, percentile, scratch_database, served_api, write_lua_tokens

PROFILE_SQL = (
    "select u.id, a.email, u.is_pro, u.display_name, u.unit_system, u.time_zone, u.locale, "
    "u.created_at from public.users u join auth.users a on a.id = u.id where u.id = $1"
)
SET_CONTEXT = "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)"


@dataclass
class Run:
    throughput: float
    p50_ms: float
    p99_ms: float


async def _sign_up_users(base: str, count: int) -> list[tuple[str, str]]:
    async with httpx.AsyncClient(base_url=base) as http:
        pairs = []
        for i in range(count):
            r = await http.post(
                "/v1/auth/signup",
                json={
                    "email": f"bench{i}-{time.time_ns()}@example.com",
                    "password": "Bench-pass-1",
                },
            )
            body = r.json()
            pairs.append((body["user"]["id"], body["access_token"]))
        return pairs


def _wrk_run(base: str, script: Path, seconds: int, concurrency: int) -> Run:
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", str(script), base],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def lat(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return Run(rps, lat("50%"), lat("99%"))


async def _raw_run(dsn: str, users: list[tuple[str, str]], seconds: int, concurrency: int) -> Run:
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency)
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def worker(offset: int) -> None:
        i = offset
        while time.perf_counter() < stop:
            user_id, _ = users[i % len(users)]
            claims = json.dumps({"sub": user_id, "role": "authenticated"})
            started = time.perf_counter()
            async with pool.acquire() as conn, conn.transaction():
                await conn.fetchrow(SET_CONTEXT, "authenticated", claims)
                await conn.fetchrow(PROFILE_SQL, user_id)
            latencies.append((time.perf_counter() - started) * 1000)
            i += 1

    began = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    elapsed = time.perf_counter() - began
    await pool.close()
    return Run(len(latencies) / elapsed, percentile(latencies, 50), percentile(latencies, 99))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("this benchmark drives the server with wrk (apt-get install wrk)")
    console = Console()
    with scratch_database() as target, served_api(target) as base:
        users = asyncio.run(_sign_up_users(base, 50))
        script = Path(tempfile.mkdtemp()) / "me.lua"
        write_lua_tokens([token for _, token in users], script)
        dsn = target.serving_url.set(drivername="postgresql").render_as_string(hide_password=False)
        api_runs, raw_runs = [], []
        for repeat in range(args.repeats):
            console.print(f"repeat {repeat + 1}/{args.repeats}")
            api_runs.append(_wrk_run(base, script, args.seconds, args.concurrency))
            raw_runs.append(asyncio.run(_raw_run(dsn, users, args.seconds, args.concurrency)))
    table = Table(
        title=f"GET /v1/me vs raw transaction (c={args.concurrency}, medians of {args.repeats})"
    )
    for column in ("", "req/s", "p50 ms", "p99 ms"):
        table.add_column(column, justify="right")
    rows = {"API (uvicorn, 1 worker)": api_runs, "raw asyncpg transaction": raw_runs}
    medians = {}
    for name, runs in rows.items():
        m = Run(
            median([r.throughput for r in runs]),
            median([r.p50_ms for r in runs]),
            median([r.p99_ms for r in runs]),
        )
        medians[name] = m
        table.add_row(name, f"{m.throughput:,.0f}", f"{m.p50_ms:.2f}", f"{m.p99_ms:.2f}")
    console.print(table)
    api, raw = medians.values()
    console.print(
        f"cost ratio (raw req/s / API req/s): {raw.throughput / api.throughput:.2f}x; "
        f"p50 ratio: {api.p50_ms / raw.p50_ms:.2f}x (target <= 1.5x)"
    )


if __name__ == "__main__":
    main()

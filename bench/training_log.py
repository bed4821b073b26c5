"""Server time of the training log's hot requests at demo scale, against ``GET /v1/me``.

The app is called in this process through its ASGI interface (no HTTP server or client
library), so a request's time is the server's: routing, the token, the transaction and its
statements, the JSON. ``GET /v1/me`` (one indexed row) runs in the same repeats as the
floor. Demo people (``ironbase demo-data``) are the callers: a seeded random sample of 100,
and the 20 with the longest histories. Operations alternate within each repeat; the table
shows the medians over repeats of each repeat's p50 and p99.

    python -m bench.training_log [--scale 1] [--requests 400] [--repeats 3]
    python -m bench.training_log --database URL --password PASSWORD   (already loaded)

Without ``--database`` a scratch database is made, seeded and loaded at ``--scale`` and
dropped at the end; with it, an operator URL of a database that ``ironbase demo-data``
filled (``--password``: the password it printed).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import create_engine

from bench.common import AUTHENTICATOR_PASSWORD, JWT_SECRET, median, percentile, scratch_database
from ironbase.app import create_app
from ironbase.auth import passwords
from ironbase.config import Environment, Settings
from ironbase.db.setup import DatabaseTarget, prepare
from ironbase.db.system import system_transaction
from ironbase.db.urls import asyncpg_dsn, sync_url
from ironbase.demo_data import load as demo_load
from ironbase.demo_data.generate import volume_of
from ironbase.reference import seed_reference_data

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
PASSWORD = "Bench-demo-1"  # noqa: S105 (a scratch database)
SAMPLE, LONGEST = 100, 20


async def call(
    app: ASGIApp, method: str, path: str, token: str | None = None, body: Any = None
) -> tuple[int, bytes]:
    """One request straight through the ASGI interface: status and body."""
    raw_path, _, query = path.partition("?")
    headers = [(b"host", b"bench")]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    payload = b"" if body is None else orjson.dumps(body)
    if body is not None:
        headers.append((b"content-type", b"application/json"))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": raw_path, "raw_path": raw_path.encode(),
        "query_string": query.encode(), "root_path": "", "client": ("127.0.0.1", 5000),
        "server": ("bench", 80), "headers": headers,
    }  # fmt: skip
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": payload, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


@dataclass
class Caller:
    token: str
    sets_path: str  # a workout exercise of theirs, to log sets into


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    body: Callable[[int], Any] | None = None
    expect: int = 200


OPERATIONS = (
    Operation("GET /v1/me (floor)", "GET", "/v1/me"),
    Operation(
        "PATCH /v1/me (write floor)",
        "PATCH",
        "/v1/me",
        body=lambda i: {"display_name": f"Bench lifter {i}"},
    ),
    Operation(
        "POST .../sets (log a set)",
        "POST",
        "{sets}",
        body=lambda i: {"weight": 60 + i % 40, "unit": "kg", "reps": 5, "rpe": 8},
        expect=201,
    ),
    Operation("GET /v1/workouts?limit=20", "GET", "/v1/workouts?limit=20"),
    Operation("GET /v1/records", "GET", "/v1/records"),
    Operation("GET /v1/stats/volume", "GET", "/v1/stats/volume?group_by=muscle"),
)

_PEOPLE = """
    select a.email, count(w.id) as workouts,
           (select we.exercise_id from public.workout_exercises we where we.user_id = a.id
            group by we.exercise_id order by count(*) desc, we.exercise_id limit 1) as lift
    from auth.users a join public.workouts w on w.user_id = a.id
    where a.email like 'demo-data-%@example.com'
    group by a.id
"""


async def _people(target: DatabaseTarget) -> tuple[list[Any], list[Any]]:
    """A seeded random sample of demo people, and those with the longest histories."""
    conn = await asyncpg.connect(asyncpg_dsn(target.admin_url))
    try:
        rows = await conn.fetch(_PEOPLE)
    finally:
        await conn.close()
    rows.sort(key=lambda r: r["email"])
    sample = random.Random(1).sample(rows, min(SAMPLE, len(rows)))
    longest = sorted(rows, key=lambda r: r["workouts"], reverse=True)[:LONGEST]
    return sample, longest


async def _caller(app: ASGIApp, person: Any, password: str) -> Caller:
    """Signs in and starts today's workout of their most logged lift."""
    status, body = await call(
        app, "POST", "/v1/auth/token", body={"email": person["email"], "password": password}
    )
    assert status == 200, body
    token = orjson.loads(body)["access_token"]
    document = {
        "id": str(uuid.uuid4()),
        "started_at": dt.datetime.now(dt.UTC).isoformat(),
        "exercises": [{"id": str(uuid.uuid4()), "exercise_id": str(person["lift"]), "sets": []}],
    }
    status, body = await call(app, "PUT", f"/v1/workouts/{document['id']}", token, document)
    assert status == 200, body
    exercise = orjson.loads(body)["exercises"][0]["id"]
    return Caller(token, f"/v1/workouts/{document['id']}/exercises/{exercise}/sets")


async def _timed(app: ASGIApp, op: Operation, callers: list[Caller], requests: int) -> list[float]:
    times = []
    for i in range(requests):
        caller = callers[i % len(callers)]
        path = op.path.replace("{sets}", caller.sets_path)
        body = op.body(i) if op.body else None
        started = time.perf_counter()
        status, answer = await call(app, op.method, path, caller.token, body)
        times.append((time.perf_counter() - started) * 1000)
        assert status == op.expect, (op.name, status, answer[:300])
    return times


def _settings(target: DatabaseTarget) -> Settings:
    return Settings(
        environment=Environment.production,
        database_url=target.admin_url.render_as_string(hide_password=False),
        data_dir=Path(tempfile.mkdtemp(prefix="ironbase-training-")),
        jwt_secret=JWT_SECRET,
        authenticator_password=target.authenticator_password,
        seed_on_start=False,
        log_level="WARNING",
    )


Results = dict[tuple[str, str], list[tuple[float, float]]]


async def _measure(
    target: DatabaseTarget, password: str, requests: int, repeats: int, console: Console
) -> Results:
    sample, longest = await _people(target)
    app = create_app(_settings(target))
    results: Results = {}
    async with app.router.lifespan_context(app):
        groups = {
            "sample": [await _caller(app, p, password) for p in sample],
            "longest": [await _caller(app, p, password) for p in longest],
        }
        for callers in groups.values():  # warm: pool, prepared statements, caches
            for op in OPERATIONS:
                await _timed(app, op, callers, len(callers))
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("measuring", total=repeats * len(OPERATIONS) * len(groups))
            for _ in range(repeats):
                for group, callers in groups.items():
                    for op in OPERATIONS:  # alternating, so drift hits all alike
                        times = await _timed(app, op, callers, requests)
                        key = (op.name, group)
                        results.setdefault(key, []).append(
                            (percentile(times, 50), percentile(times, 99))
                        )
                        progress.advance(task)
    return results


@contextmanager
def _loaded_scratch(scale: float, console: Console) -> Iterator[DatabaseTarget]:
    with scratch_database() as target:
        with system_transaction(target) as conn:
            seed_reference_data(conn)
        volume = volume_of(scale)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("loading demo data (sets)", total=volume.sets)
            loaded = asyncio.run(
                demo_load.load(
                    target, scale=scale, seed=1, end=dt.datetime.now(dt.UTC).date(),
                    password_hash=passwords.hash_password(PASSWORD),
                    progress=lambda sets: progress.advance(task, sets),
                )
            )  # fmt: skip
        console.print(
            f"demo data at scale {scale:g}: {loaded.users:,} people, {loaded.workouts:,} "
            f"workouts, {loaded.sets:,} sets, loaded in {loaded.seconds:.1f} s"
        )
        yield target


def _table(results: Results, requests: int, repeats: int) -> Table:
    table = Table(title=f"{requests} requests per operation and group, medians of {repeats}")
    for column in ("operation", "callers", "p50 ms", "p99 ms", "p50 vs its floor"):
        table.add_column(column, justify="right")
    for group in ("sample", "longest"):
        floors = {
            method: median([r[0] for r in results[(op.name, group)]])
            for method, op in (("read", OPERATIONS[0]), ("write", OPERATIONS[1]))
        }
        for op in OPERATIONS:
            runs = results[(op.name, group)]
            p50, p99 = median([r[0] for r in runs]), median([r[1] for r in runs])
            floor = floors["read" if op.method == "GET" else "write"]
            label = f"{SAMPLE} random" if group == "sample" else f"{LONGEST} longest"
            table.add_row(op.name, label, f"{p50:.2f}", f"{p99:.2f}", f"{p50 / floor:.1f}x")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database", help="an operator URL of a database already loaded")
    parser.add_argument("--password", help="the demo people's password (with --database)")
    parser.add_argument(
        "--synchronous-commit",
        choices=("on", "off"),
        default="on",
        help="off: commits do not wait for the WAL flush (shows the time without the disk's)",
    )
    args = parser.parse_args()
    console = Console()
    with (
        _target(args, console) as (target, password),
        _synchronous_commit(target, args.synchronous_commit),
    ):
        results = asyncio.run(_measure(target, password, args.requests, args.repeats, console))
    console.print(_table(results, args.requests, args.repeats))
    console.print(f"synchronous_commit = {args.synchronous_commit}")


@contextmanager
def _target(args: argparse.Namespace, console: Console) -> Iterator[tuple[DatabaseTarget, str]]:
    if not args.database:
        with _loaded_scratch(args.scale, console) as target:
            yield target, PASSWORD
        return
    if not args.password:
        raise SystemExit("--database needs --password (ironbase demo-data printed it)")
    target = DatabaseTarget(sync_url(args.database), AUTHENTICATOR_PASSWORD)
    prepare(target)
    yield target, args.password


@contextmanager
def _synchronous_commit(target: DatabaseTarget, value: str) -> Iterator[None]:
    """The database's default for the sessions the app opens (reset afterwards)."""
    engine = create_engine(target.admin_url, isolation_level="AUTOCOMMIT")
    name = target.admin_url.database
    with engine.connect() as conn:
        conn.exec_driver_sql(f'alter database "{name}" set synchronous_commit = {value}')
    try:
        yield
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'alter database "{name}" reset synchronous_commit')
        engine.dispose()


if __name__ == "__main__":
    main()

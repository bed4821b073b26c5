"""A 10,000-row Strong export imported, against parsing it alone and a raw COPY of its sets.

Server time, in this process (no network): ``POST /v1/imports`` through the ASGI app
(multipart read, parse off the event loop, the short read, the plan, the write), the
import service called directly (the same without HTTP and multipart), the parser alone,
and the floor of moving the same 10,000 sets into PostgreSQL: ``COPY`` into an unlogged
table with no keys, policies or triggers. Each repeat imports into a fresh account.

Wall time depends on what else the machine runs; CPU time does not (much): the service
call also reports this process's CPU and the CPU of the PostgreSQL backend that served it
(from /proc, when the server is local), whose sum is what the import costs on an idle
machine.

    python -m bench.import_strong [--repeats 5] [--rows 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import os
import tempfile
import time
from pathlib import Path

import asyncpg
from rich.console import Console
from rich.table import Table

from bench.common import median, scratch_database
from ironbase.app import create_app
from ironbase.db import pg
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.db.urls import asyncpg_dsn
from ironbase.reference import seed_reference_data
from ironbase.training.imports import ParsedImport, Unit, parse_import
from ironbase.training.transfer import service
from ironbase.users.administration import acting_as
from tests.conftest import client_for, make_settings, sign_up

EXERCISES = (
    "Squat (Barbell)",
    "Bench Press (Barbell)",
    "Bent Over Row (Barbell)",
    "Overhead Press (Barbell)",
    "Deadlift (Barbell)",
)
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
FLOOR_TABLE = """
create unlogged table if not exists bench_sets (
  workout_exercise smallint, position smallint, set_type text, weight_g integer,
  reps smallint, rpe numeric(3, 1), notes text)
"""


def strong_file(rows: int) -> bytes:
    """Three years of four sessions a week: 20 sets a session over four exercises, the
    first set of each a warm-up, with RPEs, some notes and the rest-timer rows Strong
    writes (not counted in ``rows``)."""
    lines = [HEADER]
    start = dt.datetime(2022, 1, 3, 7, 0)
    for row in range(rows):
        session, slot = divmod(row, 20)
        day = start + dt.timedelta(days=session * 7 // 4, minutes=session % 3 * 20)
        exercise = EXERCISES[(session + slot // 5) % len(EXERCISES)]
        order = "W" if slot % 5 == 0 else str(slot % 5)
        weight = 60 + (session % 40) * 2.5 + slot % 5 * 5
        note = '"Paused, 1s"' if slot == 7 else ""
        lead = f'{day:%Y-%m-%d %H:%M:%S},"Session {session}",1h 10m'
        lines.append(f"{lead},{exercise},{order},{weight},5,0,0,{note},,{8 + slot % 3 * 0.5}")
        if slot % 5 == 4:
            lines.append(f"{lead},Rest Timer,Rest Timer,0,0,0,120,,,")
    return "\r\n".join(lines).encode()


def floor_records(parsed: ParsedImport) -> list[tuple[object, ...]]:
    records: list[tuple[object, ...]] = []
    for workout in parsed.workouts:
        for index, part in enumerate(workout.exercises):
            for position, entry in enumerate(part.sets):
                records.append(
                    (
                        index,
                        position,
                        entry.set_type.value,
                        entry.mass_g,
                        entry.reps,
                        entry.rpe,
                        entry.notes,
                    )
                )
    return records


def backend_cpu(pid: int) -> float:
    """CPU seconds a local PostgreSQL backend has used (NaN when /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _copy(owner_dsn: str, records: list[tuple[object, ...]]) -> float:
    conn = await asyncpg.connect(owner_dsn)
    try:
        await conn.execute(FLOOR_TABLE)
        await conn.execute("truncate bench_sets")
        started = time.perf_counter()
        await conn.copy_records_to_table("bench_sets", records=records)
        return time.perf_counter() - started
    finally:
        await conn.close()


async def _run(target: DatabaseTarget, rows: int, repeats: int) -> dict[str, list[float]]:
    content = strong_file(rows)
    parsed = parse_import(content, unit="kg")
    assert parsed.set_count == rows, parsed.set_count
    owner_dsn = target.admin_url.set(drivername="postgresql").render_as_string(hide_password=False)
    settings = make_settings(target, Path(tempfile.mkdtemp(prefix="ironbase-bench-")))
    app = create_app(settings)
    times: dict[str, list[float]] = {
        "POST /v1/imports (ASGI)": [],
        "import service": [],
        "import service: Python CPU": [],
        "import service: PostgreSQL CPU": [],
        "parse alone": [],
        "COPY of the sets (floor)": [],
    }
    async with app.router.lifespan_context(app), client_for(app) as http:

        async def post() -> float:
            user = await sign_up(http)
            files = {"file": ("strong.csv", content, "text/csv")}
            started = time.perf_counter()
            response = await http.post(
                "/v1/imports", files=files, data={"unit": "kg"}, headers=user.headers
            )
            elapsed = time.perf_counter() - started
            assert response.status_code == 201, response.text
            assert response.json()["sets_created"] == rows, response.text
            return elapsed

        # One connection for both of the service's transactions: its backend's CPU is read.
        pool = await pg.create_pool(asyncpg_dsn(target.serving_url), min_size=1, max_size=1)
        async with pool.acquire() as conn:
            backend = await conn.fetchval("select pg_backend_pid()")

        async def call() -> float:
            user = await sign_up(http)
            caller = acting_as(user.id, user.email)
            cpu, db = time.process_time(), backend_cpu(backend)
            started = time.perf_counter()
            result = await service.import_file(
                lambda: pg.request_transaction(pool, caller),
                caller,
                app.state.catalog_search,
                io.BytesIO(content),
                file_name="strong.csv",
                unit=Unit.KG,
            )
            elapsed = time.perf_counter() - started
            times["import service: Python CPU"].append(time.process_time() - cpu)
            times["import service: PostgreSQL CPU"].append(backend_cpu(backend) - db)
            assert result.report["sets_created"] == rows
            return elapsed

        await post()  # builds the catalog's name table once, as a running server has
        records = floor_records(parsed)
        for _ in range(repeats):
            times["POST /v1/imports (ASGI)"].append(await post())
            times["import service"].append(await call())
            started = time.perf_counter()
            parse_import(content, unit="kg")
            times["parse alone"].append(time.perf_counter() - started)
            times["COPY of the sets (floor)"].append(await _copy(owner_dsn, records))
        await pool.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with scratch_database() as target:
        with system_transaction(target) as conn:
            seed_reference_data(conn)
        times = asyncio.run(_run(target, args.rows, args.repeats))
    table = Table(title=f"{args.rows:,}-row Strong file, medians of {args.repeats} repeats (ms)")
    for column in ("", "median", "min", "max"):
        table.add_column(column, justify="right")
    for name, runs in times.items():
        ms = [r * 1000 for r in runs]
        table.add_row(name, f"{median(ms):.0f}", f"{min(ms):.0f}", f"{max(ms):.0f}")
    Console().print(table)
    post = median(times["POST /v1/imports (ASGI)"])
    cpu = median(times["import service: Python CPU"]) + median(
        times["import service: PostgreSQL CPU"]
    )
    print(f"POST / parse alone: {post / median(times['parse alone']):.2f}x (target: POST < 1 s)")
    print(f"import CPU, Python + PostgreSQL: {cpu * 1000:.0f} ms")


if __name__ == "__main__":
    main()

"""A 1,000-participant challenge at demo scale: leaderboard pages and the set-logging cost
of standings kept by the training log's triggers, against floors in the same run.

In process through the app's ASGI interface (as ``bench.training_log``): a scratch
database loaded with ``ironbase demo-data`` at ``--scale`` (1: 1,000 people), two public
challenges over the last 30 days that every demo person joins (``volume``: incremental on
each set; ``streak_days``: the person's window recomputed on each set). Operations, in
each repeat, alternating:

* ``GET /v1/me``: the read floor;
* the leaderboard's first page (50), a deep page (ranks 901-950, from its cursor) and a
  page of 200;
* ``PATCH /v1/me``: the write floor; logging a set as a participant of both challenges,
  and the same callers logging a set with their participations removed (put back after),
  so the difference is what the standings cost a set.

The table shows medians over repeats of each repeat's p50 and p99.

    python -m bench.challenge_leaderboard [--scale 1] [--requests 400] [--repeats 3]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import uuid
from typing import Any

import asyncpg
import orjson
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bench.common import median, percentile
from bench.training_log import (
    PASSWORD,
    ASGIApp,
    Caller,
    Operation,
    _caller,
    _loaded_scratch,
    _people,
    _settings,
    _timed,
    call,
)
from ironbase.app import create_app
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn

PAGE = 50
METRICS = ("volume", "streak_days")

_CHALLENGE = """
insert into public.challenges (user_id, title, metric, starts_at, ends_at, visibility)
select id, $1, $2, now() - interval '30 days', now() + interval '1 day', 'public'
from auth.users where email like 'demo-data-%@example.com' order by email limit 1
returning id
"""
_JOIN_ALL = """
insert into public.challenge_participants (user_id, challenge_id)
select id, $1 from auth.users where email like 'demo-data-%@example.com'
"""
_JOIN = """
insert into public.challenge_participants (user_id, challenge_id)
select u.id, c from auth.users u, unnest($2::uuid[]) as c where u.email = any($1::text[])
"""
_LEAVE = """
delete from public.challenge_participants p using auth.users u
where u.id = p.user_id and u.email = any($1::text[])
"""


async def _challenges(target: DatabaseTarget) -> list[uuid.UUID]:
    conn = await asyncpg.connect(asyncpg_dsn(target.admin_url))
    try:
        ids = []
        for metric in METRICS:
            challenge_id = await conn.fetchval(_CHALLENGE, f"Bench {metric}", metric)
            await conn.execute(_JOIN_ALL, challenge_id)
            ids.append(challenge_id)
        await conn.execute("analyze public.challenges, public.challenge_participants")
        return ids
    finally:
        await conn.close()


async def _membership(target: DatabaseTarget, emails: list[str], ids: list[Any], on: bool) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(target.admin_url))
    try:
        if on:
            await conn.execute(_JOIN, emails, ids)
        else:
            await conn.execute(_LEAVE, emails)
    finally:
        await conn.close()


async def _deep_cursor(app: ASGIApp, token: str, path: str, rank: int) -> str:
    """The cursor after ``rank`` standings (walking the pages once)."""
    cursor = ""
    for _ in range(rank // PAGE):
        query = f"?limit={PAGE}" + (f"&cursor={cursor}" if cursor else "")
        status, body = await call(app, "GET", path + query, token)
        assert status == 200, body
        cursor = orjson.loads(body)["next_cursor"]
    return cursor


Results = dict[str, list[tuple[float, float]]]


async def _measure(
    target: DatabaseTarget, requests: int, repeats: int, console: Console
) -> tuple[Results, int]:
    sample, _ = await _people(target)
    ids = await _challenges(target)
    emails = [p["email"] for p in sample]
    app = create_app(_settings(target))
    results: Results = {}
    async with app.router.lifespan_context(app):
        callers: list[Caller] = [await _caller(app, p, PASSWORD) for p in sample]
        board = f"/v1/challenges/{ids[0]}/leaderboard"
        _, body = await call(app, "GET", f"/v1/challenges/{ids[0]}", callers[0].token)
        participants = int(orjson.loads(body)["participants"])
        deep = await _deep_cursor(app, callers[0].token, board, 900)
        reads = (
            Operation("GET /v1/me (read floor)", "GET", "/v1/me"),
            Operation("leaderboard, first page (50)", "GET", f"{board}?limit={PAGE}"),
            Operation("leaderboard, ranks 901-950", "GET", f"{board}?limit={PAGE}&cursor={deep}"),
            Operation("leaderboard, first page (200)", "GET", f"{board}?limit=200"),
        )
        writes = (
            Operation(
                "PATCH /v1/me (write floor)", "PATCH", "/v1/me",
                body=lambda i: {"display_name": f"Bench lifter {i % 7}"},
            ),
            Operation(
                "POST .../sets, in 2 challenges", "POST", "{sets}",
                body=lambda i: {"weight": 60 + i % 40, "unit": "kg", "reps": 5}, expect=201,
            ),
        )  # fmt: skip
        alone = Operation(
            "POST .../sets, in none", "POST", "{sets}",
            body=lambda i: {"weight": 60 + i % 40, "unit": "kg", "reps": 5}, expect=201,
        )  # fmt: skip
        for op in (*reads, *writes):  # warm: pool, prepared statements, caches
            await _timed(app, op, callers, len(callers))
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("measuring", total=repeats * (len(reads) + len(writes) + 1))
            for _ in range(repeats):
                for op in (*reads, *writes):
                    times = await _timed(app, op, callers, requests)
                    results.setdefault(op.name, []).append(
                        (percentile(times, 50), percentile(times, 99))
                    )
                    progress.advance(task)
                await _membership(target, emails, ids, on=False)
                times = await _timed(app, alone, callers, requests)
                results.setdefault(alone.name, []).append(
                    (percentile(times, 50), percentile(times, 99))
                )
                await _membership(target, emails, ids, on=True)
                progress.advance(task)
    return results, participants


def _table(results: Results, participants: int, requests: int, repeats: int) -> Table:
    table = Table(
        title=f"{participants:,} participants; {requests} requests per operation, "
        f"medians of {repeats}"
    )
    for column in ("operation", "p50 ms", "p99 ms", "p50 vs its floor", "p99 vs its floor"):
        table.add_column(column, justify="right")
    floors = {
        kind: (median([r[0] for r in results[name]]), median([r[1] for r in results[name]]))
        for kind, name in (("read", "GET /v1/me (read floor)"),
                           ("write", "PATCH /v1/me (write floor)"))
    }  # fmt: skip
    for name, runs in results.items():
        p50, p99 = median([r[0] for r in runs]), median([r[1] for r in runs])
        f50, f99 = floors["read" if "leaderboard" in name or name.startswith("GET") else "write"]
        table.add_row(name, f"{p50:.2f}", f"{p99:.2f}", f"{p50 / f50:.1f}x", f"{p99 / f99:.1f}x")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    console = Console(width=120)
    with _loaded_scratch(args.scale, console) as target:
        results, participants = asyncio.run(_measure(target, args.requests, args.repeats, console))
    console.print(_table(results, participants, args.requests, args.repeats))
    console.print(f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    main()

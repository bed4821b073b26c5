"""Server time of the social reads against ``GET /v1/me``: the feed (first and a later
page), one post, a person's page.

A scratch database gets ``--people`` people, each befriending the next ``--friends`` (so
everyone has twice that many), belonging to one of ``--gyms`` gyms, with ``--posts`` posts
spread over 90 days (visibility private, friends, public in turn; public ones belong to
their author's gym), and a block for every 50th person. The app is called through its ASGI
interface in this process (as in ``bench/training_log.py``); callers are a seeded random
sample, operations alternate within each repeat, and the table shows the medians over
repeats of each repeat's p50 and p99.

    python -m bench.social_feed [--people 2000] [--friends 25] [--posts 30] [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from rich.console import Console
from rich.table import Table

from bench.common import JWT_SECRET, median, percentile, scratch_database
from bench.training_log import ASGIApp, call
from ironbase.app import create_app
from ironbase.config import Environment, Settings
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.db.urls import asyncpg_dsn
from ironbase.reference import seed_reference_data

SAMPLE = 100

_PEOPLE = """
insert into auth.users (email)
select 'social-bench-' || g || '@example.com' from generate_series(1, $1) g
"""
_GYMS = """
insert into public.gyms (name, time_zone)
select 'Bench gym ' || g, 'Europe/Madrid' from generate_series(1, $1) g
"""
_NUMBERED = """
create temporary table numbered as
select id, email, row_number() over (order by email) - 1 as n from auth.users
where email like 'social-bench-%'
"""
_MEMBERS = """
insert into public.user_gyms (user_id, gym_id)
select p.id, g.id from numbered p
join (select id, row_number() over (order by name) - 1 as n from public.gyms) g
  on g.n = p.n % $1
"""
_FRIENDS = """
insert into public.social_friendships (user_id, id, friend_id, status, requested_by, accepted_at)
select x.user_id, x.pair, x.friend_id, 'accepted', x.requested_by, now()
from (
  select a.id as a, b.id as b, gen_random_uuid() as pair
  from numbered a cross join generate_series(1, $1) k
  join numbered b on b.n = (a.n + k) % $2
) f
cross join lateral (values (f.a, f.b, f.pair, f.a), (f.b, f.a, f.pair, f.a))
  as x(user_id, friend_id, pair, requested_by)
on conflict do nothing
"""
_POSTS = """
insert into public.social_posts (user_id, text, visibility, gym_id, created_at)
select p.id, 'Training day ' || k,
       (array['private', 'friends', 'public'])[1 + (p.n + k) % 3],
       case when (p.n + k) % 3 = 2 then m.gym_id end,
       now() - (random() * interval '90 days')
from numbered p join public.user_gyms m on m.user_id = p.id
cross join generate_series(1, $1) k
"""
_BLOCKS = """
insert into public.social_blocks (user_id, blocked_id)
select a.id, b.id from numbered a join numbered b on b.n = (a.n + 7) % $1
where a.n % 50 = 0
"""
_SAMPLE = "select id, email from numbered order by n"
_A_FRIENDS_POST = """
select s.id, s.user_id from public.social_posts s
join public.social_friendships f on f.friend_id = s.user_id and f.status = 'accepted'
where f.user_id = $1 and s.visibility = 'friends' limit 1
"""


async def _load(target: DatabaseTarget, args: argparse.Namespace, console: Console) -> list[Any]:
    conn = await asyncpg.connect(asyncpg_dsn(target.admin_url))
    try:
        started = time.perf_counter()
        await conn.execute(_PEOPLE, args.people)
        await conn.execute(_GYMS, args.gyms)
        await conn.execute(_NUMBERED)
        await conn.execute(_MEMBERS, args.gyms)
        await conn.execute(_FRIENDS, args.friends, args.people)
        await conn.execute(_POSTS, args.posts)
        await conn.execute(_BLOCKS, args.people)
        await conn.execute("analyze")
        counts = await conn.fetchrow(
            "select (select count(*) from public.social_posts) as posts, "
            "(select count(*) from public.social_friendships) as friendships"
        )
        console.print(
            f"{args.people:,} people, {counts['friendships']:,} friendship rows, "
            f"{counts['posts']:,} posts, loaded in {time.perf_counter() - started:.1f} s"
        )
        people = await conn.fetch(_SAMPLE)
        sample = random.Random(1).sample(list(people), min(SAMPLE, len(people)))
        chosen = []
        for person in sample:
            post = await conn.fetchrow(_A_FRIENDS_POST, person["id"])
            if post is not None:
                chosen.append((person, post))
        return chosen
    finally:
        await conn.close()


@dataclass
class Caller:
    token: str
    post_path: str
    page_path: str
    later_feed: str = "/v1/feed?limit=20"


async def _caller(app: Any, person: Any, post: Any) -> Caller:
    signer = app.state.signer
    token = signer.issue(person["id"], person["email"], [], uuid.uuid4()).token
    caller = Caller(token, f"/v1/posts/{post['id']}", f"/v1/users/{post['user_id']}/posts")
    path = "/v1/feed?limit=20"
    for _ in range(3):  # the fourth page: a cursor deep in the feed
        status, body = await call(app, "GET", path, token)
        assert status == 200, body
        cursor = orjson.loads(body)["next_cursor"]
        if cursor is None:
            break
        path = f"/v1/feed?limit=20&cursor={cursor}"
    caller.later_feed = path
    return caller


OPERATIONS: dict[str, Any] = {
    "GET /v1/me (floor)": lambda c: "/v1/me",
    "GET /v1/feed?limit=20": lambda c: "/v1/feed?limit=20",
    "GET /v1/feed (4th page)": lambda c: c.later_feed,
    "GET /v1/posts/{id}": lambda c: c.post_path,
    "GET /v1/users/{id}/posts": lambda c: c.page_path,
}


async def _timed(app: ASGIApp, path_of: Any, callers: list[Caller], requests: int) -> list[float]:
    times = []
    for i in range(requests):
        caller = callers[i % len(callers)]
        started = time.perf_counter()
        status, body = await call(app, "GET", path_of(caller), caller.token)
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200, body[:300]
    return times


def _settings(target: DatabaseTarget) -> Settings:
    return Settings(
        environment=Environment.production,
        database_url=target.admin_url.render_as_string(hide_password=False),
        data_dir=Path(tempfile.mkdtemp(prefix="ironbase-social-")),
        jwt_secret=JWT_SECRET,
        authenticator_password=target.authenticator_password,
        seed_on_start=False,
        log_level="WARNING",
    )


async def _measure(
    target: DatabaseTarget, chosen: list[Any], requests: int, repeats: int
) -> dict[str, list[tuple[float, float]]]:
    app = create_app(_settings(target))
    results: dict[str, list[tuple[float, float]]] = {}
    async with app.router.lifespan_context(app):
        callers = [await _caller(app, person, post) for person, post in chosen]
        for path_of in OPERATIONS.values():  # warm: pool, prepared statements
            await _timed(app, path_of, callers, len(callers))
        for _ in range(repeats):
            for name, path_of in OPERATIONS.items():
                times = await _timed(app, path_of, callers, requests)
                results.setdefault(name, []).append((percentile(times, 50), percentile(times, 99)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--friends", type=int, default=25)
    parser.add_argument("--gyms", type=int, default=20)
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    console = Console()
    with scratch_database() as target:
        with system_transaction(target) as conn:
            seed_reference_data(conn)
        chosen = asyncio.run(_load(target, args, console))
        results = asyncio.run(_measure(target, chosen, args.requests, args.repeats))
    table = Table(title=f"{args.requests} requests per operation, medians of {args.repeats}")
    for column in ("operation", "p50 ms", "p99 ms", "p50 vs floor"):
        table.add_column(column, justify="right")
    floor = median([r[0] for r in results["GET /v1/me (floor)"]])
    for name, runs in results.items():
        p50, p99 = median([r[0] for r in runs]), median([r[1] for r in runs])
        table.add_row(name, f"{p50:.2f}", f"{p99:.2f}", f"{p50 / floor:.1f}x")
    console.print(table)


if __name__ == "__main__":
    main()

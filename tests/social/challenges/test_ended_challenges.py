"""Challenge wins as challenges end: the worker's periodic job (and `ironbase achievements
award-ended-challenges`) evaluates the participants of every challenge that ended, so the
winner's award comes without a new workout; running challenges wait; once per challenge;
two workers share the work; ties follow the standings' rule."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from pathlib import Path

import asyncpg
import httpx
from procrastinate import exceptions as procrastinate_errors

from ironbase.db.setup import DatabaseTarget
from ironbase.privacy import jobs
from ironbase.social.challenges import wins
from tests.conftest import SignedUpUser, sign_up
from tests.privacy.test_cli import _cli
from tests.social.challenges.test_challenges_api import create
from tests.social.lifts import SQUAT, log_workout

NOW = dt.datetime.now(dt.UTC)
WIN = "first_challenge_win"
WINS = """
select user_id, earned_at from public.user_achievements
where achievement_slug = 'first_challenge_win' and user_id = any($1) order by user_id
"""
PENDING = (
    "select count(*) from public.challenges where wins_awarded_at is null and ends_at <= now()"
)


async def drain(target: DatabaseTarget) -> None:
    """Challenges other tests left ended, evaluated first (the database is shared)."""
    while (await wins.award_ended_challenges(target)).challenges:
        pass


async def contest(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    lifts: list[tuple[SignedUpUser, float | None, dt.timedelta]],
) -> uuid.UUID:
    """A volume challenge running now, created by the first person, joined by the others;
    each logs one finished squat set of ``kg`` x 5 ``ago`` (while it runs), unless ``kg`` is
    None (a person's workouts count in every challenge of theirs whose window holds them)."""
    made = await create(
        client,
        lifts[0][0],
        starts_at=(NOW - dt.timedelta(days=3)).isoformat(),
        ends_at=(NOW + dt.timedelta(days=1)).isoformat(),
    )
    for person, _, _ in lifts[1:]:
        joined = await client.post(f"/v1/challenges/{made['id']}/join", headers=person.headers)
        assert joined.status_code == 200, joined.text
    for person, kg, ago in lifts:
        if kg is not None:
            await log_workout(client, person, NOW - ago, [(exercises[SQUAT], kg, 5)])
    return uuid.UUID(made["id"])


async def end(owner: asyncpg.Connection, challenge_id: uuid.UUID) -> None:
    """The clock moves past the challenge's end (its end moved before now, after the sets)."""
    await owner.execute(
        "update public.challenges set ends_at = now() - interval '1 minute' where id = $1",
        challenge_id,
    )


async def winners(owner: asyncpg.Connection, people: list[SignedUpUser]) -> set[uuid.UUID]:
    return {r["user_id"] for r in await owner.fetch(WINS, [p.id for p in people])}


async def test_an_ended_challenge_awards_its_winner_without_a_new_workout(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
) -> None:
    await drain(database_target)
    a, b, idle = await sign_up(client), await sign_up(client), await sign_up(client)
    hour = dt.timedelta(hours=1)
    ended = await contest(client, owner, exercises, [(a, 100, 2 * hour), (b, 90, 3 * hour)])
    c, d = await sign_up(client), await sign_up(client)
    running = await contest(client, owner, exercises, [(c, 100, hour), (d, 80, hour)])
    joined = await client.post(f"/v1/challenges/{ended}/join", headers=idle.headers)
    assert joined.status_code == 200, joined.text
    everyone = [a, b, c, d, idle]
    assert await winners(owner, everyone) == set()  # nobody won while they ran

    await end(owner, ended)
    # Ended, but nobody finished a workout since: no award yet.
    assert await winners(owner, everyone) == set()
    done = await wins.award_ended_challenges(database_target)
    assert (done.challenges, done.people) == (1, 2)  # the scorers: not the idle joiner
    assert await winners(owner, everyone) == {a.id}
    stamped = await owner.fetchval(
        "select wins_awarded_at from public.challenges where id = $1", ended
    )
    assert stamped is not None
    assert (
        await owner.fetchval("select wins_awarded_at from public.challenges where id = $1", running)
        is None
    )
    # The award is the challenge's: earned at its end, shown to the winner.
    earned = await owner.fetchval(
        "select earned_at from public.user_achievements "
        "where user_id = $1 and achievement_slug = $2",
        a.id,
        WIN,
    )
    assert earned == await owner.fetchval(
        "select ends_at from public.challenges where id = $1", ended
    )
    mine = await client.get("/v1/achievements", headers=a.headers)
    assert {i["slug"]: i for i in mine.json()["items"]}[WIN]["earned_at"] is not None

    # Again: nothing left to do, one award stays one row.
    assert (await wins.award_ended_challenges(database_target)).challenges == 0
    assert len(await owner.fetch(WINS, [a.id])) == 1
    assert (
        await owner.fetchval("select wins_awarded_at from public.challenges where id = $1", ended)
        == stamped
    )

    # The running one is awarded when it ends, not before.
    await end(owner, running)
    assert (await wins.award_ended_challenges(database_target)).challenges == 1
    assert await winners(owner, everyone) == {a.id, c.id}


async def test_ties_follow_the_standings_rule_and_two_challenges_award_once_each(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
) -> None:
    await drain(database_target)
    hour = dt.timedelta(hours=1)
    # The same volume: the one who reached it first wins (reached_at), not the creator.
    late, early = await sign_up(client), await sign_up(client)
    tie = await contest(client, owner, exercises, [(late, 100, 2 * hour), (early, 100, 5 * hour)])
    # Two more challenges, both won by x (the same workout counts in both): one award.
    x, y, z = await sign_up(client), await sign_up(client), await sign_up(client)
    second = await contest(client, owner, exercises, [(x, 100, hour), (y, 50, hour)])
    third = await contest(client, owner, exercises, [(x, None, hour), (z, 60, hour)])
    for challenge_id in (tie, second, third):
        await end(owner, challenge_id)
    done = await wins.award_ended_challenges(database_target)
    assert (done.challenges, done.people) == (3, 5)
    assert await winners(owner, [late, early, x, y, z]) == {early.id, x.id}
    assert len(await owner.fetch(WINS, [x.id])) == 1
    # The progress toward the next (5 wins) counts both.
    mine = await client.get("/v1/achievements", headers=x.headers)
    assert {i["slug"]: i for i in mine.json()["items"]}["challenge_wins_5"]["current"] == 2

    # The same value at the same moment: the rule's last tie-break (the lower id) holds.
    p, q = await sign_up(client), await sign_up(client)
    same = await contest(client, owner, exercises, [(p, 80, 2 * hour), (q, 80, 2 * hour)])
    await end(owner, same)
    assert (await wins.award_ended_challenges(database_target)).challenges == 1
    assert await winners(owner, [p, q]) == {min(p.id, q.id)}


async def test_two_workers_share_the_work_and_a_run_is_bounded(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
) -> None:
    await drain(database_target)
    hour = dt.timedelta(hours=1)
    pairs = [(await sign_up(client), await sign_up(client)) for _ in range(4)]
    ids = [
        await contest(client, owner, exercises, [(first, 100, hour), (second, 50, hour)])
        for first, second in pairs
    ]
    for challenge_id in ids:
        await end(owner, challenge_id)
    assert await owner.fetchval(PENDING) == 4
    # Bounded: one challenge per batch, one batch per run.
    once = await wins.award_ended_challenges(database_target, batch=1, max_batches=1)
    assert once.challenges == 1
    assert await owner.fetchval(PENDING) == 3
    # Two at once: skip locked, every challenge evaluated by exactly one of them.
    results = await asyncio.gather(
        wins.award_ended_challenges(database_target, batch=1),
        wins.award_ended_challenges(database_target, batch=1),
    )
    assert sum(r.challenges for r in results) == 3
    assert await owner.fetchval(PENDING) == 0
    assert await winners(owner, [p for pair in pairs for p in pair]) == {f.id for f, _ in pairs}


async def test_the_worker_runs_the_job_on_a_schedule_and_the_command_runs_it_once(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
    tmp_path: Path,
) -> None:
    app = jobs.make_app(database_target)
    periodic = {t.task.name: t for t in app.periodic_registry.periodic_tasks.values()}
    task = periodic[jobs.AWARD_ENDED_CHALLENGES_TASK]
    assert task.cron == jobs.AWARD_ENDED_CHALLENGES_CRON == "*/5 * * * *"
    assert task.task.queue == jobs.PERIODIC_QUEUE

    await drain(database_target)
    hour = dt.timedelta(hours=1)
    a, b = await sign_up(client), await sign_up(client)
    first = await contest(client, owner, exercises, [(a, 100, hour), (b, 50, hour)])
    await end(owner, first)
    async with app.open_async():
        # (AlreadyEnqueued: the schedule queued one already, the same job)
        with contextlib.suppress(procrastinate_errors.AlreadyEnqueued):
            await app.configure_task(jobs.AWARD_ENDED_CHALLENGES_TASK).defer_async(timestamp=0)
    await jobs.run_pending(database_target, queues=(jobs.PERIODIC_QUEUE,))
    assert await winners(owner, [a, b]) == {a.id}

    c, d = await sign_up(client), await sign_up(client)
    second = await contest(client, owner, exercises, [(c, 40, hour), (d, 50, hour)])
    await end(owner, second)
    done = _cli(database_target, tmp_path, "achievements", "award-ended-challenges")
    assert done.returncode == 0, done.stderr
    assert "1 ended challenges evaluated (2 people)" in done.stdout
    assert await winners(owner, [c, d]) == {d.id}
    again = _cli(database_target, tmp_path, "achievements", "award-ended-challenges")
    assert again.returncode == 0, again.stderr
    assert "0 ended challenges evaluated" in again.stdout

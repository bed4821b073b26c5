"""Standings: kept up to date by the training log's triggers, equal to a full recompute
after every kind of change; the leaderboard's order, ties and pages; local days; e1RM."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.social.challenges import repository as repo
from ironbase.training.science.e1rm import estimate
from tests.conftest import SignedUpUser, sign_up
from tests.social.challenges.test_challenges_api import create
from tests.social.lifts import BENCH, DEADLIFT, SQUAT, log_workout, set_ids
from tests.support import as_user, walk_pages

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
METRICS = ("volume", "sessions", "sets", "streak_days", "e1rm")

# Every standing next to what challenge_standing computes from scratch.
DRIFT = """
select p.user_id, p.challenge_id, p.value, p.reached_at, s.value as full_value,
       s.reached_at as full_reached_at
from public.challenge_participants p
cross join lateral public.challenge_standing(p.challenge_id, p.user_id, p.time_zone,
                                             p.joined_at) s
where p.challenge_id = any($1::uuid[]) and p.status = 'joined'
  and (p.value, p.reached_at) is distinct from (s.value, s.reached_at)
"""


async def assert_no_drift(owner: asyncpg.Connection, challenge_ids: list[str]) -> None:
    drift = await owner.fetch(DRIFT, challenge_ids)
    assert [dict(r) for r in drift] == []


async def standing(owner: asyncpg.Connection, challenge_id: str, user: SignedUpUser) -> Any:
    return await owner.fetchval(
        "select value from public.challenge_participants where challenge_id = $1 and user_id = $2",
        uuid.UUID(challenge_id),
        user.id,
    )


async def test_log_edit_delete_match_a_full_recompute(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    await client.patch("/v1/me", headers=bob.headers, json={"time_zone": "Pacific/Auckland"})
    start = NOW - dt.timedelta(days=10)
    made = {}
    for metric in METRICS:
        extra = {"exercise_id": exercises[BENCH]} if metric in ("sets", "e1rm") else {}
        made[metric] = (
            await create(
                client, alice, metric=metric, starts_at=start.isoformat(),
                ends_at=(NOW + dt.timedelta(days=5)).isoformat(), **extra,
            )
        )["id"]  # fmt: skip
    ids = list(made.values())
    # Bob has history before he joins: joining counts what is in the window already.
    early = await log_workout(
        client, bob, start + dt.timedelta(days=1), [(exercises[BENCH], 80, 5)]
    )
    for challenge_id in ids:
        joined = await client.post(f"/v1/challenges/{challenge_id}/join", headers=bob.headers)
        assert joined.status_code == 200
    assert await standing(owner, made["volume"], bob) == 400_000  # gram-reps
    await assert_no_drift(owner, ids)

    # Sets logged one at a time, on consecutive days, and one before the window.
    workouts = []
    for day, (kg, reps) in enumerate([(100, 5), (102.5, 3), (60, 10)], start=2):
        workouts.append(
            await log_workout(
                client, alice, start + dt.timedelta(days=day, hours=20),
                [(exercises[BENCH], kg, reps), (exercises[SQUAT], 120, 5)],
            )
        )  # fmt: skip
        await assert_no_drift(owner, ids)
    await log_workout(client, alice, start - dt.timedelta(days=2), [(exercises[BENCH], 200, 1)])
    await log_workout(client, bob, start + dt.timedelta(days=3), [(exercises[BENCH], 90, 5)])
    await assert_no_drift(owner, ids)
    assert await standing(owner, made["sessions"], alice) == 3
    assert await standing(owner, made["sets"], alice) == 3
    # 500 + 307.5 + 600 kg of bench, 3 x 600 kg of squat; the set before the window not.
    assert await standing(owner, made["volume"], alice) == 3_207_500

    # A set added to an existing exercise entry (the set-logging path).
    workout = workouts[0]
    entry = workout["exercises"][0]
    added = await client.post(
        f"/v1/workouts/{workout['id']}/exercises/{entry['id']}/sets",
        headers=alice.headers,
        json={"weight": 110, "unit": "kg", "reps": 2},
    )
    assert added.status_code == 201, added.text
    await assert_no_drift(owner, ids)
    # One done before the other sets of the latest session: its first moment moves, and
    # with it when the sessions' and the streak's values were reached.
    last = workouts[2]
    earlier = await client.post(
        f"/v1/workouts/{last['id']}/exercises/{last['exercises'][0]['id']}/sets",
        headers=alice.headers,
        json={"weight": 40, "unit": "kg", "reps": 10,
              "completed_at": (start + dt.timedelta(days=4, hours=19)).isoformat()},
    )  # fmt: skip
    assert earlier.status_code == 201, earlier.text
    await assert_no_drift(owner, ids)
    # Edits: heavier, then lighter than the best; then a warm-up (no longer counts).
    best_set = added.json()["id"]
    for change in ({"weight": 120}, {"weight": 50}, {"set_type": "warmup"}, {"reps": 0}):
        patched = await client.patch(f"/v1/sets/{best_set}", headers=alice.headers, json=change)
        assert patched.status_code == 200, patched.text
        await assert_no_drift(owner, ids)
    # Deletes: a set, then a whole workout, then the earliest of Bob's.
    deleted = await client.delete(f"/v1/sets/{set_ids(workouts[1])[0]}", headers=alice.headers)
    assert deleted.status_code == 204
    await assert_no_drift(owner, ids)
    assert (await client.delete(f"/v1/workouts/{workouts[2]['id']}",
                                headers=alice.headers)).status_code == 204  # fmt: skip
    await assert_no_drift(owner, ids)
    assert (await client.delete(f"/v1/workouts/{early['id']}",
                                headers=bob.headers)).status_code == 204  # fmt: skip
    await assert_no_drift(owner, ids)
    # A workout moved out of the window; a time zone changed (the days move).
    moved = await client.patch(
        f"/v1/workouts/{workouts[0]['id']}",
        headers=alice.headers,
        json={"started_at": (start - dt.timedelta(days=1)).isoformat()},
    )
    assert moved.status_code == 200, moved.text
    await client.patch("/v1/me", headers=alice.headers, json={"time_zone": "America/New_York"})
    await assert_no_drift(owner, ids)
    # Every counted value is in the leaderboard, and nothing counted is lost: a full
    # recompute of everyone changes nothing.
    await owner.execute(
        "select public.challenge_recompute(array[$1::uuid, $2::uuid])", alice.id, bob.id
    )
    await assert_no_drift(owner, ids)
    # The comparison sees a wrong standing (it is no test that cannot fail).
    await owner.execute(
        "update public.challenge_participants set value = value + 1 "
        "where challenge_id = $1 and user_id = $2",
        uuid.UUID(made["volume"]),
        alice.id,
    )
    assert len(await owner.fetch(DRIFT, ids)) == 1


async def test_ties_go_to_who_got_there_first_and_pages_continue_ranks(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    authenticator_dsn: str,
    exercises: dict[str, str],
    query_counter: Any,
) -> None:
    creator = await sign_up(client)
    start = NOW - dt.timedelta(days=5)
    made = await create(
        client, creator, metric="e1rm", exercise_id=exercises[DEADLIFT],
        starts_at=start.isoformat(), ends_at=(NOW + dt.timedelta(days=1)).isoformat(),
    )  # fmt: skip
    people = [await sign_up(client) for _ in range(9)]
    loads = [100, 140, 120, 140, 100, 160, 120, 100, 140]
    for hours, (person, kg) in enumerate(zip(people, loads, strict=True)):
        await client.patch("/v1/me", headers=person.headers, json={"display_name": f"P{hours}"})
        await client.post(f"/v1/challenges/{made['id']}/join", headers=person.headers)
        # Later people lift later: among equal e1RMs, the earlier wins.
        await log_workout(
            client, person, start + dt.timedelta(hours=hours), [(exercises[DEADLIFT], kg, 1)]
        )
    path = f"/v1/challenges/{made['id']}/leaderboard"
    items = await walk_pages(client, path, creator.headers, limit=4)
    expected = sorted(range(9), key=lambda n: (-loads[n], n))
    assert [i["user_id"] for i in items[:9]] == [str(people[n].id) for n in expected]
    assert [i["display_name"] for i in items[:9]] == [f"P{n}" for n in expected]
    assert [i["rank"] for i in items] == list(range(1, 11))
    assert items[-1]["user_id"] == str(creator.id)  # no lift: value 0, last
    assert items[0]["value"] == pytest.approx(160 * 31 / 30, abs=1e-3)

    # A fixed number of statements per page, whatever the page.
    counts = []
    cursor = None
    for _ in range(3):
        query_counter.count = 0
        params: dict[str, Any] = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(path, headers=creator.headers, params=params)).json()
        counts.append(query_counter.count)
        cursor = page["next_cursor"]
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 5, counts

    # The page is an index range in the board's order, under RLS: no sort. (Ten rows would
    # be read sequentially; with that path off the plan shows whether the index serves.)
    async with as_user(authenticator_dsn, creator.id) as conn:
        await conn.execute("set local enable_seqscan = off")
        for query, params in (
            (repo._LEADERBOARD_FIRST, {"challenge_id": uuid.UUID(made["id"]), "limit": 5}),
            (
                repo._LEADERBOARD_AFTER,
                {
                    "challenge_id": uuid.UUID(made["id"]), "limit": 5, "value": 100_000,
                    "reached_at": NOW, "after_user": uuid.uuid4(),
                },
            ),
        ):  # fmt: skip
            plan = "\n".join(
                r[0] for r in await conn.fetch(f"explain {query.sql}", *query.args(params))
            )
            assert "ix_challenge_participants_leaderboard" in plan, plan
            assert "Sort" not in plan, plan

    # A renamed participant is renamed on the board.
    await client.patch("/v1/me", headers=people[5].headers, json={"display_name": "Leader"})
    top = (await client.get(path, headers=creator.headers, params={"limit": 1})).json()
    assert top["items"][0]["display_name"] == "Leader"


async def test_streak_days_are_local_days(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    """Sessions at 23:30 UTC and 00:30 UTC the day after: two days in London (winter), one
    day in Tokyo (08:30 and 09:30 the same local day)."""
    london, tokyo = await sign_up(client), await sign_up(client)
    await client.patch("/v1/me", headers=london.headers, json={"time_zone": "Europe/London"})
    await client.patch("/v1/me", headers=tokyo.headers, json={"time_zone": "Asia/Tokyo"})
    made = await create(
        client, london, metric="streak_days",
        starts_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat(),
        ends_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC).isoformat(),
    )  # fmt: skip
    # Over already: join before the sessions land, through the database.
    await owner.execute(
        "insert into public.challenge_participants (user_id, challenge_id) values ($1, $2)",
        tokyo.id,
        uuid.UUID(made["id"]),
    )
    for person in (london, tokyo):
        for moment in (dt.datetime(2026, 1, 10, 23, 30, tzinfo=dt.UTC),
                       dt.datetime(2026, 1, 11, 0, 30, tzinfo=dt.UTC)):  # fmt: skip
            await log_workout(client, person, moment, [(exercises[SQUAT], 100, 5)])
    assert await standing(owner, made["id"], london) == 2
    assert await standing(owner, made["id"], tokyo) == 1
    await assert_no_drift(owner, [made["id"]])


async def test_sql_e1rm_is_the_science_estimate(owner: asyncpg.Connection) -> None:
    weights = (1, 999, 20_000, 102_500, 187_345)
    reps = (0, 1, 3, 5, 10, 11, 12, 13)
    efforts: list[tuple[Decimal | None, int | None]] = [(None, None)]
    efforts += [(Decimal(r) / 2, None) for r in range(2, 21)]
    efforts += [(None, rir) for rir in range(11)]
    cases = list(itertools.product(weights, reps, efforts))
    rows = await owner.fetch(
        "select public.e1rm_g(w, r, p, i) as e from unnest($1::int[], $2::int[], "
        "$3::numeric[], $4::int[]) as u (w, r, p, i)",
        [w for w, _, _ in cases],
        [r for _, r, _ in cases],
        [e[0] for _, _, e in cases],
        [e[1] for _, _, e in cases],
    )
    for (w, r, (rpe, rir)), row in zip(cases, rows, strict=True):
        expected = estimate(w, r, rpe=rpe, rir=rir)
        assert row["e"] == (None if expected is None else expected.grams), (w, r, rpe, rir)

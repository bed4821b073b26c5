"""Achievements: the list with progress, the engine reacting to logged sets, finished
workouts and imports, idempotent awards, a rebuild equal to what was awarded, challenge
wins, and the cost added to the set-logging path."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from ironbase.db.setup import DatabaseTarget
from ironbase.social.achievements.engine import rebuild_all
from tests.cli.test_import_command import _import
from tests.conftest import SignedUpUser, sign_up
from tests.social.conftest import PROBLEM, befriend
from tests.social.lifts import BENCH, DEADLIFT, SQUAT, log_workout, set_ids
from tests.training.transfer.conftest import FIXTURES

START = dt.datetime(2026, 10, 5, 17, 0, tzinfo=dt.UTC)  # a Monday
AWARDS = """
select achievement_slug, earned_at, workout_id, set_id from public.user_achievements
where user_id = $1 order by achievement_slug
"""


async def mine(client: httpx.AsyncClient, user: SignedUpUser, **params: Any) -> dict[str, Any]:
    response = await client.get("/v1/achievements", headers=user.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def by_slug(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["slug"]: item for item in body["items"]}


async def test_a_new_person_sees_every_definition_in_their_language(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    user = await sign_up(client)
    english = await mine(client, user)
    assert len(english["items"]) >= 50
    assert english["earned"] == 0
    items = by_slug(english)
    assert items["first_workout"]["name"] == "First workout"
    assert items["first_workout"]["next"] is True
    assert items["workouts_5"]["next"] is False  # the first unearned of its kind is next
    assert items["first_workout"]["progress"] == 0
    spanish = by_slug(await mine(client, user, lang="es"))
    assert spanish["first_workout"]["name"] == "Primer entrenamiento"
    german = await client.get(
        "/v1/achievements", headers={**user.headers, "Accept-Language": "de-AT"}
    )
    assert by_slug(german.json())["first_workout"]["name"] == "Erstes Training"
    # Body-weight-relative ones: nothing lifted, no weighing, no progress.
    ratio = items["deadlift_2x_bodyweight"]
    assert (ratio["evaluated"], ratio["current"], ratio["progress"]) == (True, 0, 0)


async def test_body_weight_lifts_use_the_weighing_of_the_set_s_day(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    user = await sign_up(client)
    # Before any weighing: a heavy pull earns nothing relative to body weight.
    early = await log_workout(client, user, START - dt.timedelta(days=3),
                              [(exercises[DEADLIFT], 170, 1)])  # fmt: skip
    weighed = await client.put(
        "/v1/me/fitness-profile",
        headers=user.headers,
        json={
            "goal": "strength", "days_per_week": 3, "session_minutes": 60,
            "body_weight": {"value": 80, "unit": "kg", "date": START.date().isoformat()},
        },
    )  # fmt: skip
    assert weighed.status_code == 200, weighed.text
    await log_workout(client, user, START + dt.timedelta(days=1),
                      [(exercises[SQUAT], 120, 1), (exercises[DEADLIFT], 150, 1)])  # fmt: skip
    later = await log_workout(client, user, START + dt.timedelta(days=2),
                              [(exercises[DEADLIFT], 160, 1)])  # fmt: skip
    awards = {r["achievement_slug"]: r for r in await owner.fetch(AWARDS, user.id)}
    # 120 / 80 = 1.5x; 150 / 80 falls short of 2x; 160 / 80 reaches it on the later day.
    assert "squat_1_5x_bodyweight" in awards
    assert "squat_2x_bodyweight" not in awards
    assert str(awards["deadlift_2x_bodyweight"]["set_id"]) == set_ids(later)[0]
    assert str(awards["deadlift_2x_bodyweight"]["workout_id"]) != early["id"]
    body = by_slug(await mine(client, user))
    assert body["deadlift_2_5x_bodyweight"]["current"] == 2  # 160 / 80; 170 had no weighing
    assert body["deadlift_2_5x_bodyweight"]["next"] is True


async def test_logging_awards_with_the_set_or_workout_that_earned_it(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    user = await sign_up(client)
    # An open workout: sets arrive one by one; plate milestones come at once.
    created = await client.post(
        "/v1/workouts",
        headers=user.headers,
        json={"started_at": START.isoformat(), "exercises": [{"exercise_id": exercises[BENCH]}]},
    )
    assert created.status_code == 201, created.text
    workout = created.json()
    entry = workout["exercises"][0]
    path = f"/v1/workouts/{workout['id']}/exercises/{entry['id']}/sets"
    light = await client.post(path, headers=user.headers, json={"weight": 60, "reps": 8})
    heavy = await client.post(path, headers=user.headers, json={"weight": 100, "reps": 1})
    assert heavy.status_code == 201, heavy.text
    awards = {r["achievement_slug"]: r for r in await owner.fetch(AWARDS, user.id)}
    assert set(awards) == {"bench_60kg", "bench_100kg"}
    assert str(awards["bench_60kg"]["set_id"]) == light.json()["id"]
    assert str(awards["bench_100kg"]["set_id"]) == heavy.json()["id"]
    assert str(awards["bench_100kg"]["workout_id"]) == workout["id"]
    # Finishing the workout evaluates the history: the first workout, the first record.
    finished = await client.patch(
        f"/v1/workouts/{workout['id']}",
        headers=user.headers,
        json={"ended_at": (START + dt.timedelta(hours=1)).isoformat()},
    )
    assert finished.status_code == 200, finished.text
    awards = {r["achievement_slug"]: r for r in await owner.fetch(AWARDS, user.id)}
    assert {"first_workout", "first_record", "bench_60kg", "bench_100kg"} <= set(awards)
    assert str(awards["first_workout"]["workout_id"]) == workout["id"]
    assert awards["first_workout"]["earned_at"] == START
    assert str(awards["first_record"]["set_id"]) == heavy.json()["id"]

    body = by_slug(await mine(client, user))
    assert body["first_workout"]["earned_at"] is not None
    assert body["bench_100kg"]["set_id"] == heavy.json()["id"]
    assert body["bench_140kg"]["next"] is True
    assert body["bench_140kg"]["current"] == 100
    assert abs(body["bench_140kg"]["progress"] - 100 / 140) < 1e-9
    assert body["workouts_5"]["current"] == 1


async def test_awarding_twice_stores_one_row_and_a_rebuild_finds_the_same(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
) -> None:
    user = await sign_up(client)
    for week in range(5):  # five weeks, three sessions each: streaks, consistency, tonnage
        for day in (0, 2, 4):
            await log_workout(
                client, user, START + dt.timedelta(days=7 * week + day),
                [(exercises[SQUAT], 100 + 5 * week, 5), (exercises[DEADLIFT], 140, 5)],
            )  # fmt: skip
    awarded = [dict(r) for r in await owner.fetch(AWARDS, user.id)]
    slugs = {a["achievement_slug"] for a in awarded}
    assert {
        "first_workout", "workouts_5", "workouts_10", "week_streak_2", "week_streak_4",
        "consistent_weeks_4", "tonnage_total_1t", "tonnage_total_10t", "squat_100kg",
        "deadlift_140kg", "first_record", "month_sessions_8",
    } <= slugs  # fmt: skip
    # Four squat records (one a week after the first); never three days in a row.
    assert not {"records_10", "workouts_25", "day_streak_3"} & slugs
    # Idempotent: evaluating again stores nothing new.
    await owner.execute("select public.award_achievements(array[$1::uuid])", user.id)
    await owner.execute("select public.award_achievements(array[$1::uuid])", user.id)
    assert [dict(r) for r in await owner.fetch(AWARDS, user.id)] == awarded
    # Re-evaluated from history: the same awards, dates and anchors.
    people, _ = await rebuild_all(database_target, lambda _: None, lambda _: None)
    assert people >= 1
    assert [dict(r) for r in await owner.fetch(AWARDS, user.id)] == awarded
    # Progress agrees with the awards: earned exactly where current reaches the threshold.
    for item in (await mine(client, user))["items"]:
        if item["evaluated"] and item["kind"] not in ("challenge_wins",):
            reached = item["current"] >= item["threshold"] - 1e-9
            assert reached == (item["earned_at"] is not None), item


async def test_an_import_awards_achievements(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    database_target: DatabaseTarget,
    seeded_catalog: None,
    tmp_path: Path,
) -> None:
    user = await sign_up(client)
    done = _import(
        database_target, tmp_path, str(FIXTURES / "strong_comma_lb.csv"), "--user", user.email,
        "--unit", "lb",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    slugs = {r["achievement_slug"] for r in await owner.fetch(AWARDS, user.id)}
    assert "first_workout" in slugs


async def test_a_won_challenge_is_an_achievement(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    winner, runner_up = await sign_up(client), await sign_up(client)
    made = await client.post(
        "/v1/challenges",
        headers=winner.headers,
        json={
            "title": "October volume", "metric": "volume", "visibility": "public",
            "starts_at": START.isoformat(),
            "ends_at": (START + dt.timedelta(days=7)).isoformat(),
        },
    )  # fmt: skip
    assert made.status_code == 201, made.text
    await owner.execute(
        "insert into public.challenge_participants (user_id, challenge_id) values ($1, $2)",
        runner_up.id,
        uuid.UUID(made.json()["id"]),
    )
    await log_workout(client, winner, START + dt.timedelta(days=1), [(exercises[SQUAT], 100, 5)])
    await log_workout(client, runner_up, START + dt.timedelta(days=1), [(exercises[SQUAT], 90, 5)])
    for person in (winner, runner_up):
        await owner.execute("select public.award_achievements(array[$1::uuid])", person.id)
    winner_slugs = {r["achievement_slug"] for r in await owner.fetch(AWARDS, winner.id)}
    runner_slugs = {r["achievement_slug"] for r in await owner.fetch(AWARDS, runner_up.id)}
    assert "first_challenge_win" in winner_slugs
    assert "first_challenge_win" not in runner_slugs
    assert by_slug(await mine(client, winner))["first_challenge_win"]["current"] == 1


async def test_each_sees_only_their_own_awards(
    client: httpx.AsyncClient, exercises: dict[str, str]
) -> None:
    lifter, other = await sign_up(client), await sign_up(client)
    await log_workout(client, lifter, START, [(exercises[BENCH], 100, 1)])
    assert (await mine(client, lifter))["earned"] >= 2
    assert (await mine(client, other))["earned"] == 0


async def test_logging_a_set_costs_the_same_statements_whatever_the_history(
    client: httpx.AsyncClient, exercises: dict[str, str], query_counter: Any
) -> None:
    """The engine rides on triggers: logging a set sends no extra statement, and the set's
    trigger reads only the new rows (the history is evaluated when a workout finishes)."""
    counts = []
    for history in (0, 12):
        user = await sign_up(client)
        for n in range(history):
            await log_workout(
                client, user, START - dt.timedelta(days=n + 1), [(exercises[BENCH], 100, 5)]
            )
        created = await client.post(
            "/v1/workouts",
            headers=user.headers,
            json={
                "started_at": START.isoformat(),
                "exercises": [{"exercise_id": exercises[BENCH]}],
            },
        )
        workout = created.json()
        path = f"/v1/workouts/{workout['id']}/exercises/{workout['exercises'][0]['id']}/sets"
        query_counter.count = 0
        logged = await client.post(path, headers=user.headers, json={"weight": 100, "reps": 5})
        assert logged.status_code == 201
        counts.append(query_counter.count)
    assert counts[0] == counts[1], counts


def test_set_ids_helper_reads_every_set() -> None:
    workout = {"exercises": [{"sets": [{"id": "a"}, {"id": "b"}]}, {"sets": [{"id": "c"}]}]}
    assert set_ids(workout) == ["a", "b", "c"]


async def test_an_earned_achievement_is_posted_and_friends_see_it_in_their_feed(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    user, friend = await sign_up(client), await sign_up(client)
    await befriend(client, user, friend)
    workout = await log_workout(client, user, START, [(exercises[BENCH], 60, 5)])
    unearned = await client.post(
        "/v1/posts", headers=user.headers, json={"text": "Soon", "achievement": "workouts_100"}
    )
    assert unearned.status_code == 422
    assert unearned.headers["content-type"] == PROBLEM
    malformed = await client.post(
        "/v1/posts", headers=user.headers, json={"text": "Hm", "achievement": "DROP TABLE"}
    )
    assert malformed.status_code == 422
    assert (
        await owner.fetchval("select count(*) from social_posts where user_id = $1", user.id) == 0
    )

    posted = await client.post(
        "/v1/posts",
        headers=user.headers,
        json={"text": "Day one", "visibility": "friends", "achievement": "first_workout"},
    )
    assert posted.status_code == 201, posted.text
    shown = posted.json()["achievement"]
    assert (shown["slug"], shown["workout_id"]) == ("first_workout", workout["id"])
    assert shown["names"]["en"] == "First workout"
    assert shown["names"]["es"] == "Primer entrenamiento"
    assert shown["earned_at"].startswith(START.date().isoformat())
    feed = (await client.get("/v1/feed", headers=friend.headers)).json()["items"]
    assert [(p["id"], p["achievement"]["slug"]) for p in feed] == [
        (posted.json()["id"], "first_workout")
    ]
    detached = await client.patch(
        f"/v1/posts/{posted.json()['id']}", headers=user.headers, json={"achievement": None}
    )
    assert detached.status_code == 200, detached.text
    assert detached.json()["achievement"] is None

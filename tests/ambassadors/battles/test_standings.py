"""Battle standings from the training log: sets inside the window count, outside do not;
the leaderboard's order and its tie rule; team totals; the settling job (and `ironbase
battles settle`) recording the winner once; erasure of a participant and of the ambassador."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from ironbase.ambassadors.battles.service import rank_teams
from ironbase.ambassadors.battles.settling import settle_ended_battles
from ironbase.db.setup import DatabaseTarget
from ironbase.privacy import jobs
from ironbase.privacy.scan import scan_database
from tests.ambassadors.battles.conftest import (
    DAY,
    HOUR,
    ambassador,
    assert_problem,
    create_battle,
    end,
    enlist,
    invite,
    now,
)
from tests.conftest import PASSWORD, SignedUpUser, sign_up
from tests.privacy.test_cli import _cli
from tests.social.conftest import named
from tests.social.lifts import BENCH, SQUAT, log_workout, set_ids


async def board(client: httpx.AsyncClient, who: SignedUpUser, battle_id: str) -> list[Any]:
    response = await client.get(f"/v1/battles/{battle_id}/leaderboard", headers=who.headers)
    assert response.status_code == 200, response.text
    return [(s["rank"], s["user_id"], s["value"]) for s in response.json()["items"]]


async def battle_row(owner: asyncpg.Connection, battle_id: str) -> dict[str, Any]:
    row = await owner.fetchrow(
        "select winner_user_id, winner_team, winning_value, settled_at from public.battles "
        "where id = $1",
        uuid.UUID(battle_id),
    )
    assert row is not None
    return dict(row)


async def drain(target: DatabaseTarget) -> None:
    """Battles other tests left ended, settled first (the database is shared)."""
    while await settle_ended_battles(target):
        pass


async def test_sets_inside_the_window_count(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    amb, ana = await ambassador(client, owner), await named(client, "Ana")
    volume = await create_battle(client, amb)  # started two days ago
    squat_sets = await create_battle(client, amb, metric="sets", exercise_id=exercises[SQUAT])
    e1rm = await create_battle(client, amb, metric="e1rm", exercise_id=exercises[BENCH])
    sessions = await create_battle(client, amb, metric="sessions")
    before = await log_workout(client, ana, now() - 3 * DAY, [(exercises[SQUAT], 200, 5)])
    for battle in (volume, squat_sets, e1rm, sessions):
        await enlist(client, amb, battle["id"], [ana])
    # Accepting computes the standing from the window: the set three days ago is outside.
    assert await board(client, ana, volume["id"]) == [(1, str(ana.id), 0)]

    inside = await log_workout(
        client, ana, now() - 5 * HOUR, [(exercises[SQUAT], 100, 5), (exercises[BENCH], 100, 5)]
    )
    await log_workout(client, ana, now() - 2 * HOUR, [(exercises[SQUAT], 50, 2)])
    assert await board(client, ana, volume["id"]) == [(1, str(ana.id), 1100.0)]
    assert await board(client, ana, squat_sets["id"]) == [(1, str(ana.id), 2)]
    assert await board(client, ana, sessions["id"]) == [(1, str(ana.id), 2)]
    # Epley: 100 kg x 5 -> 116.667 kg.
    [(_, _, best)] = await board(client, ana, e1rm["id"])
    assert abs(best - 116.667) < 0.001
    standing = await client.get(f"/v1/battles/{volume['id']}/leaderboard", headers=amb.headers)
    assert standing.json()["items"][0]["display_name"] == "Ana"

    # A set deleted (the log's update path) moves the standing back.
    workout = await client.get(f"/v1/workouts/{inside['id']}", headers=ana.headers)
    assert workout.status_code == 200
    response = await client.delete(f"/v1/workouts/{inside['id']}", headers=ana.headers)
    assert response.status_code == 204, response.text
    assert await board(client, ana, volume["id"]) == [(1, str(ana.id), 100.0)]
    assert await board(client, ana, e1rm["id"]) == [(1, str(ana.id), 0)]
    assert set_ids(before)  # the old workout is still there, still outside


async def test_leaderboard_order_and_ties(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    amb = await ambassador(client, owner)
    first, second, tied_late, idle = [await sign_up(client) for _ in range(4)]
    made = await create_battle(client, amb)
    await enlist(client, amb, made["id"], [first, second, tied_late, idle])
    await log_workout(client, second, now() - 10 * HOUR, [(exercises[SQUAT], 100, 5)])
    await log_workout(client, tied_late, now() - 3 * HOUR, [(exercises[SQUAT], 100, 5)])
    await log_workout(client, first, now() - 4 * HOUR, [(exercises[SQUAT], 120, 5)])
    standings = await board(client, idle, made["id"])
    # Higher volume first; equal volume: who reached it first; nobody else's order.
    assert standings == [
        (1, str(first.id), 600.0),
        (2, str(second.id), 500.0),
        (3, str(tied_late.id), 500.0),
        (4, str(idle.id), 0),
    ]


async def test_team_totals(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    amb = await ambassador(client, owner)
    red = [await sign_up(client) for _ in range(2)]
    blue = [await sign_up(client) for _ in range(2)]
    made = await create_battle(client, amb, mode="team", teams=["Red", "Blue", "Green"])
    await enlist(client, amb, made["id"], red, team="Red")
    await enlist(client, amb, made["id"], blue, team="Blue")
    await log_workout(client, red[0], now() - 5 * HOUR, [(exercises[SQUAT], 100, 5)])
    await log_workout(client, red[1], now() - 4 * HOUR, [(exercises[SQUAT], 60, 5)])
    await log_workout(client, blue[0], now() - 3 * HOUR, [(exercises[SQUAT], 140, 5)])
    response = await client.get(f"/v1/battles/{made['id']}/teams", headers=blue[1].headers)
    assert response.status_code == 200, response.text
    assert response.json()["items"] == [
        {"rank": 1, "team": "Red", "members": 2, "value": 800.0},
        {"rank": 2, "team": "Blue", "members": 2, "value": 700.0},
        {"rank": 3, "team": "Green", "members": 0, "value": 0.0},
    ]
    standings = (
        await client.get(f"/v1/battles/{made['id']}/leaderboard", headers=amb.headers)
    ).json()["items"]
    assert [(s["user_id"], s["team"]) for s in standings[:2]] == [
        (str(blue[0].id), "Blue"),
        (str(red[0].id), "Red"),
    ]
    individual = await create_battle(client, amb)
    assert_problem(
        await client.get(f"/v1/battles/{individual['id']}/teams", headers=amb.headers), 409
    )


def test_team_ties_go_to_the_total_that_stood_first_then_to_the_first_named() -> None:
    early, late = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    totals = {
        "A": {"members": 1, "total": 500, "reached_at": late},
        "B": {"members": 2, "total": 500, "reached_at": early},
        "C": {"members": 1, "total": 700, "reached_at": late},
    }
    assert [t["team"] for t in rank_teams(["A", "B", "C", "D", "E"], totals)] == [
        "C",
        "B",
        "A",
        "D",
        "E",
    ]


async def test_settling_records_the_winner_once(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
) -> None:
    await drain(database_target)
    amb = await ambassador(client, owner)
    a, b, late = await sign_up(client), await sign_up(client), await sign_up(client)
    solo = await create_battle(client, amb)
    await enlist(client, amb, solo["id"], [a, b])
    await invite(client, amb, solo["id"], [late])
    # A tie on volume: b reached it first and wins.
    await log_workout(client, a, now() - 2 * HOUR, [(exercises[SQUAT], 100, 5)])
    await log_workout(client, b, now() - 6 * HOUR, [(exercises[SQUAT], 100, 5)])
    teams = await create_battle(client, amb, mode="team", teams=["Red", "Blue"])
    await enlist(client, amb, teams["id"], [a], team="Red")
    await enlist(client, amb, teams["id"], [b], team="Blue")
    nobody = await create_battle(client, amb)
    await enlist(client, amb, nobody["id"], [late])
    running = await create_battle(client, amb)
    await enlist(client, amb, running["id"], [a])

    assert await settle_ended_battles(database_target) == 0  # nothing ended yet
    for battle in (solo, teams, nobody):
        await end(owner, battle["id"])
    assert await settle_ended_battles(database_target) == 3
    won = await battle_row(owner, solo["id"])
    assert (won["winner_user_id"], won["winner_team"], won["winning_value"]) == (
        b.id,
        None,
        500_000,
    )
    # Team totals tie too (500 kg each): Blue's total stood first.
    team_won = await battle_row(owner, teams["id"])
    assert (team_won["winner_user_id"], team_won["winner_team"]) == (None, "Blue")
    none = await battle_row(owner, nobody["id"])
    assert none["settled_at"] is not None
    assert (none["winner_user_id"], none["winner_team"], none["winning_value"]) == (
        None,
        None,
        None,
    )
    assert (await battle_row(owner, running["id"]))["settled_at"] is None
    # The pending invitation is stored expired.
    assert (
        await owner.fetchval(
            "select status from public.battle_invitations where user_id = $1 and battle_id = $2",
            late.id,
            uuid.UUID(solo["id"]),
        )
        == "expired"
    )

    # Once: a repeat settles nothing and changes nothing; a later set moves nothing.
    settled_at = won["settled_at"]
    assert await settle_ended_battles(database_target) == 0
    await log_workout(client, a, now() - 30 * dt.timedelta(minutes=1), [(exercises[SQUAT], 200, 5)])
    again = await battle_row(owner, solo["id"])
    assert (again["winner_user_id"], again["settled_at"]) == (b.id, settled_at)
    assert (await board(client, a, solo["id"]))[0][1:] == (str(b.id), 500.0)
    shown = (await client.get(f"/v1/battles/{solo['id']}", headers=a.headers)).json()
    assert (shown["phase"], shown["winner_user_id"], shown["winning_value"]) == (
        "settled",
        str(b.id),
        500.0,
    )


async def test_the_worker_schedules_the_settling_and_the_cli_runs_it(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
    tmp_path: Path,
) -> None:
    app = jobs.make_app(database_target)
    periodic = {t.task.name: t for t in app.periodic_registry.periodic_tasks.values()}
    task = periodic[jobs.SETTLE_BATTLES_TASK]
    assert task.cron == jobs.SETTLE_BATTLES_CRON == "*/5 * * * *"
    assert task.task.queue == jobs.PERIODIC_QUEUE

    await drain(database_target)
    amb, a = await ambassador(client, owner), await sign_up(client)
    made = await create_battle(client, amb)
    await enlist(client, amb, made["id"], [a])
    await log_workout(client, a, now() - 2 * HOUR, [(exercises[SQUAT], 80, 5)])
    await end(owner, made["id"])
    done = _cli(database_target, tmp_path, "battles", "settle")
    assert done.returncode == 0, done.stderr
    assert "1 ended battles settled" in done.stdout
    assert (await battle_row(owner, made["id"]))["winner_user_id"] == a.id
    again = _cli(database_target, tmp_path, "battles", "settle")
    assert "0 ended battles settled" in again.stdout


async def test_erasing_a_participant_and_the_ambassador(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
) -> None:
    await drain(database_target)
    amb = await ambassador(client, owner)
    gone, stays = await sign_up(client), await sign_up(client)
    made = await create_battle(client, amb)
    settled = await create_battle(client, amb)
    for battle in (made, settled):
        await enlist(client, amb, battle["id"], [gone, stays])
    await log_workout(client, gone, now() - 2 * HOUR, [(exercises[SQUAT], 150, 5)])
    await log_workout(client, stays, now() - 3 * HOUR, [(exercises[SQUAT], 100, 5)])
    await end(owner, settled["id"])
    await drain(database_target)
    assert (await battle_row(owner, settled["id"]))["winner_user_id"] == gone.id

    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=gone.headers
    )
    assert erased.status_code == 200, erased.text
    # Their standing leaves the leaderboards; the settled battle keeps its outcome without them.
    assert await board(client, stays, made["id"]) == [(1, str(stays.id), 500.0)]
    outcome = await battle_row(owner, settled["id"])
    assert (outcome["winner_user_id"], outcome["winning_value"]) == (None, 750_000)
    # Verified, not claimed: no column of any table names them any more.
    report = await scan_database(database_target, gone.id, gone.email)
    assert report.hits == (), report.hits
    for table in ("battle_invitations", "battle_participants"):
        assert (
            await owner.fetchval(f"select count(*) from public.{table} where user_id = $1", gone.id)
            == 0
        )

    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=amb.headers
    )
    assert erased.status_code == 200, erased.text
    ids = [uuid.UUID(made["id"]), uuid.UUID(settled["id"])]
    for table, column in (
        ("battles", "id"),
        ("battle_invitations", "battle_id"),
        ("battle_participants", "battle_id"),
    ):
        assert (
            await owner.fetchval(
                f"select count(*) from public.{table} where {column} = any($1)", ids
            )
            == 0
        )
    assert await walk_battles(client, stays) == []
    report = await scan_database(database_target, amb.id, amb.email)
    assert report.hits == (), report.hits


async def walk_battles(client: httpx.AsyncClient, who: SignedUpUser) -> list[Any]:
    response = await client.get("/v1/battles", headers=who.headers)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


async def test_two_settling_runs_share_the_work(
    client: httpx.AsyncClient, owner: asyncpg.Connection, database_target: DatabaseTarget
) -> None:
    """``for update skip locked``: concurrent runs settle each battle exactly once."""
    await drain(database_target)
    amb = await ambassador(client, owner)
    made = [await create_battle(client, amb, title=f"Race {n}") for n in range(6)]
    stamps = []
    for battle in made:
        await end(owner, battle["id"])
    first, second = await asyncio.gather(
        settle_ended_battles(database_target, batch=1),
        settle_ended_battles(database_target, batch=1),
    )
    assert first + second == len(made)
    for battle in made:
        stamps.append((await battle_row(owner, battle["id"]))["settled_at"])
    assert all(stamp is not None for stamp in stamps)
    assert await settle_ended_battles(database_target) == 0

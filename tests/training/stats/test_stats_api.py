"""Records, exercise history, volume and summary through the API, against
``training.science`` on the same sets; rows are made as the owner for users signed up
through the API."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest

from ironbase.kit.units import number
from ironbase.training.science import e1rm, records, streaks, volume
from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.rls.factories import insert_row

pytestmark = pytest.mark.usefixtures("seeded_catalog")

UTC = dt.UTC
NOW = dt.datetime.now(UTC)


@pytest.fixture
async def exercises(owner: asyncpg.Connection) -> list[asyncpg.Record]:
    """Two catalog exercises with secondary muscles."""
    rows: list[asyncpg.Record] = await owner.fetch(
        "select id, slug, primary_muscle::text as primary_muscle,"
        " secondary_muscles::text[] as secondary_muscles from public.exercises"
        " where user_id is null and cardinality(secondary_muscles) > 0 order by slug limit 2"
    )
    return rows


class Log:
    """Writes one person's workouts as the owner and keeps them as LoggedSets."""

    def __init__(self, conn: asyncpg.Connection, user_id: uuid.UUID) -> None:
        self.conn, self.user_id = conn, user_id
        self.sets: list[volume.LoggedSet] = []
        self.starts: list[dt.datetime] = []

    async def workout(
        self,
        started_at: dt.datetime,
        exercise: asyncpg.Record,
        sets: list[tuple[str, int, int, Decimal | None]],
    ) -> uuid.UUID:
        w = await insert_row(
            self.conn, "public.workouts", {"user_id": self.user_id, "started_at": started_at}
        )
        we = await insert_row(
            self.conn,
            "public.workout_exercises",
            {
                "user_id": self.user_id,
                "workout_id": w["id"],
                "exercise_id": exercise["id"],
                "position": 0,
            },
        )
        for position, (set_type, weight_g, reps, rpe) in enumerate(sets):
            completed = started_at + dt.timedelta(minutes=3 * (position + 1))
            s = await insert_row(
                self.conn,
                "public.workout_sets",
                {
                    "user_id": self.user_id,
                    "workout_exercise_id": we["id"],
                    "position": position,
                    "set_type": set_type,
                    "weight_g": weight_g,
                    "unit": "kg",
                    "reps": reps,
                    "rpe": rpe,
                    "completed_at": completed,
                },
            )
            self.sets.append(
                volume.LoggedSet(
                    set_id=s["id"],
                    workout_id=w["id"],
                    exercise_id=exercise["id"],
                    primary_muscles=(exercise["primary_muscle"],),
                    secondary_muscles=tuple(exercise["secondary_muscles"]),
                    set_type=volume.SetType(set_type),
                    weight_g=weight_g,
                    reps=reps,
                    completed_at=completed,
                    rpe=rpe,
                )
            )
        self.starts.append(started_at)
        return uuid.UUID(str(w["id"]))


def kg(grams: int | Decimal) -> int | float:
    return number(Decimal(grams) / 1000)


async def _history(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> tuple[SignedUpUser, Log, SignedUpUser]:
    """A lifter with three sessions and another with heavier ones."""
    me, other = await sign_up(client), await sign_up(client)
    log = Log(owner, me.id)
    bench, row = exercises
    day = NOW - dt.timedelta(days=10)
    await log.workout(
        day,
        bench,
        [("warmup", 40_000, 10, None), ("normal", 80_000, 8, None), ("normal", 90_000, 5, None)],
    )
    await log.workout(
        day + dt.timedelta(days=2),
        bench,
        [
            ("normal", 95_000, 3, Decimal(9)),
            ("normal", 80_000, 10, None),
            ("drop", 60_000, 12, None),
        ],
    )
    await log.workout(day + dt.timedelta(days=3), row, [("normal", 70_000, 8, Decimal(6))])
    theirs = Log(owner, other.id)
    await theirs.workout(day, bench, [("normal", 200_000, 20, None)])
    return me, log, other


async def test_records_match_the_science_package(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    me, log, _ = await _history(owner, client, exercises)
    response = await client.get("/v1/records", headers=me.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["unit"] == "kg"
    expected = records.compute_records(log.sets)
    got = {uuid.UUID(item["exercise_id"]): item for item in body["items"]}
    assert set(got) == set(expected)
    for exercise_id, rec in expected.items():
        item = got[exercise_id]
        assert item["unit"] == "kg"
        assert rec.heaviest_load is not None
        assert rec.best_e1rm is not None
        assert rec.best_session_volume is not None
        assert item["heaviest_load"]["value"] == kg(rec.heaviest_load.value)
        assert item["heaviest_load"]["set_id"] == str(rec.heaviest_load.set_id)
        assert item["best_e1rm"]["value"] == kg(rec.best_e1rm.value)
        assert item["best_e1rm"]["formula"] == rec.best_e1rm.formula
        assert item["best_e1rm"]["set_id"] == str(rec.best_e1rm.set_id)
        assert item["best_session_volume"]["value"] == kg(rec.best_session_volume.value)
        assert item["best_session_volume"]["workout_id"] == str(rec.best_session_volume.workout_id)
        assert [(r["weight"], r["value"], r["set_id"]) for r in item["most_reps"]] == [
            (kg(load), r.value, str(r.set_id)) for load, r in sorted(rec.most_reps.items())
        ]
        assert item["heaviest_load"]["date"] == rec.heaviest_load.achieved_at.date().isoformat()
    # The other lifter's 200 kg x 20 is nowhere; the warm-up makes no record.
    bench = got[exercises[0]["id"]]
    assert bench["heaviest_load"]["value"] == 95
    assert 40 not in [r["weight"] for r in bench["most_reps"]]


async def test_records_in_pounds_on_request(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    me, _, _ = await _history(owner, client, exercises)
    body = (await client.get("/v1/records?unit=lb", headers=me.headers)).json()
    bench = next(i for i in body["items"] if i["exercise_id"] == str(exercises[0]["id"]))
    assert body["unit"] == bench["unit"] == "lb"
    assert bench["heaviest_load"]["value"] == number(Decimal(95_000) / Decimal("453.59237"))


async def test_another_persons_records_are_not_counted(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    _, _, other = await _history(owner, client, exercises)
    body = (await client.get("/v1/records", headers=other.headers)).json()
    assert [i["exercise_id"] for i in body["items"]] == [str(exercises[0]["id"])]
    assert body["items"][0]["heaviest_load"]["value"] == 200
    stranger = await sign_up(client)
    assert (await client.get("/v1/records", headers=stranger.headers)).json()["items"] == []


async def test_exercise_history_sets_and_e1rm(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    me, log, _ = await _history(owner, client, exercises)
    bench = exercises[0]["id"]
    response = await client.get(f"/v1/exercises/{bench}/history", headers=me.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["unit"] == "kg"
    assert body["exercise_id"] == str(bench)
    assert len(body["sessions"]) == 2
    sent = [s for session in body["sessions"] for s in session["sets"]]
    mine = [s for s in log.sets if s.exercise_id == bench]
    assert [s["set_id"] for s in sent] == [str(s.set_id) for s in mine]
    for got, logged in zip(sent, mine, strict=True):
        est = None
        if logged.set_type is not volume.SetType.WARMUP:
            est = e1rm.estimate(logged.weight_g, logged.reps, rpe=logged.rpe)
        assert got["e1rm"] == (None if est is None else kg(est.grams))
        assert got["e1rm_formula"] == (None if est is None else est.formula)
        assert got["weight"] == kg(logged.weight_g)
    first = body["sessions"][0]
    assert first["tonnage"] == kg(sum(volume.tonnage_g(s) for s in mine[:3]))
    # The catalog's own route for one exercise still answers.
    assert (await client.get(f"/v1/exercises/{bench}", headers=me.headers)).status_code == 200
    unknown = await client.get(f"/v1/exercises/{uuid.uuid4()}/history", headers=me.headers)
    assert unknown.status_code == 404


async def test_volume_by_muscle_week_and_exercise(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    me, log, _ = await _history(owner, client, exercises)
    expected_by: dict[str, dict[Any, volume.Volume]] = {
        "muscle": volume.by_muscle(log.sets),
        "week": volume.by_week(log.sets, ZoneInfo("UTC")),
        "exercise": volume.by_exercise(log.sets),
    }
    for group_by, expected in expected_by.items():
        response = await client.get(f"/v1/stats/volume?group_by={group_by}", headers=me.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["unit"] == "kg"
        assert body["group_by"] == group_by
        got = {item["key"]: item for item in body["items"]}
        assert set(got) == {str(k) for k in expected}
        for key, v in expected.items():
            item = got[str(key)]
            assert item["hard_sets"] == number(v.hard_sets)
            assert item["tonnage"] == kg(v.tonnage_g)
            assert (item["sets"], item["reps"]) == (v.sets, v.reps)
    muscles = {
        i["key"]: i
        for i in (await client.get("/v1/stats/volume", headers=me.headers)).json()["items"]
    }
    secondary = exercises[0]["secondary_muscles"][0]
    if secondary not in (exercises[1]["primary_muscle"], *exercises[1]["secondary_muscles"]):
        assert muscles[secondary]["hard_sets"] == 2.5  # 5 hard bench sets at 0.5


async def test_volume_range_excludes_older_sessions(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    me, log, _ = await _history(owner, client, exercises)
    last = log.starts[-1].date()
    body = (
        await client.get(
            f"/v1/stats/volume?group_by=exercise&from={last}&to={last}", headers=me.headers
        )
    ).json()
    assert [i["key"] for i in body["items"]] == [str(exercises[1]["id"])]
    assert (body["from"], body["to"]) == (last.isoformat(), last.isoformat())


@pytest.mark.parametrize(
    "query",
    [
        "/v1/stats/volume?from=2026-02-01&to=2026-01-01",
        "/v1/stats/volume?from=2020-01-01&to=2026-01-01",
        "/v1/stats/volume?group_by=muscles",
        "/v1/stats/volume?from=yesterday",
        "/v1/stats/summary?from=2026-02-01&to=2026-01-01",
        "/v1/records?unit=stone",
        "/v1/exercises/not-a-uuid/history?from=2026-02-01&to=2026-01-01",
        # Days at the calendar's ends: a default window before them or the day after them
        # would leave the calendar (found by the API fuzz run as a 500).
        "/v1/stats/summary?to=0001-01-01",
        "/v1/stats/volume?from=9999-12-31",
        "/v1/readiness?to=0001-01-01",
        "/v1/cycle/events?from=9999-12-31",
    ],
)
async def test_bad_ranges_are_422(client: httpx.AsyncClient, query: str) -> None:
    me = await sign_up(client)
    response = await client.get(query, headers=me.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_history_range_capped(
    client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    me = await sign_up(client)
    url = f"/v1/exercises/{exercises[0]['id']}/history?from=2020-01-01&to=2026-01-01"
    assert (await client.get(url, headers=me.headers)).status_code == 422


async def test_summary_streaks_in_the_users_time_zone(
    owner: asyncpg.Connection, client: httpx.AsyncClient, exercises: list[asyncpg.Record]
) -> None:
    me = await sign_up(client)
    zone = "America/Los_Angeles"
    patched = await client.patch("/v1/me", json={"time_zone": zone}, headers=me.headers)
    assert patched.status_code == 200, patched.text
    log = Log(owner, me.id)
    tz = ZoneInfo(zone)
    today = NOW.astimezone(tz).replace(hour=0, minute=30, second=0, microsecond=0)
    for days in (0, 1, 2, 9):
        # 00:30 local: the previous day in UTC, the same day on the lifter's calendar
        await log.workout(
            today - dt.timedelta(days=days), exercises[0], [("normal", 50_000, 5, None)]
        )
    await log.workout(
        today - dt.timedelta(days=1, hours=-5), exercises[1], [("normal", 50_000, 5, None)]
    )
    body = (await client.get("/v1/stats/summary", headers=me.headers)).json()
    expected = streaks.summarize(log.starts, tz, dt.datetime.now(UTC))
    assert body["time_zone"] == zone
    assert body["sessions"] == expected.sessions == 5
    assert body["days_trained"] == expected.days_trained == 4
    assert body["current_day_streak"] == expected.current_day_streak == 3
    assert body["longest_day_streak"] == expected.longest_day_streak
    assert body["current_week_streak"] == expected.current_week_streak
    assert body["longest_week_streak"] == expected.longest_week_streak
    assert body["last_day"] == today.date().isoformat()
    calendar = {d["date"]: d["sessions"] for d in body["calendar"]}
    assert calendar[(today - dt.timedelta(days=1)).date().isoformat()] == 2
    assert sum(calendar.values()) == 5


async def test_statement_counts_do_not_grow_with_history(
    owner: asyncpg.Connection,
    client: httpx.AsyncClient,
    exercises: list[asyncpg.Record],
    query_counter: QueryCounter,
) -> None:
    me, log, _ = await _history(owner, client, exercises)
    urls = [
        "/v1/records",
        f"/v1/exercises/{exercises[0]['id']}/history",
        "/v1/stats/volume",
        "/v1/stats/summary",
    ]

    async def counts() -> list[int]:
        found = []
        for url in urls:
            query_counter.count = 0
            assert (await client.get(url, headers=me.headers)).status_code == 200
            found.append(query_counter.count)
        return found

    before = await counts()
    for days in range(1, 6):
        for exercise in exercises:
            await log.workout(
                NOW - dt.timedelta(days=days, hours=1), exercise, [("normal", 60_000, 5, None)] * 3
            )
    assert await counts() == before
    # BEGIN, context, the statements, COMMIT
    assert before == [2 + 3 + 1, 2 + 3 + 1, 2 + 3 + 1, 2 + 2 + 1]

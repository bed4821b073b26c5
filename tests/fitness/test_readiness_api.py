"""POST/GET /v1/readiness and /v1/readiness/today: one check-in per local day, scored
against the person's own baseline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.fitness.conftest import PROBLEM, Clock, hooper, person_in
from tests.support import walk_pages

pytestmark = pytest.mark.usefixtures("seeded_catalog")

UTC = dt.UTC


async def _post(
    client: httpx.AsyncClient, user: SignedUpUser, status: int | None = None, **body: Any
) -> dict[str, Any]:
    response = await client.post("/v1/readiness", headers=user.headers, json=body)
    if status is not None:
        assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


async def _days(owner_url: str, user: SignedUpUser) -> list[tuple[dt.date, int]]:
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "select day, sleep from readiness_checkins where user_id = $1 order by day", user.id
        )
    finally:
        await conn.close()
    return [(r["day"], r["sleep"]) for r in rows]


async def test_a_second_check_in_the_same_day_replaces_the_first(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    user = await sign_up(client)
    first = await _post(client, user, 201, sleep=2, fatigue=2, stress=2, soreness=2, notes="ok")
    assert first["replaced"] is False
    assert first["date"] == "2026-11-30"
    assert (first["hooper_sum"], first["score"]) == (8, 83)
    clock.set(clock.now + dt.timedelta(hours=3))
    second = await _post(client, user, 200, sleep=5, fatigue=4, stress=3, soreness=3)
    assert second["replaced"] is True
    assert second["id"] == first["id"]
    assert second["notes"] is None  # the second replaces every answer
    assert await _days(owner_url, user) == [(dt.date(2026, 11, 30), 5)]


async def test_the_person_s_time_zone_decides_the_day(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    """10:59 and 11:01 UTC on 30 November: the same day in UTC, but midnight passes in
    between in Auckland (UTC+13 in summer) and not in Los Angeles (UTC-8)."""
    clock.set(dt.datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    before, after = "2026-11-30T10:59:00Z", "2026-11-30T11:01:00Z"
    auckland = await person_in(client, "Pacific/Auckland")
    angeles = await person_in(client, "America/Los_Angeles")
    for user in (auckland, angeles):
        await _post(client, user, 201, taken_at=before, **hooper(10))
        await _post(client, user, None, taken_at=after, **hooper(12))
    assert [d for d, _ in await _days(owner_url, auckland)] == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 1),
    ]
    assert [d for d, _ in await _days(owner_url, angeles)] == [dt.date(2026, 11, 30)]


async def test_a_day_of_25_hours_when_the_clocks_go_back(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    """Madrid leaves summer time on 25 October 2026 (03:00 CEST -> 02:00 CET): that local
    day runs 22:00 UTC on the 24th to 23:00 UTC on the 25th, 25 hours, all one day."""
    clock.set(dt.datetime(2026, 10, 27, 12, 0, tzinfo=UTC))
    user = await person_in(client, "Europe/Madrid")
    first = await _post(client, user, 201, taken_at="2026-10-24T22:30:00Z", **hooper(8))
    assert first["date"] == "2026-10-25"  # 00:30 CEST
    last = await _post(client, user, 200, taken_at="2026-10-25T22:30:00Z", **hooper(9))
    assert last["date"] == "2026-10-25"  # 23:30 CET, 24 hours later: still the same day
    nxt = await _post(client, user, 201, taken_at="2026-10-25T23:01:00Z", **hooper(10))
    assert nxt["date"] == "2026-10-26"  # 00:01 CET
    before = await _post(client, user, 201, taken_at="2026-10-24T21:59:00Z", **hooper(11))
    assert before["date"] == "2026-10-24"  # 23:59 CEST
    assert [d.day for d, _ in await _days(owner_url, user)] == [24, 25, 26]


async def test_a_day_of_23_hours_when_the_clocks_go_forward(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    """New York springs forward on 8 March 2026 (02:00 EST -> 03:00 EDT): that day runs
    05:00 UTC on the 8th to 04:00 UTC on the 9th."""
    clock.set(dt.datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    user = await person_in(client, "America/New_York")
    assert (await _post(client, user, 201, taken_at="2026-03-08T05:00:00Z", **hooper(8)))[
        "date"
    ] == "2026-03-08"
    assert (await _post(client, user, 200, taken_at="2026-03-09T03:59:00Z", **hooper(8)))[
        "date"
    ] == "2026-03-08"
    assert (await _post(client, user, 201, taken_at="2026-03-09T04:00:00Z", **hooper(8)))[
        "date"
    ] == "2026-03-09"


async def _history(
    client: httpx.AsyncClient, user: SignedUpUser, clock: Clock, sums: list[int]
) -> None:
    """One check-in a day, ``sums`` oldest first, the last one today."""
    today = clock.now
    for i, total in enumerate(sums):
        at = today - dt.timedelta(days=len(sums) - 1 - i)
        clock.set(at)
        await _post(client, user, 201, **hooper(total))
    clock.set(today)


async def test_z_score_against_the_hand_computed_baseline(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    """Seven days [8, 12, 8, 12, 8, 12, 10] (mean 10, SD 2), then 13: z = -1.5, red."""
    user = await sign_up(client)
    await _history(client, user, clock, [8, 12, 8, 12, 8, 12, 10, 13])
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert today["checked_in"] is True
    assert today["method"] == "z_score"
    assert today["baseline"] == {"n": 7, "mean": 10.0, "sd": 2.0, "window_days": 28}
    assert today["z_score"] == -1.5
    assert today["band"] == "red"
    assert today["score"] == 63  # 100 * 15 / 24 = 62.5, half up
    assert today["session"] == {
        "drop_sets_per_exercise": 0,
        "keep_set_fraction": 0.5,
        "extra_rir": 2,
        "advice": "Do about half the planned sets and leave two more reps in reserve.",
    }
    assert "10.0" in today["explanation"]
    assert "-1.50 SD" in today["explanation"]
    # Replacing today's answers with a better day: 11 is z = -0.5, not below it: green.
    await _post(client, user, 200, **hooper(11))
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert (today["z_score"], today["band"]) == (-0.5, "green")
    assert today["session"]["advice"] == "Train as planned."


async def test_the_fallback_until_seven_check_ins(client: httpx.AsyncClient, clock: Clock) -> None:
    user = await sign_up(client)
    await _history(client, user, clock, [8, 8, 8, 8, 8, 8, 16])
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert (today["method"], today["z_score"], today["band"]) == ("fallback", None, "amber")
    assert today["baseline"]["n"] == 6
    assert today["session"]["drop_sets_per_exercise"] == 1
    assert today["session"]["extra_rir"] == 1
    assert "Fewer than 7 check-ins" in today["explanation"]


async def test_two_low_days_in_a_row(client: httpx.AsyncClient, clock: Clock) -> None:
    user = await sign_up(client)
    await _history(client, user, clock, [8, 12, 8, 12, 8, 12, 10, 12, 12])
    items = (await client.get("/v1/readiness", headers=user.headers)).json()["items"]
    assert [(i["band"], i["consecutive_low"]) for i in items[:2]] == [
        ("red", True),
        ("amber", False),
    ]
    assert items[0]["z_score"] == -0.88
    assert items[-1]["method"] == "fallback"


async def test_no_check_in_today(client: httpx.AsyncClient, clock: Clock) -> None:
    user = await sign_up(client)
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert today["checked_in"] is False
    assert (today["score"], today["band"], today["checkin"]) == (None, None, None)
    assert today["date"] == "2026-11-30"
    assert today["session"]["advice"] == "Train as planned."


@pytest.mark.parametrize(
    "body",
    [
        {**hooper(8), "sleep": 8},
        {**hooper(8), "sleep": 0},
        {"sleep": 1, "fatigue": 1, "stress": 1},
        {**hooper(8), "resting_hr": 300},
        {**hooper(8), "hrv_rmssd_ms": 0},
        {"sleep": 1, "fatigue": 1, "stress": 1, "sleep_hours": None, "hrv_rmssd_ms": None},
        {**hooper(8), "sleep_hours": 25},
        {**hooper(8), "sleep_hours": 7.25},
        {**hooper(8), "mood": 9},
        {**hooper(8), "notes": "x" * 2001},
        {**hooper(8), "notes": "   "},
        {**hooper(8), "taken_at": "2026-11-20T12:00:00Z"},
        {**hooper(8), "taken_at": "2026-12-01T12:00:00Z"},
        {**hooper(8), "taken_at": "2026-11-30T12:00:00"},
        {**hooper(8), "life_scores": {"nonsense": 3}},
        {**hooper(8), "life_scores": {"sleep": 3}},
        {**hooper(8), "life_scores": {"mood": 3}},
        {**hooper(8), "life_scores": {f"k{i}": 1 for i in range(51)}},
        {**hooper(8), "score": 100},
    ],
)
async def test_bad_check_ins_are_refused_and_nothing_stored(
    client: httpx.AsyncClient, clock: Clock, owner_url: str, body: dict[str, Any]
) -> None:
    user = await sign_up(client)
    response = await client.post("/v1/readiness", headers=user.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert await _days(owner_url, user) == []


async def test_life_scores_by_slug_or_id_within_the_category_scale(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    conn = await asyncpg.connect(owner_url)
    category = await conn.fetchval(
        "insert into life_categories (id, slug, position, scale_min, scale_max) "
        "values (gen_random_uuid(), 'test_energy', 999, 0, 10) returning id"
    )
    try:
        user = await sign_up(client)
        body = {**hooper(8), "life_scores": {"test_energy": 11}}
        refused = await client.post("/v1/readiness", headers=user.headers, json=body)
        assert refused.status_code == 422
        assert "between 0 and 10" in refused.text
        stored = await _post(client, user, 201, **{**hooper(8), "life_scores": {str(category): 0}})
        assert stored["life_scores"] == [
            {"life_category_id": str(category), "slug": "test_energy", "score": 0}
        ]
        again = await _post(client, user, 200, **{**hooper(8), "life_scores": {"test_energy": 10}})
        assert again["life_scores"][0]["score"] == 10
    finally:
        await conn.execute("delete from life_categories where id = $1", category)
        await conn.close()


async def test_the_list_is_bounded_and_paged(
    client: httpx.AsyncClient, clock: Clock, query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    await _history(client, user, clock, [10] * 12)
    items = await walk_pages(
        client, "/v1/readiness", user.headers, limit=5, **{"from": "2026-11-20", "to": "2026-11-30"}
    )
    assert [i["date"] for i in items] == [f"2026-11-{d}" for d in range(30, 19, -1)]
    for params in (
        {"from": "0001-01-01", "to": "0001-01-05"},
        {"to": "0001-01-01"},
        {"from": "2026-12-01", "to": "2026-11-30"},
        {"from": "2025-11-01", "to": "2026-11-30"},
    ):
        response = await client.get("/v1/readiness", headers=user.headers, params=params)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith(PROBLEM)
    # BEGIN, set_config, the check-ins, the day's symptoms, COMMIT; + the zone without `to`.
    counts = []
    for limit in (2, 200):
        before = query_counter.count
        query: dict[str, str | int] = {"limit": limit, "from": "2026-11-01", "to": "2026-11-30"}
        assert (
            await client.get("/v1/readiness", headers=user.headers, params=query)
        ).status_code == 200
        counts.append(query_counter.count - before)
    assert counts == [5, 5]
    before = query_counter.count
    await client.get("/v1/readiness", headers=user.headers)
    assert query_counter.count - before == 6


async def test_check_ins_are_the_owner_s_alone(client: httpx.AsyncClient, clock: Clock) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    await _post(client, alice, 201, **hooper(20), notes="alice only")
    assert (await client.get("/v1/readiness", headers=bob.headers)).json()["items"] == []
    today = (await client.get("/v1/readiness/today", headers=bob.headers)).json()
    assert today["checked_in"] is False
    assert (await client.get("/v1/readiness/today", headers=alice.headers)).json()["checked_in"]


async def _readiness_scores(owner_url: str, user: SignedUpUser) -> list[int | None]:
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "select readiness_score from workouts where user_id = $1 order by started_at",
            user.id,
        )
    finally:
        await conn.close()
    return [r["readiness_score"] for r in rows]


async def test_a_workout_started_that_day_keeps_the_score(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    """Tokyo is UTC+9: 14:00 UTC is 23:00 on the check-in's day, 16:00 UTC the next day."""
    user = await person_in(client, "Asia/Tokyo")
    squat = (await client.get("/v1/exercises/barbell_back_squat")).json()["id"]
    body = {"name": "Legs", "exercises": [{"exercise_id": squat, "target_sets": 2}]}
    template = (await client.post("/v1/templates", headers=user.headers, json=body)).json()
    url = f"/v1/templates/{template['id']}/start"
    before = await client.post(
        url, headers=user.headers, json={"started_at": "2026-11-29T14:00:00Z"}
    )
    assert before.status_code == 201, before.text
    await _post(client, user, 201, **hooper(13))  # 21:00 in Tokyo on 30 November: score 63
    for started_at in ("2026-11-30T14:00:00Z", "2026-11-30T16:00:00Z"):
        response = await client.post(url, headers=user.headers, json={"started_at": started_at})
        assert response.status_code == 201, response.text
    assert await _readiness_scores(owner_url, user) == [None, 63, None]

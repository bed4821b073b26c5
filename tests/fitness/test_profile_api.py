"""GET|PUT|PATCH /v1/me/fitness-profile, the body weight history and the snapshot a plan
is made from."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.db.pg import Tx
from ironbase.fitness.profile import service
from ironbase.kit.caller import SignedIn
from tests.conftest import SignedUpUser, sign_up
from tests.fitness.conftest import PROBLEM, Clock, person_in
from tests.gyms.conftest import create_gym, join
from tests.rls.factories import FACTORIES
from tests.support import as_user

pytestmark = pytest.mark.usefixtures("seeded_catalog")

BASE = {"goal": "strength", "days_per_week": 3, "session_minutes": 60}
PATH = "/v1/me/fitness-profile"


async def _put(
    client: httpx.AsyncClient, user: SignedUpUser, status: int = 200, **body: Any
) -> dict[str, Any]:
    response = await client.put(PATH, headers=user.headers, json={**BASE, **body})
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


async def _stored(owner_url: str, user: SignedUpUser) -> tuple[int, int]:
    conn = await asyncpg.connect(owner_url)
    try:
        profiles = await conn.fetchval(
            "select count(*) from user_profile_fitness where user_id = $1", user.id
        )
        weights = await conn.fetchval(
            "select count(*) from body_weight_entries where user_id = $1", user.id
        )
    finally:
        await conn.close()
    return profiles, weights


async def test_put_get_patch(client: httpx.AsyncClient, clock: Clock) -> None:
    user = await sign_up(client)
    assert (await client.get(PATH, headers=user.headers)).status_code == 404
    assert (
        await client.patch(PATH, headers=user.headers, json={"goal": "endurance"})
    ).status_code == 404
    created = await _put(client, user, weekdays=[5, 1, 3], sex="female", birth_year=1990)
    assert created["goal"] == "strength"
    assert created["weekdays"] == [1, 3, 5]
    assert (created["experience"], created["experience_source"]) == (None, None)
    assert created["body_weight"] is None
    assert (await client.get(PATH, headers=user.headers)).json() == created
    patched = (
        await client.patch(
            PATH, headers=user.headers, json={"goal": "hypertrophy", "experience": "advanced"}
        )
    ).json()
    assert (patched["goal"], patched["days_per_week"], patched["weekdays"]) == (
        "hypertrophy",
        3,
        [1, 3, 5],
    )
    assert (patched["experience"], patched["experience_source"]) == ("advanced", "stated")
    assert patched["sex"] == "female"
    # null clears an optional field; a PUT replaces the whole profile.
    cleared = (await client.patch(PATH, headers=user.headers, json={"sex": None})).json()
    assert cleared["sex"] is None
    assert cleared["birth_year"] == 1990
    replaced = await _put(client, user)
    assert (replaced["weekdays"], replaced["birth_year"], replaced["experience"]) == (
        [],
        None,
        None,
    )


async def test_seven_days_at_ten_minutes_is_a_profile(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    user = await sign_up(client)
    profile = await _put(
        client, user, days_per_week=7, session_minutes=10, weekdays=[1, 2, 3, 4, 5, 6, 7]
    )
    assert (profile["days_per_week"], profile["session_minutes"]) == (7, 10)


@pytest.mark.parametrize(
    "body",
    [
        {"days_per_week": 8},
        {"days_per_week": 0},
        {"session_minutes": 9},
        {"session_minutes": 241},
        {"goal": "bulk"},
        {"experience": "expert"},
        {"weekdays": [1, 2]},  # three days a week
        {"weekdays": [1, 1, 2]},
        {"weekdays": [1, 3, 8]},
        {"excluded_patterns": ["not_a_pattern"]},
        {"excluded_patterns": ["BAD SLUG"]},
        {"excluded_exercises": [str(uuid.uuid4())]},
        {"excluded_equipment": [str(uuid.uuid4())]},
        {"excluded_exercises": [str(uuid.uuid4()) for _ in range(201)]},
        {"gym_id": str(uuid.uuid4())},
        {"sex": "x"},
        {"birth_year": 1899},
        {"birth_year": dt.date.today().year},
        {"body_weight": {"value": 80, "unit": "stone"}},
        {"body_weight": {"value": 5, "unit": "kg"}},
        {"body_weight": {"value": 1000, "unit": "lb"}},
        {"body_weight": {"value": 80, "unit": "kg", "date": "2026-12-25"}},
        {"is_pro": True},
    ],
)
async def test_bad_profiles_are_refused_and_nothing_stored(
    client: httpx.AsyncClient, clock: Clock, owner_url: str, body: dict[str, Any]
) -> None:
    user = await sign_up(client)
    response = await client.put(PATH, headers=user.headers, json={**BASE, **body})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert await _stored(owner_url, user) == (0, 0)


async def test_a_patch_that_breaks_the_days_is_refused(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    user = await sign_up(client)
    await _put(client, user, weekdays=[1, 3, 5])
    response = await client.patch(PATH, headers=user.headers, json={"days_per_week": 4})
    assert response.status_code == 422
    assert "weekdays" in response.text
    for field in ("goal", "days_per_week", "weekdays"):
        refused = await client.patch(PATH, headers=user.headers, json={field: None})
        assert refused.status_code == 422, field
    assert (await client.get(PATH, headers=user.headers)).json()["days_per_week"] == 3


async def test_the_gym_is_one_of_the_caller_s(client: httpx.AsyncClient, clock: Clock) -> None:
    user, other = await sign_up(client), await sign_up(client)
    mine, theirs = await create_gym(client, user), await create_gym(client, other)
    second = await create_gym(client, user)
    await join(client, user, mine["id"])
    await join(client, user, second["id"])
    await join(client, other, theirs["id"])
    default = await _put(client, user)
    assert (default["gym_id"], default["planned_gym_id"]) == (None, mine["id"])
    chosen = await _put(client, user, gym_id=second["id"])
    assert (chosen["gym_id"], chosen["planned_gym_id"]) == (second["id"], second["id"])
    refused = await client.put(PATH, headers=user.headers, json={**BASE, "gym_id": theirs["id"]})
    assert refused.status_code == 422
    # Leaving the gym: the plan falls back to the default gym.
    assert (
        await client.delete(f"/v1/gyms/{second['id']}/membership", headers=user.headers)
    ).status_code in (200, 204)
    assert (await client.get(PATH, headers=user.headers)).json()["planned_gym_id"] == mine["id"]


async def test_exclusions_name_what_exists_for_the_caller(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    user, other = await sign_up(client), await sign_up(client)
    conn = await asyncpg.connect(owner_url)
    try:
        own = (await FACTORIES["public.exercises"](conn, user.id))["id"]
        foreign = (await FACTORIES["public.exercises"](conn, other.id))["id"]
        equipment = await conn.fetchval("select id from equipment order by slug limit 1")
        pattern = await conn.fetchval("select slug from movement_patterns order by slug limit 1")
    finally:
        await conn.close()
    squat = (await client.get("/v1/exercises/barbell_back_squat")).json()["id"]
    profile = await _put(
        client,
        user,
        excluded_exercises=[squat, str(own)],
        excluded_equipment=[str(equipment)],
        excluded_patterns=[pattern],
    )
    assert profile["excluded_exercises"] == [squat, str(own)]
    assert profile["excluded_equipment"] == [str(equipment)]
    assert profile["excluded_patterns"] == [pattern]
    # Another person's private exercise does not exist for this caller.
    refused = await client.put(
        PATH, headers=user.headers, json={**BASE, "excluded_exercises": [squat, str(foreign)]}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["excluded_exercises", "1"]
    assert (await client.get(PATH, headers=user.headers)).json()["excluded_exercises"] == [
        squat,
        str(own),
    ]


async def test_body_weight_history_and_the_weight_of_a_day(
    client: httpx.AsyncClient, clock: Clock, owner_url: str, authenticator_dsn: str
) -> None:
    user = await person_in(client, "Pacific/Kiritimati")  # UTC+14: already 1 December
    first = await _put(
        client, user, body_weight={"value": 80.5, "unit": "kg", "date": "2026-11-01"}
    )
    assert first["body_weight"] == {"value": 80.5, "unit": "kg", "date": "2026-11-01"}
    # The same weight again is no change: no new row.
    await client.patch(
        PATH,
        headers=user.headers,
        json={"body_weight": {"value": 80.5, "unit": "kg", "date": "2026-11-10"}},
    )
    today = await client.patch(
        PATH, headers=user.headers, json={"body_weight": {"value": 180, "unit": "lb"}}
    )
    assert today.json()["body_weight"] == {"value": 180, "unit": "lb", "date": "2026-12-01"}
    assert await _stored(owner_url, user) == (1, 2)
    caller = SignedIn(user.id, user.email, frozenset(), "authenticated", {})
    async with as_user(authenticator_dsn, user.id) as conn:
        tx = Tx(conn)
        assert await service.body_weight_on(tx, caller, dt.date(2026, 10, 31)) is None
        assert await service.body_weight_on(tx, caller, dt.date(2026, 11, 1)) == 80_500
        assert await service.body_weight_on(tx, caller, dt.date(2026, 11, 30)) == 80_500
        assert await service.body_weight_on(tx, caller, dt.date(2026, 12, 1)) == 81_647  # 180 lb
        snap = await service.snapshot(tx, caller, dt.date(2026, 11, 15))
    assert snap is not None
    assert snap.body_weight_g == 80_500
    assert (snap.goal, snap.experience, snap.experience_source) == ("strength", "novice", "default")
    with pytest.raises(AttributeError):
        snap.session_minutes = 30  # type: ignore[misc]


async def _log(owner_url: str, user: SignedUpUser, count: int, span_days: int) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        start = dt.datetime(2026, 11, 29, 18, 0, tzinfo=dt.UTC) - dt.timedelta(days=span_days)
        step = dt.timedelta(days=span_days) / (count - 1)
        await conn.executemany(
            "insert into workouts (user_id, started_at) values ($1, $2)",
            [(user.id, start + i * step) for i in range(count)],
        )
    finally:
        await conn.close()


@pytest.mark.parametrize(
    ("count", "span", "level"),
    [(11, 100, None), (12, 20, None), (12, 60, "novice"), (45, 200, "intermediate"),
     (160, 800, "advanced"), (30, 800, "novice")],
)  # fmt: skip
async def test_experience_judged_from_the_log_unless_stated(
    client: httpx.AsyncClient,
    clock: Clock,
    owner_url: str,
    count: int,
    span: int,
    level: str | None,
) -> None:
    user = await sign_up(client)
    await _log(owner_url, user, count, span)
    profile = await _put(client, user)
    assert profile["experience"] == level
    assert profile["experience_source"] == ("derived" if level else None)
    stated = await _put(client, user, experience="intermediate")
    assert (stated["experience"], stated["experience_source"]) == ("intermediate", "stated")


async def test_profiles_are_the_owner_s_alone(client: httpx.AsyncClient, clock: Clock) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    await _put(client, alice, goal="fat_loss", body_weight={"value": 70, "unit": "kg"})
    assert (await client.get(PATH, headers=bob.headers)).status_code == 404
    bobs = await _put(client, bob)
    assert bobs["goal"] == "strength"
    assert bobs["body_weight"] is None
    assert (await client.get(PATH, headers=alice.headers)).json()["goal"] == "fat_loss"

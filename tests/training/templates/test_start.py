"""POST /v1/templates/{id}/start: a workout of planned sets prefilled from the targets and
the last performance, with plates and a warm-up for barbell lifts at a gym."""

from __future__ import annotations

import datetime as dt
import uuid
from fractions import Fraction
from typing import Any

import httpx

from ironbase.training.templates.schemas import StartedWorkout
from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.gyms.conftest import Catalog, create_gym, join
from tests.training.templates.conftest import (
    PROBLEM,
    STANDARD_PLATES,
    START,
    Lifts,
    create,
    gym_with_plates,
    log_workout,
    part,
    template_body,
)
from tests.training.workouts.conftest import stored_rows

EXTRAS = ("bar", "template_exercise_id", "targets", "last_performance")


async def _start(
    client: httpx.AsyncClient, user: SignedUpUser, template_id: str, **body: Any
) -> dict[str, Any]:
    url = f"/v1/templates/{template_id}/start"
    response = await client.post(url, headers=user.headers, json=body or None)
    assert response.status_code == 201, response.text
    started: dict[str, Any] = response.json()
    StartedWorkout.model_validate(started)  # the documented shape, field for field
    return started


def _as_stored(started: dict[str, Any]) -> dict[str, Any]:
    """The started workout without the plan beside it: what GET /v1/workouts/{id} shows."""
    workout = {k: v for k, v in started.items() if k != "loading"}
    workout["exercises"] = [
        {
            **{k: v for k, v in e.items() if k not in EXTRAS},
            "sets": [
                {k: v for k, v in s.items() if k not in ("plates", "warmup")} for s in e["sets"]
            ],
        }
        for e in started["exercises"]
    ]
    return workout


async def _listed(client: httpx.AsyncClient, user: SignedUpUser) -> int:
    """How many workouts the lifter's list shows."""
    listed = await client.get("/v1/workouts", headers=user.headers)
    return len(listed.json()["items"])


def _sum_kg(plates: list[dict[str, Any]]) -> Fraction:
    per_lb = Fraction("0.45359237")
    return sum(
        (Fraction(str(p["mass"])) * (1 if p["unit"] == "kg" else per_lb) for p in plates),
        Fraction(0),
    )


async def test_start_without_history_plans_the_targets(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user = await sign_up(client)
    template = await create(client, user, template_body(lifts))
    other = await sign_up(client)  # someone else's squats are not this lifter's history
    await log_workout(client, other, lifts.squat, [("normal", 180, 5)])
    started_at = dt.datetime(2026, 11, 20, 7, 30, tzinfo=dt.UTC)
    started = await _start(client, user, template["id"], started_at=started_at.isoformat())
    assert started["template_id"] == template["id"]
    assert started["title"] == "Lower A"
    assert started["started_at"] == "2026-11-20T07:30:00Z"
    assert started["ended_at"] is None
    squat, press = started["exercises"]
    assert [e["exercise_id"] for e in (squat, press)] == [lifts.squat, lifts.press]
    assert [e["template_exercise_id"] for e in (squat, press)] == [
        e["id"] for e in template["exercises"]
    ]
    assert squat["targets"]["rest_s"] == 180
    plan = [(s["reps"], s["rpe"], s["rir"], s["weight"]) for s in squat["sets"]]
    assert plan == [(5, 8.5, None, None)] * 3
    assert [(s["reps"], s["rpe"], s["rir"]) for s in press["sets"]] == [(12, None, 2)] * 2
    for exercise in (squat, press):
        assert exercise["last_performance"] is None
        for one in exercise["sets"]:
            assert (one["set_type"], one["completed_at"], one["planned"]) == ("normal", None, True)
            assert (one["plates"], one["warmup"]) == (None, None)
    assert started["loading"]["status"] == "no_gym"
    read = await client.get(f"/v1/workouts/{started['id']}", headers=user.headers)
    assert read.json() == _as_stored(started)
    assert await _listed(client, user) == 1


async def test_start_prefills_weights_from_the_last_performance(
    client: httpx.AsyncClient, lifts: Lifts, owner_url: str
) -> None:
    user = await sign_up(client)
    await log_workout(client, user, lifts.squat, [("normal", 100, 5)] * 3, started_at=START)
    latest = await log_workout(
        client,
        user,
        lifts.squat,
        [("warmup", 60, 5), ("normal", 110, 5), ("normal", 112.5, 3)],
        started_at=START + dt.timedelta(days=3),
    )
    await log_workout(
        client, user, lifts.press, [("normal", 22.5, 10)], started_at=START + dt.timedelta(days=1)
    )
    body = {
        "name": "Squat focus",
        "exercises": [
            part(lifts.squat, target_sets=3, rep_min=3, rep_max=5),
            part(lifts.press),  # no targets: as many sets and reps as last time
        ],
    }
    template = await create(client, user, body)
    started = await _start(client, user, template["id"])
    squat, press = started["exercises"]
    assert [(s["weight"], s["reps"], s["unit"]) for s in squat["sets"]] == [
        (110, 5, "kg"),
        (112.5, 5, "kg"),
        (112.5, 5, "kg"),  # fewer sets last time: the last one again
    ]
    last = squat["last_performance"]
    assert last["workout_id"] == latest["id"]
    assert last["sets"] == latest["exercises"][0]["sets"]
    assert [(s["weight"], s["reps"]) for s in press["sets"]] == [(22.5, 10)]
    # Completing a planned set is an edit of it that says it was done.
    first = squat["sets"][0]["id"]
    done = await client.patch(
        f"/v1/sets/{first}", headers=user.headers, json={"completed_at": "2026-11-30T18:05:00Z"}
    )
    assert done.status_code == 200, done.text
    assert (done.json()["weight"], done.json()["planned"]) == (110, False)
    # In pounds when asked: the same grams. The next start sees the started workout (the
    # latest) as the last performance, with its one completed set: the planned ones left
    # there were never lifted.
    in_lb = await _start(client, user, template["id"], unit="lb")
    assert [s["weight"] for s in in_lb["exercises"][0]["sets"]] == [242.508, 242.508, 242.508]
    assert in_lb["exercises"][0]["sets"][0]["unit"] == "lb"
    assert [s["id"] for s in in_lb["exercises"][0]["last_performance"]["sets"]] == [first]
    workouts, exercises, sets = await stored_rows(owner_url, user.id)
    assert (workouts, exercises, sets) == (5, 7, 3 + 3 + 1 + 2 * (3 + 1))


async def test_start_at_a_gym_loads_each_barbell_set_and_a_warmup(
    client: httpx.AsyncClient, lifts: Lifts, catalog: Catalog
) -> None:
    user = await sign_up(client)
    gym_id = await gym_with_plates(client, user, catalog, STANDARD_PLATES)
    await log_workout(client, user, lifts.squat, [("normal", 100, 5), ("normal", 105, 5)])
    await log_workout(client, user, lifts.press, [("normal", 20, 10)])
    template = await create(client, user, template_body(lifts))
    started = await _start(client, user, template["id"], gym_id=gym_id)
    assert started["gym_id"] == gym_id
    loading = started["loading"]
    assert loading["status"] == "ok"
    assert loading["bar"]["slug"] == catalog.olympic_kg
    assert (loading["collar"], loading["unit"]) == (0, "kg")
    squat, press = started["exercises"]
    assert [s["weight"] for s in squat["sets"]] == [100, 105, 105]
    for one in squat["sets"]:
        plates = one["plates"]
        assert plates["achievable"] is True
        assert plates["total"] == one["weight"]
        assert 20 + 2 * _sum_kg(plates["per_side"]) == Fraction(str(one["weight"]))
    warmup = squat["sets"][0]["warmup"]
    assert [(w["percent"], w["reps"], w["weight"]) for w in warmup] == [
        (0, 10, 20),
        (40, 5, 40),
        (60, 3, 60),
        (80, 2, 80),
    ]
    for step in warmup:
        assert step["plates"]["total"] == step["weight"]
        assert 20 + 2 * _sum_kg(step["plates"]["per_side"]) == step["weight"]
    assert warmup[0]["plates"]["per_side"] == []  # the empty bar
    # Planned with the ladder for the fewest plate changes: from the last warm-up (80 kg,
    # 20 + 10 a side) to 100 kg one 10 goes on, rather than re-stacking to 25 + 15.
    top = warmup[-1]["plates"]["per_side"]
    first = squat["sets"][0]["plates"]["per_side"]
    assert (top, first) == (
        [{"mass": 20, "unit": "kg"}, {"mass": 10, "unit": "kg"}],
        [*top, {"mass": 10, "unit": "kg"}],
    )
    assert [s["warmup"] for s in squat["sets"][1:]] == [None, None]
    # The dumbbell press gets no plates.
    assert [(s["weight"], s["plates"], s["warmup"]) for s in press["sets"]] == [
        (20, None, None)
    ] * 2
    # Without gym_id: the default gym (the first one joined) is used.
    again = await _start(client, user, template["id"])
    assert again["gym_id"] == gym_id
    assert again["loading"]["status"] == "ok"
    assert again["exercises"][0]["sets"][0]["plates"] == squat["sets"][0]["plates"]


async def test_warmup_weights_round_to_what_the_plates_make(
    client: httpx.AsyncClient, lifts: Lifts, catalog: Catalog
) -> None:
    user = await sign_up(client)
    gym_id = await gym_with_plates(client, user, catalog, STANDARD_PLATES)
    template = await create(
        client, user, {"name": "Bench", "exercises": [part(lifts.bench, target_sets=1)]}
    )
    cases: list[tuple[float, list[tuple[int, float]]]] = [
        (57.5, [(0, 20), (40, 22.5), (60, 35), (80, 45)]),
        # 40 % and 60 % of 30 kg are under the bar; 80 % (24) rounds to 25.
        (30, [(0, 20), (80, 25)]),
        (20, []),  # the empty bar is the working weight: nothing to warm up to
    ]
    for day, (working, expected) in enumerate(cases):
        logged_at = START + dt.timedelta(days=day)
        await log_workout(client, user, lifts.bench, [("normal", working, 5)], started_at=logged_at)
        # Started before the logged session, so that stays the last performance.
        earlier = (START - dt.timedelta(days=1)).isoformat()
        started = await _start(client, user, template["id"], gym_id=gym_id, started_at=earlier)
        first = started["exercises"][0]["sets"][0]
        assert first["weight"] == working
        assert [(w["percent"], w["weight"]) for w in first["warmup"]] == expected
        for step in first["warmup"]:
            assert step["plates"]["achievable"] is True
            assert 20 + 2 * _sum_kg(step["plates"]["per_side"]) == Fraction(str(step["weight"]))
        # Each (rounded) step climbs, and stays under the working weight.
        weights = [w["weight"] for w in first["warmup"]]
        assert weights == sorted(set(weights))
        assert all(w < working for w in weights)


async def test_a_weight_the_plates_cannot_make_shows_the_nearest(
    client: httpx.AsyncClient, lifts: Lifts, catalog: Catalog
) -> None:
    user = await sign_up(client)
    gym_id = await gym_with_plates(client, user, catalog, STANDARD_PLATES)
    await log_workout(client, user, lifts.squat, [("normal", 101, 5)])
    template = await create(
        client, user, {"name": "Squat", "exercises": [part(lifts.squat, target_sets=1)]}
    )
    started = await _start(client, user, template["id"], gym_id=gym_id)
    plates = started["exercises"][0]["sets"][0]["plates"]
    assert plates["achievable"] is False
    assert (plates["below"]["total"], plates["above"]["total"]) == (100, 102.5)
    assert started["exercises"][0]["sets"][0]["weight"] == 101  # the plan keeps the target


async def _bare_gym(client: httpx.AsyncClient, user: SignedUpUser) -> str:
    """A gym the lifter joined and keeps plates at, which lists no bar."""
    gym = await create_gym(client, user)
    await join(client, user, gym["id"])
    url = f"/v1/me/gyms/{gym['id']}/plates"
    stored = await client.put(url, headers=user.headers, json={"plates": STANDARD_PLATES})
    assert stored.status_code == 200, stored.text
    return str(gym["id"])


async def test_gyms_without_a_kit_start_without_plates_and_say_why(
    client: httpx.AsyncClient, lifts: Lifts, catalog: Catalog, owner_url: str
) -> None:
    user = await sign_up(client)
    await log_workout(client, user, lifts.squat, [("normal", 100, 5)])
    template = await create(client, user, template_body(lifts))
    cases = [
        ("not_a_member", await gym_with_plates(client, user, catalog, member=False)),
        ("no_plates", await gym_with_plates(client, user, catalog)),
    ]
    bare = await _bare_gym(client, user)
    cases.append(("no_bar", bare))
    for status, gym_id in cases:
        started = await _start(client, user, template["id"], gym_id=gym_id)
        assert (started["loading"]["status"], started["gym_id"]) == (status, gym_id)
        assert started["loading"]["bar"] is None
        sets = [s for e in started["exercises"] for s in e["sets"]]
        assert all(s["plates"] is None and s["warmup"] is None for s in sets)
        assert started["exercises"][0]["sets"][0]["weight"] == 100
    press_only = await create(
        client, user, {"name": "Press", "exercises": [part(lifts.press, target_sets=1)]}
    )
    started = await _start(client, user, press_only["id"], gym_id=cases[1][1])
    assert started["loading"]["status"] == "no_barbell_exercises"
    # A gym that does not exist: 404, and no workout.
    before = await stored_rows(owner_url, user.id)
    for template_id in (template["id"], press_only["id"]):
        url = f"/v1/templates/{template_id}/start"
        missing = await client.post(url, headers=user.headers, json={"gym_id": str(uuid.uuid4())})
        assert missing.status_code == 404, missing.text
        assert missing.headers["content-type"] == PROBLEM
    assert await stored_rows(owner_url, user.id) == before


async def test_bad_start_bodies_are_422_and_store_nothing(
    client: httpx.AsyncClient, lifts: Lifts, owner_url: str
) -> None:
    user = await sign_up(client)
    template = await create(client, user, template_body(lifts))
    url = f"/v1/templates/{template['id']}/start"
    for body in (
        {"unit": "stone"},
        {"gym_id": "gym"},
        {"started_at": "yesterday"},
        {"title": "extra fields are refused"},
    ):
        response = await client.post(url, headers=user.headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == PROBLEM
    bad_unit = await client.post(url, headers=user.headers, params={"unit": "st"})
    assert bad_unit.status_code == 422
    assert await stored_rows(owner_url, user.id) == (0, 0, 0)


async def _start_count(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    counter: QueryCounter,
    template_id: str,
    **body: Any,
) -> int:
    before = counter.count
    await _start(client, user, template_id, **body)
    return counter.count - before


async def test_a_start_costs_the_same_statements_whatever_the_template(
    client: httpx.AsyncClient, lifts: Lifts, catalog: Catalog, query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    gym_id = await gym_with_plates(client, user, catalog, STANDARD_PLATES)
    for day in range(3):
        for lift in (lifts.squat, lifts.bench, lifts.press):
            started_at = START + dt.timedelta(days=day)
            await log_workout(
                client, user, lift, [("normal", 60 + day, 5)] * 3, started_at=started_at
            )
    small = await create(
        client, user, {"name": "S", "exercises": [part(lifts.squat, target_sets=1)]}
    )
    large_parts = [
        part(lift, target_sets=5, rep_max=8) for lift in (lifts.squat, lifts.bench, lifts.press) * 4
    ]
    large = await create(client, user, {"name": "L", "exercises": large_parts})
    # BEGIN, set_config; the template, its exercises, the unit, the last performances,
    # the exercises' load types and bars; the membership, the gym's bars, plates,
    # miniweights, collars; the day's readiness score, the workout, its exercises, its sets;
    # COMMIT.
    counts = [
        await _start_count(client, user, query_counter, t["id"], gym_id=gym_id)
        for t in (small, large)
    ]
    assert counts == [17, 17]
    # Without a gym: the default gym is read instead (one more), the rest is the same.
    assert await _start_count(client, user, query_counter, large["id"]) == 18
    # A unit in the body spares reading the caller's.
    assert (
        await _start_count(client, user, query_counter, large["id"], gym_id=gym_id, unit="kg") == 16
    )

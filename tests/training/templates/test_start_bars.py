"""POST /v1/templates/{id}/start chooses each plate-loaded exercise's bar: the one its
equipment names when the gym lists it (a back squat on the Olympic bar, a trap bar
deadlift on the trap bar), else the gym's default bar."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import httpx

from ironbase.training.templates.schemas import StartedWorkout
from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.gyms.conftest import Catalog, create_gym, join
from tests.training.templates.conftest import (
    STANDARD_PLATES,
    Lifts,
    create,
    gym_with_plates,
    log_workout,
    part,
)


async def _exercise(client: httpx.AsyncClient, slug: str) -> str:
    response = await client.get(f"/v1/exercises/{slug}")
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


async def _gym(client: httpx.AsyncClient, user: SignedUpUser, bar_types: list[str]) -> str:
    """A gym listing these catalog bars, where ``user`` keeps the standard plates."""
    gym = await create_gym(client, user)
    body = {"bar_types": [{"bar_type": slug} for slug in bar_types]}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await join(client, user, gym["id"])
    url = f"/v1/me/gyms/{gym['id']}/plates"
    stored = await client.put(url, headers=user.headers, json={"plates": STANDARD_PLATES})
    assert stored.status_code == 200, stored.text
    return str(gym["id"])


async def _start(
    client: httpx.AsyncClient, user: SignedUpUser, template_id: str, gym_id: str
) -> dict[str, Any]:
    url = f"/v1/templates/{template_id}/start"
    response = await client.post(url, headers=user.headers, json={"gym_id": gym_id})
    assert response.status_code == 201, response.text
    started: dict[str, Any] = response.json()
    StartedWorkout.model_validate(started)
    return started


def _per_side_kg(plates: list[dict[str, Any]]) -> Fraction:
    assert all(p["unit"] == "kg" for p in plates)
    return sum((Fraction(str(p["mass"])) for p in plates), Fraction(0))


def _assert_loaded_on(exercise: dict[str, Any], bar_kg: int, weights: list[int]) -> None:
    """Every set and warm-up step makes its weight on a bar of ``bar_kg``."""
    assert [s["weight"] for s in exercise["sets"]] == weights
    for one in exercise["sets"]:
        assert one["plates"]["achievable"] is True
        assert bar_kg + 2 * _per_side_kg(one["plates"]["per_side"]) == one["weight"]
    warmup = exercise["sets"][0]["warmup"]
    assert warmup[0]["weight"] == bar_kg  # the empty bar
    assert warmup[0]["plates"]["per_side"] == []
    for step in warmup:
        assert bar_kg + 2 * _per_side_kg(step["plates"]["per_side"]) == step["weight"]


async def test_each_exercise_is_planned_on_its_own_bar(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user = await sign_up(client)
    trap = await _exercise(client, "trap_bar_deadlift")
    # The trap bar is the gym's default (heaviest): the squat must not land on it.
    gym_id = await _gym(client, user, ["olympic_20kg", "trap_hex"])
    await log_workout(client, user, lifts.squat, [("normal", 100, 5)])
    await log_workout(client, user, trap, [("normal", 140, 5)])
    await log_workout(client, user, lifts.press, [("normal", 20, 10)])
    parts = [
        part(lifts.squat, target_sets=2),
        part(trap, target_sets=2),
        part(lifts.press, target_sets=1),
    ]
    template = await create(client, user, {"name": "Pulls", "exercises": parts})
    started = await _start(client, user, template["id"], gym_id)
    assert started["loading"]["status"] == "ok"
    squat, deadlift, press = started["exercises"]
    assert {k: squat["bar"][k] for k in ("slug", "mass", "unit")} == {
        "slug": "olympic_20kg",
        "mass": 20,
        "unit": "kg",
    }
    assert squat["bar"]["name"]
    assert (deadlift["bar"]["slug"], deadlift["bar"]["mass"]) == ("trap_hex", 25)
    assert press["bar"] is None
    _assert_loaded_on(squat, 20, [100, 100])
    # Plate-loaded though its load type is trap_bar: 25 + 2 x 57.5 = 140.
    _assert_loaded_on(deadlift, 25, [140, 140])
    assert [(s["plates"], s["warmup"]) for s in press["sets"]] == [(None, None)]
    # The answer's bar stays that of the first plate-loaded exercise.
    assert started["loading"]["bar"] == squat["bar"]


async def test_a_bar_the_gym_lacks_falls_back_to_its_default_bar(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user = await sign_up(client)
    trap = await _exercise(client, "trap_bar_deadlift")
    gym_id = await _gym(client, user, ["olympic_20kg"])  # no trap bar here
    await log_workout(client, user, trap, [("normal", 140, 5)])
    template = await create(client, user, {"name": "D", "exercises": [part(trap, target_sets=1)]})
    started = await _start(client, user, template["id"], gym_id)
    deadlift = started["exercises"][0]
    assert deadlift["bar"]["slug"] == "olympic_20kg"
    assert started["loading"]["bar"]["slug"] == "olympic_20kg"
    _assert_loaded_on(deadlift, 20, [140])


async def test_collars_follow_each_exercises_bar(client: httpx.AsyncClient, lifts: Lifts) -> None:
    user = await sign_up(client)
    trap = await _exercise(client, "trap_bar_deadlift")
    gym_id = await _gym(client, user, ["olympic_20kg", "trap_hex"])
    body = {"items": [{"bar_type": "trap_hex", "mass": 2.5}, {"mass": 0}]}
    url = f"/v1/me/gyms/{gym_id}/collars"
    saved = await client.put(url, headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await log_workout(client, user, lifts.squat, [("normal", 100, 5)])
    await log_workout(client, user, trap, [("normal", 140, 5)])
    parts = [part(lifts.squat, target_sets=1), part(trap, target_sets=1)]
    template = await create(client, user, {"name": "C", "exercises": parts})
    started = await _start(client, user, template["id"], gym_id)
    squat, deadlift = started["exercises"]
    assert bool(squat["sets"][0]["plates"]["achievable"])
    assert 20 + 2 * _per_side_kg(squat["sets"][0]["plates"]["per_side"]) == 100
    # On the trap bar two 2.5 kg collars weigh in: 25 + 5 + 2 x 55 = 140.
    assert 30 + 2 * _per_side_kg(deadlift["sets"][0]["plates"]["per_side"]) == 140
    assert started["loading"]["collar"] == 0  # the squat's bar comes first


async def test_starts_on_several_bars_cost_the_same_statements(
    client: httpx.AsyncClient, lifts: Lifts, catalog: Catalog, query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    trap = await _exercise(client, "trap_bar_deadlift")
    gym_id = await _gym(client, user, ["olympic_20kg", "trap_hex"])
    other_gym = await gym_with_plates(client, user, catalog, STANDARD_PLATES)
    for lift in (lifts.squat, trap, lifts.bench):
        await log_workout(client, user, lift, [("normal", 100, 5)])
    one = await create(client, user, {"name": "1", "exercises": [part(lifts.squat)]})
    many = [part(lift, target_sets=3) for lift in (lifts.squat, trap, lifts.bench) * 4]
    large = await create(client, user, {"name": "12", "exercises": many})
    counts = []
    for template, gym in ((one, gym_id), (large, gym_id), (large, other_gym)):
        before = query_counter.count
        started = await _start(client, user, template["id"], gym)
        counts.append(query_counter.count - before)
        assert started["loading"]["status"] == "ok"
    assert counts == [17, 17, 17]  # the day's readiness score included


async def test_a_curl_bar_never_becomes_an_olympic_bar_and_a_landmine_is_no_total(
    client: httpx.AsyncClient,
) -> None:
    """An EZ-bar curl is planned on the gym's EZ bar or not at all; a landmine press loads
    one end of a bar on the floor, so bar + 2 x plates is not its weight: no plates."""
    user = await sign_up(client)
    curl = await _exercise(client, "ez_bar_curl")
    landmine = await _exercise(client, "landmine_press")
    await log_workout(client, user, curl, [("normal", 30, 10)])
    await log_workout(client, user, landmine, [("normal", 40, 8)])
    parts = [part(curl, target_sets=1), part(landmine, target_sets=1)]
    template = await create(client, user, {"name": "Arms", "exercises": parts})

    without_ez = await _gym(client, user, ["olympic_20kg"])
    started = await _start(client, user, template["id"], without_ez)
    assert [e["bar"] for e in started["exercises"]] == [None, None]
    assert all(s["plates"] is None for e in started["exercises"] for s in e["sets"])

    with_ez = await _gym(client, user, ["olympic_20kg", "ez_curl"])
    curl_bar = (await _start(client, user, template["id"], with_ez))["exercises"][0]
    assert curl_bar["bar"]["slug"] == "ez_curl"
    _assert_loaded_on(curl_bar, 10, [30])

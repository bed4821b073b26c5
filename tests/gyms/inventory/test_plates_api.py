"""POST /v1/plates/solve and /v1/plates/warmup: exact answers, and 422 for impossible input."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import sign_up
from tests.gyms.conftest import assert_problem

KG25_X1_KG15_X2 = [{"mass": 25, "unit": "kg", "pairs": 1}, {"mass": 15, "unit": "kg", "pairs": 2}]


async def _solve(client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    user = await sign_up(client)
    return await client.post("/v1/plates/solve", headers=user.headers, json=body)


async def test_limited_inventory_beats_greedy(client: httpx.AsyncClient) -> None:
    # 30 kg per side from one pair of 25 and two pairs of 15: 15 + 15, not 25 + nothing.
    body = {"target": 80, "unit": "kg", "bar": 20, "collar": 0, "plates": KG25_X1_KG15_X2}
    response = await _solve(client, body)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "achievable": True,
        "total": 80,
        "unit": "kg",
        "per_side": [{"mass": 15, "unit": "kg"}, {"mass": 15, "unit": "kg"}],
        "below": None,
        "above": None,
    }


async def test_the_documented_body_and_its_nearest_loads(client: httpx.AsyncClient) -> None:
    body = {
        "target": 100,
        "unit": "kg",
        "bar": 20,
        "collar": 2.5,
        "plates": [{"mass": 25, "unit": "kg", "pairs": 2}, {"mass": 45, "unit": "lb", "pairs": 1}],
        "previous": [],
    }
    answer = (await _solve(client, body)).json()
    # 37.5 kg per side cannot be made: 25 (75 total) or 25 + 45 lb (115.823 total).
    assert answer["achievable"] is False
    assert answer["below"] == {"total": 75, "per_side": [{"mass": 25, "unit": "kg"}]}
    assert answer["above"] == {
        "total": 115.823,
        "per_side": [{"mass": 25, "unit": "kg"}, {"mass": 45, "unit": "lb"}],
    }
    assert answer["total"] == 115.823  # the nearer of the two
    assert answer["unit"] == "kg"


async def test_mixed_kg_and_lb_plates_hit_an_exact_total(client: httpx.AsyncClient) -> None:
    # 45 lb bar + 4 x 45 lb plates is exactly 225 lb, although no lb mass is whole grams.
    body = {
        "target": 225,
        "unit": "lb",
        "bar": 45,
        "plates": [{"mass": 45, "unit": "lb", "pairs": 2}, {"mass": 20, "unit": "kg", "pairs": 2}],
    }
    answer = (await _solve(client, body)).json()
    assert answer["achievable"] is True
    assert answer["total"] == 225
    assert answer["per_side"] == [{"mass": 45, "unit": "lb"}, {"mass": 45, "unit": "lb"}]
    mixed = {**body, "target": 101, "unit": "kg", "bar": 20}
    # 40.5 kg per side cannot be made: 20 kg + 45 lb is 40.412, 2 x 45 lb is 40.823.
    # (101 kg is 222.67 lb: the two units meet only where the solver computes exactly.)
    near = (await _solve(client, mixed)).json()
    assert near["achievable"] is False
    assert near["below"] == {
        "total": 100.823,
        "per_side": [{"mass": 45, "unit": "lb"}, {"mass": 20, "unit": "kg"}],
    }
    assert near["above"]["total"] == 101.647
    assert near["total"] == 100.823  # 0.177 under beats 0.647 over


async def test_previous_loading_breaks_ties_between_equally_few_plates(
    client: httpx.AsyncClient,
) -> None:
    plates = [{"mass": m, "pairs": 1} for m in (20, 15, 10, 5)]
    body = {"target": 70, "unit": "kg", "bar": 20, "plates": plates}  # 25 kg per side
    fresh = (await _solve(client, body)).json()
    assert fresh["per_side"] == [{"mass": 20, "unit": "kg"}, {"mass": 5, "unit": "kg"}]
    kept = (await _solve(client, {**body, "previous": [15]})).json()
    assert kept["per_side"] == [{"mass": 15, "unit": "kg"}, {"mass": 10, "unit": "kg"}]
    as_objects = {**body, "previous": [{"mass": 15, "unit": "kg"}]}
    assert (await _solve(client, as_objects)).json()["per_side"] == kept["per_side"]


async def test_unit_defaults_to_the_users_unit_system(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    await client.patch("/v1/me", headers=user.headers, json={"unit_system": "imperial"})
    body = {"target": 135, "bar": 45, "plates": [{"mass": 45, "pairs": 1}]}
    answer = (await client.post("/v1/plates/solve", headers=user.headers, json=body)).json()
    assert answer["unit"] == "lb"
    assert answer["achievable"] is True
    assert answer["per_side"] == [{"mass": 45, "unit": "lb"}]


async def test_impossible_input_is_422_problem_json(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    good: dict[str, Any] = {"target": 100, "unit": "kg", "bar": 20, "plates": KG25_X1_KG15_X2}
    bad_bodies: list[dict[str, Any]] = [
        {**good, "plates": [{"mass": -25, "unit": "kg", "pairs": 1}]},
        {**good, "target": 10},  # below the bar
        {**good, "plates": [{"mass": 25, "unit": "kg", "pairs": 10_000}]},
        {**good, "unit": "stone"},
        {**good, "plates": [{"mass": 25, "unit": "stone", "pairs": 1}]},
        {**good, "target": -100},
        {**good, "bar": 0},
        {**good, "collar": -2.5},
        {**good, "target": 5000},
        {**good, "plates": [{"mass": 0.001, "unit": "kg", "pairs": 100}] * 3},
        {**good, "previous": [{"mass": -5}]},
        {**good, "surprise": True},
        {**good, "target": "heavy"},
        {**good, "plates": [{"mass": m / 1000 + 1, "unit": "kg", "pairs": 1} for m in range(61)]},
    ]
    for body in bad_bodies:
        response = await client.post("/v1/plates/solve", headers=user.headers, json=body)
        problem = assert_problem(response, 422)
        assert problem["errors"]
    assert_problem(await client.post("/v1/plates/solve", json=good), 401)


async def test_warmup_ladder_counts_plate_changes(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    body = {
        "targets": [60, 80, 100],
        "unit": "kg",
        "bar": 20,
        "plates": [{"mass": 20, "pairs": 2}, {"mass": 10, "pairs": 2}],
    }
    response = await client.post("/v1/plates/warmup", headers=user.headers, json=body)
    assert response.status_code == 200, response.text
    ladder = response.json()
    assert [s["total"] for s in ladder["steps"]] == [60, 80, 100]
    assert all(s["achievable"] for s in ladder["steps"])
    # Each step may take one plate more than needed if that saves changes later.
    assert [sum(p["mass"] for p in s["per_side"]) for s in ladder["steps"]] == [20, 30, 40]
    assert ladder["steps"][0]["changes"] == 1  # from an empty bar: one 20 per side
    assert ladder["total_changes"] == sum(s["changes"] for s in ladder["steps"])
    too_many = {**body, "targets": [60] * 21}
    assert_problem(await client.post("/v1/plates/warmup", headers=user.headers, json=too_many), 422)
    below_bar = {**body, "targets": [10, 60]}
    assert_problem(
        await client.post("/v1/plates/warmup", headers=user.headers, json=below_bar), 422
    )

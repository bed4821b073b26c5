"""GET /v1/me/gyms/{id}/dumbbells: the gym's dumbbell for a target, or its neighbours."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import SignedUpUser, sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, join


async def _member_of_gym_with(
    client: httpx.AsyncClient, dumbbells: list[dict[str, Any]]
) -> tuple[SignedUpUser, str]:
    """A new gym with this dumbbell rack (its creator stocks it), and a member."""
    user = await sign_up(client)
    gym = await create_gym(client, user)
    body = {"unit": "kg", "dumbbells": dumbbells}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await join(client, user, gym["id"])
    return user, gym["id"]


async def _pick(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str, **params: Any
) -> httpx.Response:
    return await client.get(f"/v1/me/gyms/{gym_id}/dumbbells", headers=user.headers, params=params)


def _kg(mass: float) -> dict[str, Any]:
    return {"mass": mass, "unit": "kg"}


RACK = [{"mass": m, "pairs": 1} for m in (10, 12.5, 15, 17.5)]


async def test_an_exact_match(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user, gym_id = await _member_of_gym_with(client, RACK)
    response = await _pick(client, user, gym_id, target=12.5)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "exact": True,
        "chosen": _kg(12.5),
        "below": None,
        "above": None,
        "unit": "kg",
    }


async def test_between_two_the_nearer_and_on_a_tie_the_lighter(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member_of_gym_with(client, RACK)
    nearer_above = (await _pick(client, user, gym_id, target=14.5)).json()
    assert nearer_above == {
        "exact": False,
        "chosen": _kg(15),
        "below": _kg(12.5),
        "above": _kg(15),
        "unit": "kg",
    }
    tie = (await _pick(client, user, gym_id, target=13.75)).json()
    assert tie["chosen"] == _kg(12.5)
    assert (tie["below"], tie["above"]) == (_kg(12.5), _kg(15))


async def test_below_the_lightest_and_above_the_heaviest(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member_of_gym_with(client, RACK)
    light = (await _pick(client, user, gym_id, target=4)).json()
    assert light == {
        "exact": False,
        "chosen": _kg(10),
        "below": None,
        "above": _kg(10),
        "unit": "kg",
    }
    heavy = (await _pick(client, user, gym_id, target=60)).json()
    assert heavy == {
        "exact": False,
        "chosen": _kg(17.5),
        "below": _kg(17.5),
        "above": None,
        "unit": "kg",
    }


async def test_an_empty_rack_chooses_nothing(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user, gym_id = await _member_of_gym_with(client, [])
    response = await _pick(client, user, gym_id, target=20)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "exact": False,
        "chosen": None,
        "below": None,
        "above": None,
        "unit": "kg",
    }


async def test_masses_in_the_unit_asked_or_the_users(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    rack: list[dict[str, Any]] = [{"mass": 20, "pairs": 1}, {"mass": 45, "unit": "lb", "pairs": 2}]
    user, gym_id = await _member_of_gym_with(client, rack)
    in_lb = (await _pick(client, user, gym_id, target=45, unit="lb")).json()
    assert in_lb == {
        "exact": True,
        "chosen": {"mass": 45, "unit": "lb"},
        "below": None,
        "above": None,
        "unit": "lb",
    }
    # 45 lb is 20.412 kg: 20.2 kg is nearer 20 kg.
    in_kg = (await _pick(client, user, gym_id, target=20.2)).json()
    assert in_kg["exact"] is False
    assert in_kg["chosen"] == _kg(20)
    assert in_kg["above"] == _kg(20.412)
    await client.patch("/v1/me", headers=user.headers, json={"unit_system": "imperial"})
    imperial = (await _pick(client, user, gym_id, target=44.5)).json()
    assert imperial["unit"] == "lb"
    assert imperial["chosen"] == {"mass": 44.092, "unit": "lb"}  # 20 kg, 0.408 lb away
    assert imperial["below"] == {"mass": 44.092, "unit": "lb"}
    assert imperial["above"] == {"mass": 45, "unit": "lb"}


async def test_only_members_may_ask(client: httpx.AsyncClient, catalog: Catalog) -> None:
    _, gym_id = await _member_of_gym_with(client, RACK)
    stranger = await sign_up(client)
    assert_problem(await _pick(client, stranger, gym_id, target=12.5), 404)
    assert_problem(await _pick(client, stranger, str(uuid.uuid4()), target=12.5), 404)
    await join(client, stranger, gym_id)
    assert (await _pick(client, stranger, gym_id, target=12.5)).json()["exact"] is True
    anonymous = await client.get(f"/v1/me/gyms/{gym_id}/dumbbells", params={"target": 12.5})
    assert_problem(anonymous, 401)


async def test_bad_input_is_422_problem_json(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user, gym_id = await _member_of_gym_with(client, RACK)
    bad: list[dict[str, Any]] = [
        {},
        {"target": -5},
        {"target": 0},
        {"target": 0.0001},
        {"target": 1500},  # above the solver's 1000 kg
        {"target": 5000},
        {"target": "heavy"},
        {"target": "NaN"},
        {"target": "Infinity"},
        {"target": "1e400"},
        {"target": 12.5, "unit": "stone"},
    ]
    for params in bad:
        problem = assert_problem(await _pick(client, user, gym_id, **params), 422)
        assert problem["errors"], params
    bad_id = await client.get("/v1/me/gyms/not-a-uuid/dumbbells", headers=user.headers)
    assert_problem(bad_id, 422)

"""GET /v1/me/gyms/{id}/machines/{equipment}: snap a target to a machine's weight stack,
topped with the caller's own miniweights at that gym."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from tests.conftest import SignedUpUser, sign_up
from tests.gyms.conftest import LOCALES, Catalog, assert_problem, create_gym, join

_NS = uuid.UUID("5d0c3c1e-2f4b-4c8e-9d6a-7b1e0f2a9c33")
CABLE = "gymtest-stack-cable"  # 2.5 kg steps up to 50 kg, no base weight
SELECTORIZED = "gymtest-stack-base"  # a 10 kg first plate, then 5 kg steps up to 60 kg
PLATE_LOADED = "gymtest-stack-plate-loaded"  # an increment but no stack maximum
STACKS = (
    # slug, increment_g, base_weight_g, stack_max_g
    (CABLE, 2500, None, 50000),
    (SELECTORIZED, 5000, 10000, 60000),
    (PLATE_LOADED, 2500, 20000, None),
)


def _id(slug: str) -> uuid.UUID:
    return uuid.uuid5(_NS, slug)


@pytest.fixture(scope="module")
def stacks(gym_reference: Catalog, database_target: DatabaseTarget) -> None:
    """Catalog machines with stack profiles (fixed ids: loading twice changes nothing)."""
    with system_transaction(database_target) as conn:
        for slug, increment, base, top in STACKS:
            values = {"i": _id(slug), "s": slug, "inc": increment, "b": base, "m": top}
            conn.execute(
                text(
                    "insert into equipment (id, slug, name, category, load_type) "
                    "values (:i, :s, :s, 'machine', 'machine') on conflict do nothing"
                ),
                values,
            )
            conn.execute(
                text(
                    "insert into equipment_profiles "
                    "(equipment_id, adjustable, increment_g, base_weight_g, stack_max_g) "
                    "values (:i, true, :inc, :b, :m) on conflict do nothing"
                ),
                values,
            )
            for locale in LOCALES:
                conn.execute(
                    text(
                        "insert into equipment_translations (equipment_id, locale, name) "
                        "values (:i, :l, :n) on conflict do nothing"
                    ),
                    {"i": _id(slug), "l": locale, "n": f"{slug} ({locale})"},
                )


async def _member_of_gym_with(
    client: httpx.AsyncClient, equipment: list[dict[str, Any]], miniweights: Sequence[float] = ()
) -> tuple[SignedUpUser, str]:
    """A new gym with this equipment, and a member who keeps these kg miniweights there."""
    user = await sign_up(client)
    gym = await create_gym(client, user)
    body = {"unit": "kg", "equipment": equipment}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await join(client, user, gym["id"])
    await _keep_miniweights(client, user, gym["id"], miniweights)
    return user, gym["id"]


async def _keep_miniweights(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str, masses: Sequence[float]
) -> None:
    body = {"miniweights": [{"mass": m, "unit": "kg", "pairs": 1} for m in masses]}
    saved = await client.put(f"/v1/me/gyms/{gym_id}/miniweights", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text


async def _snap(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str, ref: str, **params: Any
) -> httpx.Response:
    path = f"/v1/me/gyms/{gym_id}/machines/{ref}"
    return await client.get(path, headers=user.headers, params=params)


def _setting(total: float, pin: float, number: int, *add_ons: float) -> dict[str, Any]:
    return {
        "total": total,
        "pin": pin,
        "pin_number": number,
        "add_ons": [{"mass": m, "unit": "kg"} for m in add_ons],
    }


@pytest.mark.usefixtures("stacks")
async def test_an_exact_pin(client: httpx.AsyncClient) -> None:
    user, gym_id = await _member_of_gym_with(client, [{"equipment": CABLE}])
    response = await _snap(client, user, gym_id, CABLE, target=25)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "exact": True,
        "chosen": _setting(25, 25, 10),  # the first pin is one increment: 2.5 kg
        "below": None,
        "above": None,
        "unit": "kg",
    }
    by_id = await _snap(client, user, gym_id, str(_id(CABLE)), target=25)
    assert by_id.json() == response.json()
    between = (await _snap(client, user, gym_id, CABLE, target=26)).json()
    assert between == {
        "exact": False,
        "chosen": _setting(25, 25, 10),
        "below": _setting(25, 25, 10),
        "above": _setting(27.5, 27.5, 11),
        "unit": "kg",
    }


@pytest.mark.usefixtures("stacks")
async def test_miniweights_top_the_stack(client: httpx.AsyncClient) -> None:
    user, gym_id = await _member_of_gym_with(client, [{"equipment": CABLE}], [1.25, 0.5])
    exact = (await _snap(client, user, gym_id, CABLE, target=26.25)).json()
    assert exact["exact"] is True
    assert exact["chosen"] == _setting(26.25, 25, 10, 1.25)
    lighter = (await _snap(client, user, gym_id, CABLE, target=28)).json()
    assert lighter["chosen"] == _setting(28, 27.5, 11, 0.5)
    # 26 kg: 25 + 0.5 is 0.5 under, 25 + 1.25 is 0.25 over.
    near = (await _snap(client, user, gym_id, CABLE, target=26)).json()
    assert near == {
        "exact": False,
        "chosen": _setting(26.25, 25, 10, 1.25),
        "below": _setting(25.5, 25, 10, 0.5),
        "above": _setting(26.25, 25, 10, 1.25),
        "unit": "kg",
    }
    all_on = (await _snap(client, user, gym_id, CABLE, target=26.75)).json()
    assert all_on["chosen"] == _setting(26.75, 25, 10, 1.25, 0.5)  # heaviest first


@pytest.mark.usefixtures("stacks")
async def test_pins_count_from_the_base_weight_and_the_gyms_own_step(
    client: httpx.AsyncClient,
) -> None:
    user, gym_id = await _member_of_gym_with(client, [{"equipment": SELECTORIZED}])
    first = (await _snap(client, user, gym_id, SELECTORIZED, target=10)).json()
    assert first["chosen"] == _setting(10, 10, 1)
    sixth = (await _snap(client, user, gym_id, SELECTORIZED, target=35)).json()
    assert sixth["chosen"] == _setting(35, 35, 6)
    top = (await _snap(client, user, gym_id, SELECTORIZED, target=60)).json()
    assert top["exact"] is True
    assert top["chosen"] == _setting(60, 60, 11)
    # This gym's stack goes up by 4 kg: 10, 14, ..., 58 (60 is not a whole step away).
    own_step = [{"equipment": SELECTORIZED, "stack_increment": 4}]
    other, other_gym = await _member_of_gym_with(client, own_step)
    second = (await _snap(client, other, other_gym, SELECTORIZED, target=14)).json()
    assert second["chosen"] == _setting(14, 14, 2)
    capped = (await _snap(client, other, other_gym, SELECTORIZED, target=60)).json()
    assert capped == {
        "exact": False,
        "chosen": _setting(58, 58, 13),
        "below": _setting(58, 58, 13),
        "above": None,
        "unit": "kg",
    }


@pytest.mark.usefixtures("stacks")
async def test_targets_outside_the_stack(client: httpx.AsyncClient) -> None:
    user, gym_id = await _member_of_gym_with(client, [{"equipment": CABLE}])
    above = (await _snap(client, user, gym_id, CABLE, target=100)).json()
    assert above == {
        "exact": False,
        "chosen": _setting(50, 50, 20),
        "below": _setting(50, 50, 20),
        "above": None,
        "unit": "kg",
    }
    below = (await _snap(client, user, gym_id, CABLE, target=1)).json()
    assert below == {
        "exact": False,
        "chosen": _setting(2.5, 2.5, 1),
        "below": None,
        "above": _setting(2.5, 2.5, 1),
        "unit": "kg",
    }
    await _keep_miniweights(client, user, gym_id, [1.25])
    topped = (await _snap(client, user, gym_id, CABLE, target=100)).json()
    assert topped["chosen"] == _setting(51.25, 50, 20, 1.25)  # past the stack, add-on on top
    assert topped["above"] is None


@pytest.mark.usefixtures("stacks")
async def test_answers_in_the_unit_asked(client: httpx.AsyncClient) -> None:
    user, gym_id = await _member_of_gym_with(client, [{"equipment": CABLE}], [1.25])
    # 60 lb is 27.216 kg: pin 11 (27.5 kg) is 0.284 kg away.
    answer = (await _snap(client, user, gym_id, CABLE, target=60, unit="lb")).json()
    assert answer["unit"] == "lb"
    assert answer["exact"] is False
    assert answer["chosen"] == {"total": 60.627, "pin": 60.627, "pin_number": 11, "add_ons": []}
    assert answer["below"]["total"] == 57.871  # 25 + 1.25 kg
    assert answer["below"]["add_ons"] == [{"mass": 1.25, "unit": "kg"}]


@pytest.mark.usefixtures("stacks")
async def test_equipment_without_stack_data_is_422(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    equipment = [{"equipment": PLATE_LOADED}, {"equipment": catalog.lat_pulldown}]
    user, gym_id = await _member_of_gym_with(client, equipment)
    for ref in (PLATE_LOADED, catalog.lat_pulldown):  # no maximum; no profile at all
        problem = assert_problem(await _snap(client, user, gym_id, ref, target=20), 422)
        assert "no weight stack" in problem["detail"]
        assert problem["errors"][0]["loc"] == ["equipment"]


@pytest.mark.usefixtures("stacks")
async def test_unknown_equipment_or_not_at_this_gym_is_404(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member_of_gym_with(client, [{"equipment": CABLE}])
    for ref in (
        SELECTORIZED,  # in the catalog, not in this gym
        str(_id(SELECTORIZED)),
        "no-such-machine",
        str(uuid.uuid4()),
        "Not A Slug!",
        "nul%00byte",
    ):
        assert_problem(await _snap(client, user, gym_id, ref, target=20), 404)


@pytest.mark.usefixtures("stacks")
async def test_members_only_and_each_their_own_miniweights(client: httpx.AsyncClient) -> None:
    alice, gym_id = await _member_of_gym_with(client, [{"equipment": CABLE}], [1.25])
    bob = await sign_up(client)
    assert_problem(await _snap(client, bob, gym_id, CABLE, target=26.25), 404)
    assert_problem(await _snap(client, bob, str(uuid.uuid4()), CABLE, target=26.25), 404)
    await join(client, bob, gym_id)  # same gym: the stack, but not Alice's miniweights
    bobs = (await _snap(client, bob, gym_id, CABLE, target=26.25)).json()
    assert bobs["exact"] is False
    assert (bobs["below"], bobs["above"]) == (_setting(25, 25, 10), _setting(27.5, 27.5, 11))
    assert bobs["chosen"] == _setting(25, 25, 10)  # a tie: the lighter
    alices = (await _snap(client, alice, gym_id, CABLE, target=26.25)).json()
    assert alices["chosen"] == _setting(26.25, 25, 10, 1.25)
    anonymous = await client.get(f"/v1/me/gyms/{gym_id}/machines/{CABLE}", params={"target": 20})
    assert_problem(anonymous, 401)


@pytest.mark.usefixtures("stacks")
async def test_bad_input_is_422_problem_json(client: httpx.AsyncClient) -> None:
    user, gym_id = await _member_of_gym_with(client, [{"equipment": CABLE}])
    bad: list[dict[str, Any]] = [
        {},
        {"target": -5},
        {"target": 0},
        {"target": 1500},
        {"target": 1e9},
        {"target": "heavy"},
        {"target": "NaN"},
        {"target": 20, "unit": "stone"},
    ]
    for params in bad:
        problem = assert_problem(await _snap(client, user, gym_id, CABLE, **params), 422)
        assert problem["errors"], params
    long_ref = "x" * 121
    assert_problem(await _snap(client, user, gym_id, long_ref, target=20), 422)

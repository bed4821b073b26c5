"""A person's plates, miniweights and collars at a gym, and the loads they make."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import SignedUpUser, sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, join


async def _member_of_new_gym(
    client: httpx.AsyncClient, catalog: Catalog
) -> tuple[SignedUpUser, str]:
    user = await sign_up(client)
    gym = await create_gym(client, user)
    body = {"bar_types": [{"bar_type": catalog.olympic_kg}, {"bar_type": catalog.olympic_lb}]}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200
    await join(client, user, gym["id"])
    return user, gym["id"]


async def test_plates_miniweights_and_collar_round_trip(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member_of_new_gym(client, catalog)
    base = f"/v1/me/gyms/{gym_id}"
    plates = {"plates": [{"mass": 20, "pairs": 2}, {"mass": 45, "unit": "lb", "pairs": 1}]}
    saved = await client.put(f"{base}/plates", headers=user.headers, json=plates)
    assert saved.status_code == 200, saved.text
    assert saved.json()["plates"] == [
        {"mass": 45, "unit": "lb", "pairs": 1},
        {"mass": 20, "unit": "kg", "pairs": 2},
    ]
    minis = {"miniweights": [{"mass": 0.5, "pairs": 1}, {"mass": 1.25, "pairs": 1}]}
    saved_minis = await client.put(f"{base}/miniweights", headers=user.headers, json=minis)
    assert [m["mass"] for m in saved_minis.json()["miniweights"]] == [1.25, 0.5]
    assert (await client.get(f"{base}/collars", headers=user.headers)).json() == {"items": []}
    collars = {"items": [{"bar_type": None, "mass": 2.5}]}
    collar = await client.put(f"{base}/collars", headers=user.headers, json=collars)
    assert collar.json() == {"items": [{"bar_type": None, "mass": 2.5, "unit": "kg"}]}
    assert (await client.get(f"{base}/collars", headers=user.headers)).json() == collar.json()
    assert (await client.get(f"{base}/plates", headers=user.headers)).json() == saved.json()
    assert (
        await client.get(f"{base}/miniweights", headers=user.headers)
    ).json() == saved_minis.json()


async def test_bad_inventory_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member_of_new_gym(client, catalog)
    url = f"/v1/me/gyms/{gym_id}/plates"
    good = {"plates": [{"mass": 25, "pairs": 2}]}
    assert (await client.put(url, headers=user.headers, json=good)).status_code == 200
    bad_bodies: list[dict[str, Any]] = [
        {"plates": [{"mass": -25, "pairs": 2}]},
        {"plates": [{"mass": 25, "pairs": 10_000}]},
        {"plates": [{"mass": 25, "unit": "stone", "pairs": 1}]},
        {"plates": [{"mass": 25, "pairs": 1}, {"mass": 25.0, "pairs": 1}]},
        {"plates": [{"mass": 500, "pairs": 1}]},
        {"plates": [{"mass": "lots", "pairs": 1}]},
        {
            "plates": [
                {"mass": 25, "pairs": 100},
                {"mass": 20, "pairs": 100},
                {"mass": 1, "pairs": 1},
            ]
        },
    ]
    for body in bad_bodies:
        assert_problem(await client.put(url, headers=user.headers, json=body), 422)
    assert (await client.get(url, headers=user.headers)).json()["plates"] == [
        {"mass": 25, "unit": "kg", "pairs": 2}
    ]
    minis = f"/v1/me/gyms/{gym_id}/miniweights"
    too_heavy = {"miniweights": [{"mass": 10, "pairs": 1}]}
    assert_problem(await client.put(minis, headers=user.headers, json=too_heavy), 422)
    collar = f"/v1/me/gyms/{gym_id}/collars"
    negative = {"items": [{"mass": -1}]}
    assert_problem(await client.put(collar, headers=user.headers, json=negative), 422)


async def test_loads_solve_with_my_iron_at_the_gym(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member_of_new_gym(client, catalog)
    base = f"/v1/me/gyms/{gym_id}"
    plates = {"plates": [{"mass": 25, "pairs": 1}, {"mass": 15, "pairs": 2}]}
    await client.put(f"{base}/plates", headers=user.headers, json=plates)
    solved = await client.get(f"{base}/loads", headers=user.headers, params={"target": 80})
    assert solved.status_code == 200, solved.text
    body = solved.json()
    assert body["achievable"] is True
    assert body["per_side"] == [{"mass": 15, "unit": "kg"}, {"mass": 15, "unit": "kg"}]
    collars = {"items": [{"mass": 2.5}]}  # any bar
    await client.put(f"{base}/collars", headers=user.headers, json=collars)
    near = (await client.get(f"{base}/loads", headers=user.headers, params={"target": 80})).json()
    assert near["achievable"] is False
    assert (near["below"]["total"], near["above"]["total"]) == (75, 85)
    # 45 lb bar + 2 x 2.5 kg collars + 2 x 25 kg = 166.254 lb; 2 g of rounding is in tolerance.
    in_lb = (
        await client.get(
            f"{base}/loads",
            headers=user.headers,
            params={"target": 166.254, "unit": "lb", "bar_type": catalog.olympic_lb},
        )
    ).json()
    assert in_lb["unit"] == "lb"
    assert in_lb["achievable"] is True
    assert in_lb["total"] == 166.254
    assert in_lb["per_side"] == [{"mass": 25, "unit": "kg"}]


async def test_loads_listing_pages_by_total(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user, gym_id = await _member_of_new_gym(client, catalog)
    base = f"/v1/me/gyms/{gym_id}"
    plates = {
        "plates": [{"mass": 20, "pairs": 1}, {"mass": 10, "pairs": 1}, {"mass": 5, "pairs": 1}]
    }
    await client.put(f"{base}/plates", headers=user.headers, json=plates)
    params: dict[str, Any] = {"bar_type": catalog.olympic_kg, "limit": 3}
    first = (await client.get(f"{base}/loads", headers=user.headers, params=params)).json()
    assert first["bar"]["slug"] == catalog.olympic_kg
    totals = [x["total"] for x in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = (
            await client.get(
                f"{base}/loads", headers=user.headers, params={**params, "cursor": cursor}
            )
        ).json()
        totals += [x["total"] for x in page["items"]]
        cursor = page["next_cursor"]
    # Per side: every subset sum of {20, 10, 5} -> 0..35 in steps of 5.
    assert totals == [20 + 2 * side for side in range(0, 40, 5)]
    window = await client.get(f"{base}/loads", headers=user.headers, params={"min": 40, "max": 60})
    assert [x["total"] for x in window.json()["items"]] == [40, 50, 60]


async def test_loads_bad_input_is_422_or_404(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user, gym_id = await _member_of_new_gym(client, catalog)
    base = f"/v1/me/gyms/{gym_id}/loads"
    await client.put(
        f"/v1/me/gyms/{gym_id}/plates",
        headers=user.headers,
        json={"plates": [{"mass": 10, "pairs": 1}]},
    )
    bad: list[dict[str, str | int]] = [
        {"target": 10},  # below the bar
        {"target": 100, "unit": "stone"},
        {"target": 100, "bar_type": "no-such-bar"},
        {"target": 100, "bar_type": catalog.fixed_bar},
        {"target": -5},
        {"min": 80, "max": 40},
        {"cursor": "not-a-cursor"},
    ]
    for params in bad:
        assert_problem(await client.get(base, headers=user.headers, params=params), 422)
    stranger = await sign_up(client)
    assert_problem(await client.get(base, headers=stranger.headers, params={"target": 40}), 404)

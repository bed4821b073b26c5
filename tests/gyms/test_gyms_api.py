"""Cities and gyms: search, creation, near-search ordering, editing and equipment rights."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, platform_admin

MADRID = (40.4168, -3.7038)


async def test_city_search_ignores_accents_and_case(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user = await sign_up(client)
    for query, expected in (("bogota", "Bogotá"), ("KRAKÓW", "Kraków"), ("sao p", "São Paulo")):
        response = await client.get("/v1/cities", headers=user.headers, params={"q": query})
        assert response.status_code == 200
        assert expected in [c["name"] for c in response.json()["items"]]
    wildcard = await client.get("/v1/cities", headers=user.headers, params={"q": "%"})
    assert wildcard.json()["items"] == []


async def test_cities_page_with_a_stable_order(client: httpx.AsyncClient, catalog: Catalog) -> None:
    first = (await client.get("/v1/cities", params={"limit": 5})).json()
    second = (
        await client.get("/v1/cities", params={"limit": 5, "cursor": first["next_cursor"]})
    ).json()
    names = [c["name"] for c in first["items"] + second["items"]]
    assert len(names) == len(set(names)) == 10
    assert first["next_cursor"]
    assert second["next_cursor"]
    bad = await client.get("/v1/cities", params={"cursor": "bm90LWEtY3Vyc29y"})
    assert_problem(bad, 422)


async def test_create_gym_makes_the_creator_its_admin(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user = await sign_up(client)
    madrid = (await client.get("/v1/cities", params={"q": "madrid"})).json()["items"][0]
    gym = await create_gym(
        client, user, name="  Hierro Club ", city_id=madrid["id"], time_zone=None, address="Calle 1"
    )
    assert gym["name"] == "Hierro Club"
    assert gym["time_zone"] == "Europe/Madrid"  # taken from the city
    assert gym["city_name"] == "Madrid"
    assert gym["my_role"] == "admin"
    assert gym["is_member"] is False
    assert gym["verified"] is False
    assert (gym["equipment"], gym["bar_types"], gym["dumbbells"]) == ([], [], [])
    other = await sign_up(client)
    seen = (await client.get(f"/v1/gyms/{gym['id']}", headers=other.headers)).json()
    assert seen["my_role"] is None
    assert seen["name"] == "Hierro Club"


async def test_create_gym_refuses_bad_input_and_changes_nothing(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user = await sign_up(client)
    name = f"Refused {uuid.uuid4().hex[:8]}"
    bad_bodies = [
        {"name": name, "time_zone": "Mars/Olympus"},
        {"name": name},  # no time zone and no city
        {"name": name, "time_zone": "UTC", "latitude": 40.0},
        {"name": name, "time_zone": "UTC", "latitude": 91, "longitude": 0},
        {"name": name, "time_zone": "UTC", "city_id": str(uuid.uuid4())},
        {"name": "   ", "time_zone": "UTC"},
        {"name": name, "time_zone": "UTC", "verified": True},
    ]
    for body in bad_bodies:
        assert_problem(await client.post("/v1/gyms", headers=user.headers, json=body), 422)
    found = await client.get("/v1/gyms", headers=user.headers, params={"q": name})
    assert found.json()["items"] == []
    assert_problem(await client.post("/v1/gyms", json={"name": name, "time_zone": "UTC"}), 401)


async def test_client_chosen_gym_id_is_idempotent_409(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user = await sign_up(client)
    gym_id = str(uuid.uuid4())
    gym = await create_gym(client, user, id=gym_id)
    assert gym["id"] == gym_id
    again = await client.post(
        "/v1/gyms", headers=user.headers, json={"id": gym_id, "name": "X", "time_zone": "UTC"}
    )
    assert_problem(again, 409)


async def test_near_search_orders_by_distance(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user = await sign_up(client)
    tag = uuid.uuid4().hex[:8]
    # About 0.5 km, 3 km and 12 km from the centre of Madrid; Barcelona is ~500 km away.
    points = {
        "far": (40.5247, -3.7038),
        "near": (40.4213, -3.7038),
        "middle": (40.4438, -3.7038),
        "barcelona": (41.3874, 2.1686),
    }
    ids = {}
    for label, (lat, lon) in points.items():
        gym = await create_gym(client, user, name=f"{label} {tag}", latitude=lat, longitude=lon)
        ids[gym["id"]] = label
    params: dict[str, str | int] = {"near": f"{MADRID[0]},{MADRID[1]}", "radius_km": 20, "q": tag}
    found = (await client.get("/v1/gyms", headers=user.headers, params=params)).json()["items"]
    assert [ids[g["id"]] for g in found] == ["near", "middle", "far"]
    distances = [g["distance_km"] for g in found]
    assert distances == sorted(distances)
    assert 0.3 < distances[0] < 0.7
    assert 11 < distances[2] < 13
    paged = await client.get("/v1/gyms", headers=user.headers, params={**params, "limit": 2})
    rest = await client.get(
        "/v1/gyms",
        headers=user.headers,
        params={**params, "limit": 2, "cursor": paged.json()["next_cursor"]},
    )
    assert [ids[g["id"]] for g in paged.json()["items"] + rest.json()["items"]] == [
        "near",
        "middle",
        "far",
    ]
    wide = await client.get("/v1/gyms", headers=user.headers, params={**params, "radius_km": 1000})
    assert [ids[g["id"]] for g in wide.json()["items"]][-1] == "barcelona"


async def test_near_search_bad_input_is_422(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user = await sign_up(client)
    bad: list[dict[str, str | int]] = [
        {"near": "north"},
        {"near": "40.4"},
        {"near": "95,0"},
        {"near": "40,-3", "radius_km": -1},
        {"near": "nan,0"},
    ]
    for params in bad:
        assert_problem(await client.get("/v1/gyms", headers=user.headers, params=params), 422)


async def test_only_gym_admins_edit_the_gym(client: httpx.AsyncClient, catalog: Catalog) -> None:
    admin, stranger = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, admin, name="Before")
    url = f"/v1/gyms/{gym['id']}"
    refused = await client.patch(url, headers=stranger.headers, json={"name": "Hijacked"})
    assert_problem(refused, 403)
    missing = await client.patch(
        f"/v1/gyms/{uuid.uuid4()}", headers=admin.headers, json={"name": "X"}
    )
    assert_problem(missing, 404)
    half = await client.patch(url, headers=admin.headers, json={"latitude": 1})
    assert_problem(half, 422)
    done = await client.patch(
        url, headers=admin.headers, json={"name": "After", "latitude": 1.5, "longitude": 2.5}
    )
    assert done.status_code == 200
    assert (done.json()["name"], done.json()["latitude"]) == ("After", 1.5)
    assert (await client.get(url, headers=stranger.headers)).json()["name"] == "After"


async def test_equipment_is_edited_by_gym_staff_only(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str
) -> None:
    admin, stranger = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, admin)
    url = f"/v1/gyms/{gym['id']}/equipment"
    body = {
        "unit": "kg",
        "equipment": [
            {"equipment": catalog.lat_pulldown, "quantity": 2, "stack_increment": 5},
            {"equipment": catalog.leg_press},
        ],
        "bar_types": [{"bar_type": catalog.olympic_kg, "quantity": 4}],
        "dumbbells": [{"mass": 10, "pairs": 1}, {"mass": 25, "unit": "lb"}],
    }
    assert_problem(await client.put(url, headers=stranger.headers, json=body), 403)
    assert_problem(
        await client.put(f"/v1/gyms/{uuid.uuid4()}/equipment", headers=admin.headers, json=body),
        404,
    )
    saved = await client.put(url, headers=admin.headers, json=body)
    assert saved.status_code == 200, saved.text
    detail = (await client.get(f"/v1/gyms/{gym['id']}", headers=stranger.headers)).json()
    equipment = {e["slug"]: e for e in detail["equipment"]}
    assert equipment[catalog.lat_pulldown]["quantity"] == 2
    assert equipment[catalog.lat_pulldown]["stack_increment"] == 5
    assert equipment[catalog.leg_press]["stack_increment"] is None
    assert [(b["slug"], b["mass"], b["unit"]) for b in detail["bar_types"]] == [
        (catalog.olympic_kg, 20, "kg")
    ]
    assert {(d["mass"], d["unit"]) for d in detail["dumbbells"]} == {(10, "kg"), (25, "lb")}

    platform = await platform_admin(client, owner_url)
    cleared = await client.put(url, headers=platform.headers, json={"equipment": []})
    assert cleared.status_code == 200
    assert cleared.json()["equipment"] == []


async def test_bad_equipment_changes_nothing(client: httpx.AsyncClient, catalog: Catalog) -> None:
    admin = await sign_up(client)
    gym = await create_gym(client, admin)
    url = f"/v1/gyms/{gym['id']}/equipment"
    good = {"equipment": [{"equipment": catalog.leg_press}]}
    assert (await client.put(url, headers=admin.headers, json=good)).status_code == 200
    for body in (
        {"equipment": [{"equipment": "no-such-thing"}]},
        {"equipment": [{"equipment": catalog.retired}]},
        {"equipment": [{"equipment": catalog.leg_press}, {"equipment": catalog.leg_press}]},
        {"equipment": [{"equipment": catalog.leg_press, "stack_increment": -5}]},
        {"equipment": [{"equipment": catalog.leg_press, "stack_increment": 500}]},
        {"bar_types": [{"bar_type": "no-such-bar"}]},
        {"dumbbells": [{"mass": 0.0001, "unit": "lb"}]},
        {"dumbbells": [{"mass": 10, "unit": "stone"}]},
        {"equipment": [{"equipment": catalog.leg_press, "quantity": 0}]},
    ):
        assert_problem(await client.put(url, headers=admin.headers, json=body), 422)
    detail = (await client.get(f"/v1/gyms/{gym['id']}", headers=admin.headers)).json()
    assert [e["slug"] for e in detail["equipment"]] == [catalog.leg_press]


async def test_stack_increment_follows_the_users_unit(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    admin = await sign_up(client)
    await client.patch("/v1/me", headers=admin.headers, json={"unit_system": "imperial"})
    gym = await create_gym(client, admin)
    body = {"equipment": [{"equipment": catalog.lat_pulldown, "stack_increment": 10}]}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=admin.headers, json=body)
    assert saved.json()["unit"] == "lb"
    assert saved.json()["equipment"][0]["stack_increment"] == 10
    metric = await sign_up(client)
    seen = (await client.get(f"/v1/gyms/{gym['id']}", headers=metric.headers)).json()
    assert seen["unit"] == "kg"
    assert seen["equipment"][0]["stack_increment"] == 4.536

"""A person's collars at a gym: one per bar type plus an "any bar" entry, replaced as a
whole set, and the collar the loads endpoint picks for the bar in use."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, join
from tests.support import as_user


async def _member(client: httpx.AsyncClient, catalog: Catalog) -> tuple[SignedUpUser, str]:
    """A member of a new gym that has both Olympic bars."""
    user = await sign_up(client)
    gym = await create_gym(client, user)
    body = {"bar_types": [{"bar_type": catalog.olympic_kg}, {"bar_type": catalog.olympic_lb}]}
    saved = await client.put(f"/v1/gyms/{gym['id']}/equipment", headers=user.headers, json=body)
    assert saved.status_code == 200, saved.text
    await join(client, user, gym["id"])
    return user, gym["id"]


async def _put(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str, items: list[Any]
) -> httpx.Response:
    return await client.put(
        f"/v1/me/gyms/{gym_id}/collars", headers=user.headers, json={"items": items}
    )


async def _get(client: httpx.AsyncClient, user: SignedUpUser, gym_id: str) -> Any:
    response = await client.get(f"/v1/me/gyms/{gym_id}/collars", headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _bar_id(client: httpx.AsyncClient, user: SignedUpUser, slug: str) -> str:
    bars = (await client.get("/v1/bar-types", headers=user.headers)).json()["items"]
    return next(str(b["id"]) for b in bars if b["slug"] == slug)


async def test_collars_round_trip_per_bar_type_with_exact_units(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    user, gym_id = await _member(client, catalog)
    assert await _get(client, user, gym_id) == {"items": []}
    saved = await _put(
        client,
        user,
        gym_id,
        [
            {"bar_type": catalog.olympic_lb, "mass": 5, "unit": "lb"},
            {"bar_type": None, "mass": 2.5},
            {"bar_type": catalog.olympic_kg, "mass": 0},
        ],
    )
    assert saved.status_code == 200, saved.text
    expected = {
        "items": [
            {"bar_type": None, "mass": 2.5, "unit": "kg"},
            {"bar_type": catalog.olympic_kg, "mass": 0, "unit": "kg"},
            {"bar_type": catalog.olympic_lb, "mass": 5, "unit": "lb"},
        ]
    }
    assert saved.json() == expected
    assert await _get(client, user, gym_id) == expected
    async with as_user(authenticator_dsn, user.id) as conn:
        stored = await conn.fetch(
            "select c.mass, c.unit, c.mass_g from user_gym_collars c "
            "left join bar_types b on b.id = c.bar_type_id "
            "where c.user_id = $1 order by b.slug nulls first",
            user.id,
        )
    # 5 lb stays exactly 5 lb; its grams are rounded for queries only.
    assert [tuple(r) for r in stored] == [
        (Decimal("2.500"), "kg", 2500),
        (Decimal("0.000"), "kg", 0),
        (Decimal("5.000"), "lb", 2268),
    ]


async def test_bar_type_by_id_and_bare_numbers_in_the_callers_unit(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member(client, catalog)
    patched = await client.patch("/v1/me", headers=user.headers, json={"unit_system": "imperial"})
    assert patched.status_code == 200, patched.text
    by_id = await _bar_id(client, user, catalog.olympic_kg)
    saved = await _put(client, user, gym_id, [{"bar_type": by_id, "mass": 1.25}, {"mass": 0}])
    assert saved.status_code == 200, saved.text
    assert saved.json()["items"] == [
        {"bar_type": None, "mass": 0, "unit": "lb"},
        {"bar_type": catalog.olympic_kg, "mass": 1.25, "unit": "lb"},
    ]


async def test_put_replaces_the_whole_set(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user, gym_id = await _member(client, catalog)
    first = [{"mass": 2.5}, {"bar_type": catalog.olympic_kg, "mass": 1}]
    assert (await _put(client, user, gym_id, first)).status_code == 200
    second = [{"bar_type": catalog.olympic_lb, "mass": 3, "unit": "lb"}]
    replaced = await _put(client, user, gym_id, second)
    assert replaced.json() == {"items": [{"bar_type": catalog.olympic_lb, "mass": 3, "unit": "lb"}]}
    assert await _get(client, user, gym_id) == replaced.json()
    # The same bar again with another mass: replaced, not a conflict.
    again = await _put(client, user, gym_id, [{"bar_type": catalog.olympic_lb, "mass": 0}])
    assert again.json()["items"] == [{"bar_type": catalog.olympic_lb, "mass": 0, "unit": "kg"}]
    cleared = await _put(client, user, gym_id, [])
    assert cleared.json() == {"items": []}
    assert await _get(client, user, gym_id) == {"items": []}


async def _loads(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str, **params: Any
) -> dict[str, Any]:
    response = await client.get(f"/v1/me/gyms/{gym_id}/loads", headers=user.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_loads_use_the_bars_own_collar_else_the_any_bar_one_else_none(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member(client, catalog)
    await client.put(
        f"/v1/me/gyms/{gym_id}/plates",
        headers=user.headers,
        json={"plates": [{"mass": 10, "pairs": 1}]},
    )
    kg_bar, lb_bar = catalog.olympic_kg, catalog.olympic_lb
    # Nothing set: no collar on any bar.
    assert (await _loads(client, user, gym_id, bar_type=kg_bar))["collar"] == 0
    solved = await _loads(client, user, gym_id, bar_type=kg_bar, target=40)
    assert (solved["achievable"], solved["per_side"]) == (True, [{"mass": 10, "unit": "kg"}])

    # Only the any-bar entry: every bar uses it.
    await _put(client, user, gym_id, [{"mass": 2.5}])
    assert (await _loads(client, user, gym_id, bar_type=kg_bar))["collar"] == 2.5
    assert (await _loads(client, user, gym_id, bar_type=lb_bar))["collar"] == 2.5
    solved = await _loads(client, user, gym_id, bar_type=kg_bar, target=45)
    assert (solved["achievable"], solved["total"]) == (True, 45)

    # The kg bar gets its own (1 kg); the lb bar still falls back to the any-bar 2.5 kg.
    await _put(client, user, gym_id, [{"mass": 2.5}, {"bar_type": kg_bar, "mass": 1}])
    assert (await _loads(client, user, gym_id, bar_type=kg_bar))["collar"] == 1
    assert (await _loads(client, user, gym_id, bar_type=lb_bar))["collar"] == 2.5
    solved = await _loads(client, user, gym_id, bar_type=kg_bar, target=42)
    assert (solved["achievable"], solved["per_side"]) == (True, [{"mass": 10, "unit": "kg"}])
    missed = await _loads(client, user, gym_id, bar_type=kg_bar, target=45)
    assert missed["achievable"] is False
    assert (missed["below"]["total"], missed["above"]) == (42, None)  # 42 is all there is
    # Without bar_type the gym's bar in the caller's unit (the kg bar) is assumed.
    default = await _loads(client, user, gym_id)
    assert (default["bar"]["slug"], default["collar"]) == (kg_bar, 1)

    # The lb bar's own collar, in lb, exactly: 45 lb + 2 x 5 lb + 2 x 10 kg.
    await _put(client, user, gym_id, [{"mass": 2.5}, {"bar_type": lb_bar, "mass": 5, "unit": "lb"}])
    listed = await _loads(client, user, gym_id, bar_type=lb_bar, unit="lb")
    assert listed["collar"] == 5
    target = 55 + 20_000 / 453.59237
    solved = await _loads(client, user, gym_id, bar_type=lb_bar, unit="lb", target=round(target, 3))
    assert solved["achievable"] is True
    assert solved["per_side"] == [{"mass": 10, "unit": "kg"}]
    # ... while the kg bar, with no entry of its own now, is back on the any-bar collar.
    assert (await _loads(client, user, gym_id, bar_type=kg_bar))["collar"] == 2.5

    # Only a per-bar entry: other bars get none.
    await _put(client, user, gym_id, [{"bar_type": lb_bar, "mass": 5, "unit": "lb"}])
    assert (await _loads(client, user, gym_id, bar_type=kg_bar))["collar"] == 0


async def test_bad_collars_are_refused_and_change_nothing(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    user, gym_id = await _member(client, catalog)
    good = [{"mass": 2.5}, {"bar_type": catalog.olympic_kg, "mass": 1}]
    before = (await _put(client, user, gym_id, good)).json()
    kg_id = await _bar_id(client, user, catalog.olympic_kg)
    url = f"/v1/me/gyms/{gym_id}/collars"
    bad_bodies: list[Any] = [
        {"items": [{"bar_type": "no-such-bar", "mass": 1}]},
        {"items": [{"bar_type": str(uuid.uuid4()), "mass": 1}]},
        {"items": [{"bar_type": catalog.fixed_bar, "mass": 1}]},  # takes no plates
        {"items": [{"bar_type": catalog.olympic_kg, "mass": 1}] * 2},
        {"items": [{"bar_type": catalog.olympic_kg, "mass": 1}, {"bar_type": kg_id, "mass": 2}]},
        {"items": [{"mass": 1}, {"bar_type": None, "mass": 2}]},
        {"items": [{"mass": -1}]},
        {"items": [{"mass": 50}]},  # 50 kg collars
        {"items": [{"mass": 30, "unit": "lb"}]},
        {"items": [{"mass": 5000}]},
        {"items": [{"mass": 1.2345}]},
        {"items": [{"mass": "heavy"}]},
        {"items": [{"mass": 1, "unit": "stone"}]},
        {"items": [{"mass": 1, "pairs": 1}]},
        {"items": [{"mass": 1}], "unit": "kg"},
        {"items": [{"bar_type": "", "mass": 1}]},
        {"items": [{"bar_type": "x" * 121, "mass": 1}]},
        {"items": [{"mass": 1}] * 51},
        {"mass": 2.5},  # the old single-collar shape
        {},
        [],
    ]
    for body in bad_bodies:
        assert_problem(await client.put(url, headers=user.headers, json=body), 422)
    assert await _get(client, user, gym_id) == before
    # The field at fault is named.
    twice = [{"mass": 1}, {"bar_type": catalog.olympic_kg, "mass": 1}, {"mass": 2}]
    problem = assert_problem(await _put(client, user, gym_id, twice), 422)
    assert problem["errors"][0]["loc"] == ["items", "2", "bar_type"]
    unknown = [{"mass": 1}, {"bar_type": "no-such-bar", "mass": 1}]
    problem = assert_problem(await _put(client, user, gym_id, unknown), 422)
    assert problem["errors"][0]["loc"] == ["items", "1", "bar_type"]
    assert await _get(client, user, gym_id) == before


async def test_collars_need_a_membership(client: httpx.AsyncClient, catalog: Catalog) -> None:
    owner, gym_id = await _member(client, catalog)
    stranger = await sign_up(client)
    assert_problem(await client.get(f"/v1/me/gyms/{gym_id}/collars", headers=stranger.headers), 404)
    assert_problem(await _put(client, stranger, gym_id, [{"mass": 1}]), 404)
    assert_problem(await _put(client, owner, str(uuid.uuid4()), [{"mass": 1}]), 404)


async def test_one_any_bar_entry_per_person_and_gym_in_the_database(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    """NULLS NOT DISTINCT: two null (any bar) rows collide like two rows for one bar."""
    user, gym_id = await _member(client, catalog)
    await _put(client, user, gym_id, [{"mass": 2.5}, {"bar_type": catalog.olympic_kg, "mass": 1}])
    insert = (
        "insert into user_gym_collars (user_id, gym_id, bar_type_id, mass, unit, mass_g) "
        "values ($1, $2, {bar}, 1, 'kg', 1000)"
    )
    for bar in ("null", f"(select id from bar_types where slug = '{catalog.olympic_kg}')"):
        async with as_user(authenticator_dsn, user.id) as conn:
            with pytest.raises(asyncpg.UniqueViolationError):
                await conn.execute(insert.format(bar=bar), user.id, uuid.UUID(gym_id))


async def test_concurrent_replacements_serialise(client: httpx.AsyncClient) -> None:
    """Ten simultaneous PUTs of one person's collars and plates all succeed, none races."""
    import asyncio

    from tests.conftest import sign_up
    from tests.gyms.conftest import create_gym, join

    owner, lifter = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    await join(client, lifter, gym["id"])
    base = f"/v1/me/gyms/{gym['id']}"
    collars = [
        client.put(
            f"{base}/collars",
            headers=lifter.headers,
            json={"items": [{"bar_type": None, "mass": i / 4, "unit": "kg"}]},
        )
        for i in range(10)
    ]
    plates = [
        client.put(
            f"{base}/plates",
            headers=lifter.headers,
            json={"plates": [{"mass": 20, "unit": "kg", "pairs": i + 1}]},
        )
        for i in range(10)
    ]
    responses = await asyncio.gather(*collars, *plates)
    assert [r.status_code for r in responses] == [200] * 20
    final = (await client.get(f"{base}/collars", headers=lifter.headers)).json()["items"]
    assert len(final) == 1

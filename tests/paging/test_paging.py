"""Every list, walked page by page with small limits, gives exactly the full set in its
documented order: nothing lost, nothing twice, ties in the sort key broken by id.

The expected order is computed here from the documented key, not read back from the
server, so a list whose keyset is reversed (or whose comparison disagrees with its ORDER BY)
fails.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SignedUpUser, sign_up, sign_up_admin
from tests.gyms.conftest import Catalog, create_gym, join
from tests.paging.conftest import Lister

PROPERTY = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
Item = dict[str, Any]


async def walk(
    client: httpx.AsyncClient,
    path: str,
    limit: int,
    headers: dict[str, str] | None = None,
    **params: Any,
) -> list[Item]:
    """All items of a list, following `next_cursor`, with no id seen twice."""
    items: list[Item] = []
    cursor: str | None = None
    for _ in range(1000):
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = await client.get(path, headers=headers, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    ids = [_id_of(item) for item in items]
    assert len(ids) == len(set(ids)), "an item came twice"
    return items


def _id_of(item: Item) -> str:
    return str(item["id"] if "id" in item else item["gym"]["id"])


def ids(items: list[Item]) -> list[str]:
    return [_id_of(item) for item in items]


def by(*key: Callable[[Item], Any], reverse: bool = False) -> Callable[[list[Item]], list[str]]:
    """The ids of ``items`` sorted by ``key`` (each part ascending, or all reversed)."""

    def order(items: list[Item]) -> list[str]:
        return ids(sorted(items, key=lambda i: tuple(k(i) for k in key), reverse=reverse))

    return order


def _uuid(item: Item) -> uuid.UUID:
    return uuid.UUID(_id_of(item))


def _time(field: str) -> Callable[[Item], dt.datetime]:
    return lambda item: dt.datetime.fromisoformat(item[field])


def _letters() -> str:
    """A prefix no other test's gym has, made of letters only (so `q` matches it alone)."""
    return uuid.uuid4().hex.translate(str.maketrans("0123456789", "ghijklmnop"))


# --- gyms: by name, and nearest first -----------------------------------------------------

# Few names, so most examples have several gyms with the same name.
NAMES = st.lists(st.sampled_from(["a", "b", "ab", "ba"]), min_size=1, max_size=8)


@given(names=NAMES, limit=st.integers(1, 3))
@PROPERTY
async def test_gyms_by_name_pages_cover_the_set_in_order(
    client: httpx.AsyncClient, names: list[str], limit: int
) -> None:
    user = await sign_up(client)
    prefix = _letters()
    mine = [await create_gym(client, user, name=prefix + name) for name in names]
    walked = await walk(client, "/v1/gyms", limit, user.headers, q=prefix)
    assert ids(walked) == by(lambda g: g["name"].lower(), _uuid)(mine)


# Offsets in degrees from the search centre: repeated ones are equal distances.
SPOTS = st.lists(st.sampled_from([(0.0, 0.0), (0.01, 0.0), (0.0, 0.02), (0.03, 0.01)]), max_size=8)


@given(spots=SPOTS.filter(bool), limit=st.integers(1, 3))
@PROPERTY
async def test_gyms_near_pages_cover_the_set_nearest_first(
    client: httpx.AsyncClient, spots: list[tuple[float, float]], limit: int
) -> None:
    user = await sign_up(client)
    prefix = _letters()
    centre = (41.0, 2.0)
    for dlat, dlon in spots:
        point = {"latitude": centre[0] + dlat, "longitude": centre[1] + dlon}
        await create_gym(client, user, name=prefix, **point)
    near = f"{centre[0]},{centre[1]}"
    walked = await walk(client, "/v1/gyms", limit, user.headers, q=prefix, near=near)
    assert len(walked) == len(spots)
    assert ids(walked) == by(lambda g: g["distance_km"], _uuid)(walked)
    # Equal distances really are equal (ties), so the id decides between them.
    assert len({g["distance_km"] for g in walked}) == len(set(spots))


# --- my gyms, role requests: timestamps with ties -------------------------------------------


async def _set_time(owner_url: str, statement: str, *args: Any) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(statement, *args)
    finally:
        await conn.close()


SAME_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


async def test_my_gyms_pages_with_equal_join_times(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    user = await sign_up(client)
    gyms = [await create_gym(client, user) for _ in range(5)]
    for gym in gyms:
        await join(client, user, gym["id"])
    tied = [uuid.UUID(g["id"]) for g in gyms[1:4]]
    await _set_time(
        owner_url,
        "update public.user_gyms set created_at = $1 where user_id = $2 and gym_id = any($3)",
        SAME_TIME,
        user.id,
        tied,
    )
    for limit in (1, 2, 3):
        walked = await walk(client, "/v1/me/gyms", limit, user.headers)
        assert ids(walked) == by(_time("joined_at"), _uuid)(walked)
        assert sorted(ids(walked)) == sorted(g["id"] for g in gyms)


async def test_role_requests_page_newest_first_with_ties(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up(client)
    gym = await create_gym(client, admin)
    made = []
    for _ in range(5):
        asker: SignedUpUser = await sign_up(client)
        path = f"/v1/gyms/{gym['id']}/role-requests"
        response = await client.post(path, headers=asker.headers, json={"role": "staff"})
        assert response.status_code == 201, response.text
        made.append(response.json())
    await _set_time(
        owner_url,
        "update public.gym_role_requests set created_at = $1 where id = any($2)",
        SAME_TIME,
        [uuid.UUID(r["id"]) for r in made[:3]],
    )
    for limit in (1, 2):
        walked = await walk(client, f"/v1/gyms/{gym['id']}/role-requests", limit, admin.headers)
        assert ids(walked) == by(_time("created_at"), _uuid, reverse=True)(walked)
        assert sorted(ids(walked)) == sorted(r["id"] for r in made)


# --- administration -----------------------------------------------------------------------


async def test_audit_log_pages_newest_first(client: httpx.AsyncClient, owner_url: str) -> None:
    admin = await sign_up_admin(client, owner_url)
    target = await sign_up(client)
    for is_pro in (True, False, True, False, True):
        changed = await client.patch(
            f"/v1/admin/users/{target.id}", headers=admin.headers, json={"is_pro": is_pro}
        )
        assert changed.status_code == 200, changed.text
    for limit in (1, 2, 3):
        walked = await walk(
            client, "/v1/admin/audit-log", limit, admin.headers, target_id=str(target.id)
        )
        assert len(walked) == 5
        assert ids(walked) == by(_time("at"), lambda e: e["id"], reverse=True)(walked)


@pytest.mark.usefixtures("seeded_catalog")
async def test_data_quality_reports_page_newest_first_with_ties(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    made = []
    for _ in range(3):
        response = await client.post("/v1/admin/catalog/check", headers=admin.headers)
        assert response.status_code == 201, response.text
        made.append(response.json()["id"])
    await _set_time(
        owner_url,
        "update public.data_quality_reports set created_at = $1 where id = any($2)",
        SAME_TIME,
        [uuid.UUID(i) for i in made[:2]],
    )
    walked = await walk(client, "/v1/admin/data-quality-reports", 1, admin.headers)
    assert ids(walked) == by(_time("created_at"), _uuid, reverse=True)(walked)
    assert set(made) <= set(ids(walked))


# --- the catalog and the cities -------------------------------------------------------------


@pytest.mark.usefixtures("seeded_catalog")
async def test_exercises_page_by_slug_with_a_private_slug_tie(client: httpx.AsyncClient) -> None:
    """A private exercise may reuse a catalog slug: (slug, id) still orders them."""
    user = await sign_up(client)
    params = {"muscle": "upper_back"}
    catalog_rows = await walk(client, "/v1/exercises", 200, user.headers, **params)
    twin = {
        "name": "Twin",
        "slug": catalog_rows[0]["slug"],
        "primary_muscle": "upper_back",
        "equipment": [],
        "movement_pattern": "carry",
        "load_type": "barbell",
    }
    created = await client.post("/v1/exercises", headers=user.headers, json=twin)
    assert created.status_code == 201, created.text
    for limit in (1, 4):
        walked = await walk(client, "/v1/exercises", limit, user.headers, **params)
        assert len(walked) == len(catalog_rows) + 1
        assert ids(walked) == by(lambda e: e["slug"].encode(), _uuid)(walked)


@pytest.mark.usefixtures("seeded_catalog")
async def test_exercise_search_pages_follow_the_ranking(client: httpx.AsyncClient) -> None:
    whole = await walk(client, "/v1/exercises", 200, q="press")
    assert len(whole) > 4
    assert ids(await walk(client, "/v1/exercises", 3, q="press")) == ids(whole)


@pytest.mark.usefixtures("seeded_catalog")
async def test_equipment_and_cities_page_in_key_order(client: httpx.AsyncClient) -> None:
    equipment = await walk(client, "/v1/equipment", 7)
    assert ids(equipment) == by(lambda e: e["slug"].encode(), _uuid)(equipment)
    cities = await walk(client, "/v1/cities", 2, q="san")
    assert len(cities) > 2
    assert ids(cities) == ids(await walk(client, "/v1/cities", 200, q="san"))


async def test_loads_page_in_increasing_totals(
    client: httpx.AsyncClient, lister: Lister, catalog: Catalog
) -> None:
    path = f"/v1/me/gyms/{lister.gym_id}/loads"
    params = {"bar_type": catalog.olympic_kg}
    whole = [
        x["total"]
        for x in (
            await client.get(path, headers=lister.user.headers, params={**params, "limit": 200})
        ).json()["items"]
    ]
    assert whole == sorted(set(whole))
    for limit in (1, 2, 5):
        walked = await _walk_loads(client, path, lister.user.headers, limit, params)
        assert walked == whole


async def _walk_loads(
    client: httpx.AsyncClient,
    path: str,
    headers: dict[str, str],
    limit: int,
    params: dict[str, Any],
) -> list[Any]:
    totals: list[Any] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        body = (await client.get(path, headers=headers, params=query)).json()
        totals += [x["total"] for x in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return totals


async def test_programs_page_newest_first_with_ties(
    client: httpx.AsyncClient, owner_url: str, seeded_catalog: None
) -> None:
    user = await sign_up(client)
    # No gym: bodyweight exercises for the muscles they can train.
    body = {"weeks": 4, "goal": "general_fitness", "days_per_week": 2, "weekdays": [2, 5],
            "session_minutes": 60, "focus_muscles": ["chest", "glutes", "quads"]}  # fmt: skip
    made = []
    for _ in range(5):
        response = await client.post("/v1/programs", headers=user.headers, json=body)
        assert response.status_code == 201, response.text
        made.append(response.json())
    await _set_time(
        owner_url,
        "update public.ai_programs set created_at = $1 where id = any($2)",
        SAME_TIME,
        [uuid.UUID(p["id"]) for p in made[1:4]],
    )
    for limit in (1, 2, 3):
        walked = await walk(client, "/v1/programs", limit, user.headers)
        assert ids(walked) == by(_time("created_at"), _uuid, reverse=True)(walked)
        assert sorted(ids(walked)) == sorted(p["id"] for p in made)

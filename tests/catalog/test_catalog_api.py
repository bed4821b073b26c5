"""Browsing the catalog: lists, filters, pagination, languages, resolution by id or slug."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.usefixtures("seeded_catalog")


async def _all_pages(client: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = (await client.get(path, params=query)).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


async def test_the_catalog_has_500_exercises_in_stable_pages(client: httpx.AsyncClient) -> None:
    items = await _all_pages(client, "/v1/exercises", limit=200)
    slugs = [i["slug"] for i in items]
    assert len(items) >= 500
    assert slugs == sorted(slugs)
    assert len(set(slugs)) == len(slugs)


async def test_filters_combine(client: httpx.AsyncClient) -> None:
    items = await _all_pages(
        client,
        "/v1/exercises",
        muscle="chest",
        equipment="olympic_barbell",
        compound="true",
        limit=100,
    )
    assert items
    for item in items:
        assert item["primary_muscle"] == "chest"
        assert "olympic_barbell" in item["equipment"]
        assert item["is_compound"] is True
    slugs = {i["slug"] for i in items}
    assert "barbell_bench_press" in slugs


async def test_every_muscle_group_has_exercises(client: httpx.AsyncClient) -> None:
    groups = (await client.get("/v1/muscle-groups")).json()["items"]
    assert len(groups) == 22
    for group in groups:
        page = (
            await client.get("/v1/exercises", params={"muscle": group["slug"], "limit": 1})
        ).json()
        assert page["items"], group["slug"]


async def test_detail_by_slug_and_by_id_in_a_language(client: httpx.AsyncClient) -> None:
    by_slug = await client.get("/v1/exercises/barbell_bench_press", params={"lang": "de"})
    assert by_slug.status_code == 200
    body = by_slug.json()
    assert body["name"] == body["names"]["de"]
    assert set(body["names"]) >= {"en", "es", "de", "fr", "pt", "it"}
    assert body["ai"]["plate_loaded"] is True
    by_id = await client.get(
        f"/v1/exercises/{body['id']}", headers={"Accept-Language": "fr-CA,fr;q=0.9"}
    )
    assert by_id.json()["name"] == body["names"]["fr"]


async def test_locale_falls_back_pt_br_to_pt_and_unknown_to_english(
    client: httpx.AsyncClient,
) -> None:
    detail = (await client.get("/v1/exercises/barbell_back_squat")).json()
    pt_br = (await client.get("/v1/exercises/barbell_back_squat", params={"lang": "pt-BR"})).json()
    klingon = (await client.get("/v1/exercises/barbell_back_squat", params={"lang": "tlh"})).json()
    assert pt_br["name"] == detail["names"]["pt"]
    assert klingon["name"] == detail["names"]["en"]


async def test_equipment_bar_types_grips(client: httpx.AsyncClient) -> None:
    equipment = await _all_pages(client, "/v1/equipment", limit=200)
    assert len(equipment) >= 200
    bars = (await client.get("/v1/bar-types")).json()["items"]
    assert len(bars) >= 10
    olympic = next(b for b in bars if b["slug"] == "olympic_20kg")
    assert olympic["mass_g"] == 20000
    one = (await client.get(f"/v1/equipment/{equipment[0]['id']}")).json()
    assert one["slug"] == equipment[0]["slug"]
    grips = (await client.get("/v1/grips", params={"lang": "es"})).json()["items"]
    assert grips
    assert all(g["name"] for g in grips)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"muscle": "wings"}, "muscle"),
        ({"difficulty": 9}, "difficulty"),
        ({"difficulty": 0}, "difficulty"),
        ({"q": "x" * 10_000}, "q"),
        ({"equipment": "Not A Slug"}, "equipment"),
        ({"equipment": "laser_cannon"}, "equipment"),
        ({"pattern": "teleport"}, "pattern"),
        ({"cursor": "!!!"}, "cursor"),
        ({"limit": 0}, "limit"),
        ({"limit": 5000}, "limit"),
        ({"lang": "<script>"}, "lang"),
    ],
)
async def test_bad_query_parameters_are_problem_json(
    client: httpx.AsyncClient, params: dict[str, Any], field: str
) -> None:
    response = await client.get("/v1/exercises", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"][-1] == field


async def test_unknown_exercise_and_equipment_are_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/exercises/no_such_exercise")).status_code == 404
    assert (await client.get("/v1/equipment/no_such_thing")).status_code == 404
    assert (await client.get("/v1/exercises/" + "a" * 500)).status_code == 422

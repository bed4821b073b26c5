"""GET /v1/life-categories: the areas a readiness check-in scores, in the caller's language;
readable by anyone, written by administrators and the seed only."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from ironbase.catalog.seed import SeedStats, _seed_life_categories, load_data
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from tests.conftest import grant_admin, sign_up
from tests.support import as_user

pytestmark = pytest.mark.usefixtures("seeded_catalog")

SHIPPED = load_data()["life_categories"]
BY_SLUG = {c["slug"]: c for c in SHIPPED}


def _names(body: dict[str, Any]) -> dict[str, str]:
    return {item["slug"]: item["name"] for item in body["items"]}


def _shipped(field: str, locale: str) -> dict[str, str]:
    return {c["slug"]: c[field][locale] for c in SHIPPED}


async def test_anyone_reads_them_in_check_in_order(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/life-categories")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["slug"] for i in items] == ["sleep", "fatigue", "stress", "soreness", "mood"]
    assert [i["position"] for i in items] == sorted(i["position"] for i in items)
    assert {i["slug"] for i in items if i["hooper"]} == {"sleep", "fatigue", "stress", "soreness"}
    for item in items:
        shipped = BY_SLUG[item["slug"]]
        assert item["id"] == shipped["id"]
        assert (item["scale_min"], item["scale_max"]) == (1, 7)
        assert item["name"] == shipped["names"]["en"]
        assert item["description"] == shipped["descriptions"]["en"]


async def test_names_follow_lang_and_accept_language(client: httpx.AsyncClient) -> None:
    german = (await client.get("/v1/life-categories", params={"lang": "de"})).json()
    assert _names(german) == _shipped("names", "de")
    assert {i["slug"]: i["description"] for i in german["items"]} == _shipped("descriptions", "de")
    french = await client.get(
        "/v1/life-categories", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}
    )
    assert _names(french.json()) == _shipped("names", "fr")
    # ?lang= wins over the header.
    spanish = await client.get(
        "/v1/life-categories", params={"lang": "es"}, headers={"Accept-Language": "fr"}
    )
    assert _names(spanish.json()) == _shipped("names", "es")
    assert _shipped("names", "de") != _shipped("names", "en")


async def test_languages_fall_back_pt_br_to_pt_and_unknown_to_english(
    client: httpx.AsyncClient,
) -> None:
    pt_br = (await client.get("/v1/life-categories", params={"lang": "pt-BR"})).json()
    assert _names(pt_br) == _shipped("names", "pt")
    unknown = await client.get("/v1/life-categories", headers={"Accept-Language": "tlh"})
    assert _names(unknown.json()) == _shipped("names", "en")


async def test_a_bad_lang_is_problem_json(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/life-categories", params={"lang": "x" * 40})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_anon_reads_them_in_sql(authenticator_dsn: str) -> None:
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        async with conn.transaction():
            await conn.execute("select set_config('role', 'anon', true)")
            count = await conn.fetchval("select count(*) from life_category_translations")
    finally:
        await conn.close()
    assert count == len(SHIPPED) * 6


@pytest.mark.parametrize(
    "statement",
    [
        "insert into life_categories (id, slug, position, scale_min, scale_max) "
        "values (gen_random_uuid(), 'energy', 9, 1, 7)",
        "update life_categories set scale_max = 10",
        "delete from life_categories",
        "update life_category_translations set name = 'pwned'",
        "delete from life_category_translations",
    ],
)
async def test_users_cannot_write_them_in_sql(
    client: httpx.AsyncClient, authenticator_dsn: str, statement: str
) -> None:
    user = await sign_up(client)
    async with as_user(authenticator_dsn, user.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            await conn.execute(statement)


async def _as_admin(authenticator_dsn: str, user_id: uuid.UUID, statement: str) -> str:
    """``statement`` as an API request of ``app_admin`` would run it, then rolled back."""
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        tx = conn.transaction()
        await tx.start()
        await conn.execute(
            "select set_config('role', 'app_admin', true), "
            "set_config('request.jwt.claims', $1, true)",
            json.dumps({"sub": str(user_id), "role": "app_admin"}),
        )
        status: str = await conn.execute(statement)
        await tx.rollback()
        return status
    finally:
        await conn.close()


async def test_only_a_real_administrator_writes_them(
    client: httpx.AsyncClient, authenticator_dsn: str, owner_url: str
) -> None:
    statement = "update life_category_translations set name = name || '!' where locale = 'en'"
    user = await sign_up(client)
    # A token claiming the admin role is not enough: the database must say so too.
    assert await _as_admin(authenticator_dsn, user.id, statement) == "UPDATE 0"
    await grant_admin(owner_url, user.id)
    assert await _as_admin(authenticator_dsn, user.id, statement) == f"UPDATE {len(SHIPPED)}"


@pytest.fixture
def rolled_back(database_target: DatabaseTarget) -> Iterator[Connection]:
    """A seed transaction (as ``service_role``) that is never committed."""
    engine = create_engine(database_target.admin_url)
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            conn.execute(text("select set_config('role', :role, true)"), {"role": SERVICE_ROLE})
            yield conn
            transaction.rollback()
    finally:
        engine.dispose()


def test_seeding_them_again_changes_nothing(rolled_back: Connection) -> None:
    stats = SeedStats()
    _seed_life_categories(rolled_back, SHIPPED, stats)
    assert stats.changed == 0, stats.tables


def test_an_edited_category_updates_exactly_its_rows(rolled_back: Connection) -> None:
    edited = copy.deepcopy(SHIPPED)
    mood = next(c for c in edited if c["slug"] == "mood")
    mood["position"] = 0
    mood["names"]["it"] = "Stato d'animo"
    del mood["names"]["fr"]
    stats = SeedStats()
    _seed_life_categories(rolled_back, edited, stats)
    changed = {table: counts for table, counts in stats.tables.items() if any(counts)}
    assert changed == {"life_categories": [0, 1, 0], "life_category_translations": [0, 1, 1]}
    first = rolled_back.execute(
        text("select slug from life_categories order by position, slug limit 1")
    ).scalar_one()
    assert first == "mood"

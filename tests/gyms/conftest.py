"""Fixtures for the gyms domain: cities and a few catalog rows of our own, loaded once.

Catalog rows use a ``gymtest-`` prefix and fixed ids, so they never collide with the
shipped catalog and loading them twice changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.kit.locales import SUPPORTED_LOCALES
from tests.conftest import SignedUpUser, sign_up_admin

PROBLEM = "application/problem+json"
_NS = uuid.UUID("0b9a7f5e-6f0e-4a57-9a51-3c2f1d0e8a11")


def _id(name: str) -> uuid.UUID:
    return uuid.uuid5(_NS, name)


@dataclass(frozen=True)
class Catalog:
    """Slugs of the test catalog rows."""

    olympic_kg: str = "gymtest-olympic-20kg"
    olympic_lb: str = "gymtest-olympic-45lb"
    fixed_bar: str = "gymtest-fixed-barbell"
    lat_pulldown: str = "gymtest-lat-pulldown"
    leg_press: str = "gymtest-leg-press"
    retired: str = "gymtest-retired-machine"


BARS = (
    # slug, mass, unit, grams, loads plates
    ("gymtest-olympic-20kg", "20", "kg", 20000, True),
    ("gymtest-olympic-45lb", "45", "lb", 20412, True),
    ("gymtest-fixed-barbell", "25", "kg", 25000, False),
)
EQUIPMENT = (
    # slug, category, retired
    ("gymtest-lat-pulldown", "machine", False),
    ("gymtest-leg-press", "machine", False),
    ("gymtest-retired-machine", "machine", True),
)


LOCALES = SUPPORTED_LOCALES


def _load_catalog(conn: Any) -> None:
    """Rows shaped like shipped ones (existing load type, every language), so the shared
    catalog keeps passing its data-quality checks whatever order tests run in."""
    for slug, mass, unit, grams, loads in BARS:
        conn.execute(
            text(
                "insert into bar_types (id, slug, name, mass_g, mass, unit, loads_plates) "
                "values (:i, :s, :s, :g, :m, :u, :l) on conflict do nothing"
            ),
            {"i": _id(slug), "s": slug, "g": grams, "m": mass, "u": unit, "l": loads},
        )
    for slug, category, retired in EQUIPMENT:
        conn.execute(
            text(
                "insert into equipment (id, slug, name, category, load_type, retired_at) "
                "values (:i, :s, :s, :c, 'machine', case when :r then now() end) "
                "on conflict do nothing"
            ),
            {"i": _id(slug), "s": slug, "c": category, "r": retired},
        )
        for locale in LOCALES:
            conn.execute(
                text(
                    "insert into equipment_translations (equipment_id, locale, name) "
                    "values (:i, :l, :n) on conflict do nothing"
                ),
                {"i": _id(slug), "l": locale, "n": f"{slug} ({locale})"},
            )


@pytest.fixture(scope="session")
def gym_reference(database_target: DatabaseTarget, seeded_catalog: None) -> Catalog:
    """The shipped reference data (cities included) plus this domain's own test rows."""
    with system_transaction(database_target) as conn:
        _load_catalog(conn)
    return Catalog()


@pytest.fixture
def catalog(gym_reference: Catalog) -> Catalog:
    return gym_reference


async def platform_admin(client: httpx.AsyncClient, owner_url: str) -> SignedUpUser:
    return await sign_up_admin(client, owner_url)


async def create_gym(
    client: httpx.AsyncClient, user: SignedUpUser, **fields: Any
) -> dict[str, Any]:
    body = {"name": f"Gym {uuid.uuid4().hex[:8]}", "time_zone": "Europe/Madrid", **fields}
    response = await client.post("/v1/gyms", headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def join(client: httpx.AsyncClient, user: SignedUpUser, gym_id: str) -> None:
    response = await client.post(f"/v1/gyms/{gym_id}/join", headers=user.headers)
    assert response.status_code == 201, response.text


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body

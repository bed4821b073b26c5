"""GET and PATCH /v1/me."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import sign_up


async def test_me_shows_the_profile_with_defaults(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    response = await client.get("/v1/me", headers=user.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(user.id)
    assert body["email"] == user.email
    assert body["is_pro"] is False
    assert body["unit_system"] == "metric"
    assert body["time_zone"] == "UTC"
    assert body["locale"] == "en"
    assert body["display_name"] is None
    assert set(body) == {
        "id",
        "email",
        "is_pro",
        "display_name",
        "unit_system",
        "time_zone",
        "locale",
        "created_at",
    }


async def test_patch_changes_profile_fields(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    response = await client.patch(
        "/v1/me",
        headers=user.headers,
        json={
            "display_name": "  Ada  ",
            "unit_system": "imperial",
            "time_zone": "America/New_York",
            "locale": "PT-br",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["display_name"], body["unit_system"], body["time_zone"], body["locale"]) == (
        "Ada",
        "imperial",
        "America/New_York",
        "pt-BR",
    )
    again = await client.get("/v1/me", headers=user.headers)
    assert again.json() == body


async def test_display_name_can_be_cleared(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    await client.patch("/v1/me", headers=user.headers, json={"display_name": "Ada"})
    cleared = await client.patch("/v1/me", headers=user.headers, json={"display_name": None})
    assert cleared.json()["display_name"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"is_pro": True},
        {"id": "00000000-0000-0000-0000-000000000000"},
        {"email": "new@example.com"},
        {"time_zone": "Mars/Olympus_Mons"},
        {"locale": "not a locale"},
        {"unit_system": "stone"},
        {"unit_system": None},
        {"display_name": ""},
        {"display_name": "x" * 81},
        {"time_zone": "x" * 10_000},
        # Known to the tz database but no place: the host's zone, tzcode's placeholder,
        # a rule file, a fixed offset with an inverted sign, one-word aliases.
        {"time_zone": "localtime"},
        {"time_zone": "Factory"},
        {"time_zone": "posixrules"},
        {"time_zone": "Etc/GMT+3"},
        {"time_zone": "GMT"},
        {"time_zone": "EST5EDT"},
    ],
)
async def test_bad_patches_are_422_and_change_nothing(
    client: httpx.AsyncClient, body: dict[str, object]
) -> None:
    user = await sign_up(client)
    before = (await client.get("/v1/me", headers=user.headers)).json()
    response = await client.patch("/v1/me", headers=user.headers, json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"]
    after = (await client.get("/v1/me", headers=user.headers)).json()
    assert after == before


@pytest.mark.parametrize("zone", ["UTC", "Europe/Madrid", "America/Argentina/Buenos_Aires"])
async def test_place_time_zones_are_accepted(client: httpx.AsyncClient, zone: str) -> None:
    user = await sign_up(client)
    response = await client.patch("/v1/me", headers=user.headers, json={"time_zone": zone})
    assert response.status_code == 200
    assert response.json()["time_zone"] == zone

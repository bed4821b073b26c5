"""The API gates its own features with flags: warm-up ladders (the solver's heaviest work)
answer only while ``plates.warmup`` is on for the caller, or while nobody created it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.conftest import SignedUpUser
from tests.flags.conftest import PROBLEM, my_flags

KEY = "plates.warmup"
LADDER = {"targets": [60, 100], "unit": "kg", "bar": 20, "plates": [{"mass": 20, "pairs": 2}]}
SOLVE = {"target": 60, "unit": "kg", "bar": 20, "plates": [{"mass": 20, "pairs": 2}]}


async def _warmup(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    response = await client.post("/v1/plates/warmup", headers=headers, json=LADDER)
    if response.status_code == 404:
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"].endswith("/feature-unavailable")
    return response.status_code


async def test_operators_switch_warmup_ladders_off_narrow_and_back(
    client: httpx.AsyncClient, admin: SignedUpUser, people: Callable[..., Any]
) -> None:
    listed, other = await people(2)
    assert await _warmup(client, listed.headers) == 200  # no flag: the feature is on
    assert await _warmup(client, other.headers) == 200
    created = await client.post(
        "/v1/admin/flags", headers=admin.headers, json={"key": KEY, "enabled": False}
    )
    assert created.status_code == 201, created.text
    try:
        assert await _warmup(client, listed.headers) == 404
        assert await _warmup(client, other.headers) == 404
        narrowed = await client.patch(
            f"/v1/admin/flags/{KEY}",
            headers=admin.headers,
            json={"enabled": True, "percentage": 0, "user_ids": [str(listed.id)]},
        )
        assert narrowed.status_code == 200
        assert await _warmup(client, listed.headers) == 200
        assert await _warmup(client, other.headers) == 404
        assert (await my_flags(client, listed.headers))[KEY] is True
        assert (await my_flags(client, other.headers))[KEY] is False
        # Only the gated feature: the calculator itself stays.
        solved = await client.post("/v1/plates/solve", headers=other.headers, json=SOLVE)
        assert solved.status_code == 200
    finally:
        removed = await client.delete(f"/v1/admin/flags/{KEY}", headers=admin.headers)
        assert removed.status_code == 204
    assert await _warmup(client, other.headers) == 200

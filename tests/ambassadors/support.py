"""Ambassadors for the tests: an application through the API, an approval by an admin."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import PASSWORD, SignedUpUser

Item = dict[str, Any]


async def apply(client: httpx.AsyncClient, user: SignedUpUser, **changes: Any) -> Item:
    body = {"pitch": "I bring my whole club.", "region": "DE-BE", **changes}
    response = await client.put("/v1/me/ambassador", headers=user.headers, json=body)
    assert response.status_code in (200, 201), response.text
    profile: Item = response.json()
    return profile


async def decide(
    client: httpx.AsyncClient, admin: SignedUpUser, user: SignedUpUser, decision: str
) -> httpx.Response:
    return await client.post(
        f"/v1/admin/ambassadors/{user.id}/decision",
        headers=admin.headers,
        json={"decision": decision, "note": f"{decision} by the programme"},
    )


async def approved(client: httpx.AsyncClient, admin: SignedUpUser, user: SignedUpUser) -> Item:
    """The user applied and approved: the profile with its referral code."""
    await apply(client, user)
    response = await decide(client, admin, user, "approve")
    assert response.status_code == 200, response.text
    profile: Item = response.json()
    return profile


async def sign_up_with_code(client: httpx.AsyncClient, code: str) -> tuple[httpx.Response, str]:
    """A sign-up with a referral code: the answer, and the email it used."""
    email = f"referred-{uuid.uuid4().hex[:12]}@example.com"
    response = await client.post(
        "/v1/auth/signup", json={"email": email, "password": PASSWORD, "referral_code": code}
    )
    return response, email

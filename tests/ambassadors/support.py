"""Helpers of the ambassador tests: applications and decisions through the API, sign-ups
with a referral code, and (for the commission and deal tests, which need many of them)
approved ambassadors and referrals made directly in SQL, plus the API calls of commissions
and gym deals."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import asyncpg
import httpx

from tests.conftest import PASSWORD, SignedUpUser, sign_up

Item = dict[str, Any]
PROBLEM = "application/problem+json"
ADMIN_EVENTS = "/v1/admin/commission-events"


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


async def make_ambassador(owner_url: str, user_id: uuid.UUID, status: str = "approved") -> None:
    code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(
            "insert into ambassador_profiles (user_id, status, referral_code, region, pitch, "
            "decided_at) values ($1, $2, $3, 'DE-BE', 'I bring lifters', "
            "case when $2 = 'applied' then null else now() end)",
            user_id,
            status,
            code if status in ("approved", "suspended") else None,
        )
    finally:
        await conn.close()


async def refer(owner_url: str, ambassador: uuid.UUID, referred: uuid.UUID) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(
            "insert into ambassador_referrals (user_id, referred_user_id) values ($1, $2)",
            ambassador,
            referred,
        )
    finally:
        await conn.close()


async def ambassador_with_referral(
    client: httpx.AsyncClient, owner_url: str
) -> tuple[SignedUpUser, SignedUpUser]:
    """An approved ambassador and a person they referred."""
    ambassador, referred = await sign_up(client), await sign_up(client)
    await make_ambassador(owner_url, ambassador.id)
    await refer(owner_url, ambassador.id, referred.id)
    return ambassador, referred


def terms(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_kind": "pro_started",
        "kind": "fixed",
        "amount": "5.00",
        "currency": "EUR",
        "valid_from": "2020-01-01T00:00:00Z",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


async def create_agreement(
    client: httpx.AsyncClient, admin: SignedUpUser, ambassador: uuid.UUID, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/admin/ambassadors/{ambassador}/commission-agreements",
        headers=admin.headers,
        json=terms(**overrides),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def event(user_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": f"evt-{uuid.uuid4().hex}",
        "user_id": str(user_id),
        "kind": "pro_started",
        "occurred_at": "2026-06-01T12:00:00Z",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


async def record(
    client: httpx.AsyncClient, admin: SignedUpUser, body: dict[str, Any], status: int = 201
) -> dict[str, Any]:
    response = await client.post(ADMIN_EVENTS, headers=admin.headers, json=body)
    assert response.status_code == status, response.text
    answer: dict[str, Any] = response.json()
    return answer


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


async def ledger_rows(owner_url: str, ambassador: uuid.UUID) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(owner_url)
    try:
        return list(
            await conn.fetch(
                "select * from ambassador_commission_accruals where user_id = $1 "
                "order by recorded_at, id",
                ambassador,
            )
        )
    finally:
        await conn.close()

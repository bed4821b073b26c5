"""The ledger in SQL: append-only for every request role and for system jobs; erasure
alone deletes an erased ambassador's rows and nulls an erased referred person."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import asyncpg
import httpx
import pytest

from tests.ambassadors.support import (
    ambassador_with_referral,
    create_agreement,
    event,
    ledger_rows,
    record,
)
from tests.conftest import PASSWORD, sign_up_admin


async def _as(conn: asyncpg.Connection, role: str, user_id: uuid.UUID, sql: str) -> None:
    claims = {"sub": str(user_id), "role": role}
    if role == "app_admin":
        claims["app_metadata"] = {"roles": ["admin"]}  # type: ignore[assignment]
    await conn.execute(
        "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)",
        role,
        json.dumps(claims),
    )
    await conn.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "update ambassador_commission_accruals set amount = amount * 2",
        "update ambassador_commission_accruals set referred_user_id = null",
        "delete from ambassador_commission_accruals",
    ],
)
@pytest.mark.parametrize("role", ["authenticated", "app_admin", "service_role"])
async def test_no_role_updates_or_deletes_the_ledger(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str, role: str, sql: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    await record(client, admin, event(referred.id))
    actor = admin.id if role == "app_admin" else ambassador.id
    dsn = owner_url if role == "service_role" else authenticator_dsn
    conn = await asyncpg.connect(dsn)
    try:
        tx = conn.transaction()
        await tx.start()
        try:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await _as(conn, role, actor, f"{sql} where user_id = '{ambassador.id}'")
        finally:
            await tx.rollback()
    finally:
        await conn.close()
    [row] = await ledger_rows(owner_url, ambassador.id)
    assert row["amount"] == Decimal("5.0000")


async def test_erasing_the_referred_person_keeps_the_amounts(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    await record(client, admin, event(referred.id))
    erased = await client.request(
        "DELETE", "/v1/me", headers=referred.headers, json={"password": PASSWORD}
    )
    assert erased.status_code in (200, 202, 204), erased.text
    [row] = await ledger_rows(owner_url, ambassador.id)
    assert (row["referred_user_id"], row["amount"]) == (None, Decimal("5.0000"))
    statement = await client.get("/v1/me/ambassador/statement", headers=ambassador.headers)
    assert statement.json()["lines"][0]["closing_balance"] == "5.0000"


async def test_erasing_the_ambassador_deletes_their_ledger(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    first = await record(client, admin, event(referred.id))
    await record(
        client, admin, event(referred.id, kind="refund", reverses_event_id=first["event_id"])
    )
    erased = await client.request(
        "DELETE", "/v1/me", headers=ambassador.headers, json={"password": PASSWORD}
    )
    assert erased.status_code in (200, 202, 204), erased.text
    assert await ledger_rows(owner_url, ambassador.id) == []
    conn = await asyncpg.connect(owner_url)
    try:
        left = await conn.fetchval(
            "select count(*) from ambassador_commission_agreements where user_id = $1",
            ambassador.id,
        )
    finally:
        await conn.close()
    assert left == 0

"""Helpers of the flags tests: unique flag keys, an administrator, many people quickly.

Flags are global rows in the shared test database: each test names its own (``new_key``)
and asserts only on those keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import SignedUpUser, sign_up_admin

PROBLEM = "application/problem+json"


def new_key(prefix: str = "test") -> str:
    return f"{prefix}.f{uuid.uuid4().hex[:16]}"


@pytest.fixture
async def admin(client: httpx.AsyncClient, owner_url: str) -> SignedUpUser:
    return await sign_up_admin(client, owner_url)


async def create_flag(
    client: httpx.AsyncClient, admin: SignedUpUser, **fields: Any
) -> dict[str, Any]:
    body = {"key": new_key(), "enabled": True, **fields}
    response = await client.post("/v1/admin/flags", headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    headers: dict[str, str]


@pytest.fixture
def people(app: FastAPI, owner_url: str) -> Callable[..., Any]:
    """``await people(n, pro=False)``: n accounts made in SQL (no password hashing), each
    with a token signed by the app, as sign-in would issue it."""

    async def make(count: int, *, pro: bool = False) -> list[Person]:
        conn = await asyncpg.connect(owner_url)
        try:
            ids = await conn.fetch(
                "insert into auth.users (email) "
                "select 'flags-' || gen_random_uuid() || '@example.com' "
                "from generate_series(1, $1) returning id",
                count,
            )
            user_ids = [r["id"] for r in ids]
            if pro:
                await conn.execute(
                    "update public.users set is_pro = true where id = any($1)", user_ids
                )
        finally:
            await conn.close()
        signer = app.state.signer

        def bearer(user_id: uuid.UUID) -> dict[str, str]:
            token = signer.issue(user_id, f"{user_id}@example.com", [], uuid.uuid4()).token
            return {"Authorization": f"Bearer {token}"}

        return [Person(user_id, bearer(user_id)) for user_id in user_ids]

    return make


async def my_flags(
    client: httpx.AsyncClient, headers: dict[str, str], version: str | None = None
) -> dict[str, bool]:
    extra = {} if version is None else {"X-App-Version": version}
    response = await client.get("/v1/me/flags", headers={**headers, **extra})
    assert response.status_code == 200, response.text
    flags: dict[str, bool] = response.json()["flags"]
    return flags

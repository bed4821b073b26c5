"""Helpers for the import and export tests: uploads, the sample files, what is stored."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from tests.conftest import SignedUpUser

FIXTURES = Path(__file__).parents[1] / "imports" / "fixtures"
PROBLEM = "application/problem+json"


def sample(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


async def upload(
    client: httpx.AsyncClient,
    user: SignedUpUser,
    content: bytes,
    *,
    name: str = "export.csv",
    unit: str | None = None,
) -> httpx.Response:
    data = {"unit": unit} if unit is not None else {}
    files = {"file": (name, content, "text/csv")}
    return await client.post("/v1/imports", files=files, data=data, headers=user.headers)


async def stored(owner_url: str, user_id: uuid.UUID) -> dict[str, int]:
    """Rows a person holds in each table an import writes, read past RLS."""
    conn = await asyncpg.connect(owner_url)
    try:
        counts: dict[str, Any] = {}
        for table in (
            "import_batches",
            "workouts",
            "workout_exercises",
            "workout_sets",
            "import_pending_exercises",
            "exercise_name_mappings",
        ):
            sql = f"select count(*) from public.{table} where user_id = $1"
            counts[table] = await conn.fetchval(sql, user_id)
        return counts
    finally:
        await conn.close()

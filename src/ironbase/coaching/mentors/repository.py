"""Statements on ``mentor_profiles`` (the owner's writes filter by the caller as RLS does)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

_COLUMNS = (
    "user_id, bio, specialties, languages, price_text, accepting_clients, created_at, updated_at"
)
_GET = Query(f"select {_COLUMNS} from public.mentor_profiles where user_id = :user_id")  # noqa: S608 (constants only)
_PUT = Query(
    f"""
    insert into public.mentor_profiles
      (user_id, bio, specialties, languages, price_text, accepting_clients)
    values (:user_id, :bio, :specialties, :languages, :price_text, :accepting_clients)
    on conflict (user_id) do update set bio = excluded.bio,
      specialties = excluded.specialties, languages = excluded.languages,
      price_text = excluded.price_text, accepting_clients = excluded.accepting_clients
    returning {_COLUMNS}, (xmax = 0) as created
    """  # noqa: S608 (constants only)
)
# ``pattern``: the query as an ILIKE pattern (wildcards escaped), or null for every profile.
_SEARCH = Query(
    f"""
    select {_COLUMNS} from public.mentor_profiles
    where (cast(:pattern as text) is null or bio ilike :pattern
           or array_to_string(specialties, ' ') ilike :pattern)
      and (cast(:after as uuid) is null or user_id > :after)
    order by user_id
    limit :limit
    """  # noqa: S608 (constants only)
)
_ACCEPTING = Query("select accepting_clients from public.mentor_profiles where user_id = :user_id")


async def get(tx: Tx, user_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET, user_id=user_id)


async def put(tx: Tx, user_id: uuid.UUID, values: Mapping[str, Any]) -> asyncpg.Record:
    row = await tx.row(_PUT, user_id=user_id, **values)
    assert row is not None
    return row


async def search(
    tx: Tx, pattern: str | None, after: uuid.UUID | None, limit: int
) -> list[asyncpg.Record]:
    return await tx.fetch(_SEARCH, pattern=pattern, after=after, limit=limit)


async def accepting(tx: Tx, user_id: uuid.UUID) -> bool | None:
    """Whether the profile takes clients; None without a profile."""
    value = await tx.value(_ACCEPTING, user_id=user_id)
    return None if value is None else bool(value)

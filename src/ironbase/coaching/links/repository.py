"""Statements on ``coach_client_links`` and their history. Each filters by the caller (the
client's ``user_id`` or the coach's ``coach_id``) as the policies do."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

_COLUMNS = """
    l.id, l.user_id as client_id, l.coach_id, l.scopes, l.requested_by, l.ended_by,
    l.expires_at, l.created_at, l.accepted_at, l.ended_at,
    case when l.status <> 'ended' and l.expires_at <= now() then 'expired'
         else l.status end as status
"""
_INSERT = Query(
    f"""
    insert into public.coach_client_links as l
      (user_id, coach_id, scopes, requested_by, expires_at)
    values (:client_id, :coach_id, :scopes, :requested_by, :expires_at)
    returning {_COLUMNS}
    """  # noqa: S608 (constants only)
)
_GET = Query(
    f"""
    select {_COLUMNS} from public.coach_client_links l
    where l.id = :id and (l.user_id = :me or l.coach_id = :me)
    """  # noqa: S608 (constants only)
)


@functools.cache
def _update(scopes: bool, expires: bool, status: bool) -> Query:
    sets = [
        *(["scopes = :scopes"] if scopes else []),
        *(["expires_at = :expires_at"] if expires else []),
        *(["status = :status"] if status else []),
    ]
    return Query(
        f"""
        update public.coach_client_links as l set {", ".join(sets)}
        where l.id = :id and (l.user_id = :me or l.coach_id = :me)
        returning {_COLUMNS}
        """  # noqa: S608 (constants only)
    )


_PAGE = Query(
    f"""
    select {_COLUMNS} from public.coach_client_links l
    where (l.user_id = :me or l.coach_id = :me)
      and (cast(:after_at as timestamptz) is null
           or (l.created_at, l.id) < (:after_at, :after_id))
    order by l.created_at desc, l.id desc
    limit :limit
    """  # noqa: S608 (constants only)
)
_HISTORY = Query(
    """
    select link_id, kind, actor, scopes, expires_at, at
    from public.coach_client_link_events
    where (user_id = :me or coach_id = :me) and link_id = any(cast(:ids as uuid[]))
    order by at, id
    """
)
# The link that lets the caller, a coach, act on the client with the scope: active and
# unexpired, as the policies read it.
_HAS_SCOPE = Query(
    """
    select exists (
      select 1 from public.coach_client_links l
      where l.coach_id = :me and l.user_id = :client_id and l.status = 'active'
        and cast(:scope as text) = any(l.scopes)
        and (l.expires_at is null or l.expires_at > now()))
    """
)
_CLIENTS = Query(
    """
    select l.user_id as client_id, l.id as link_id, l.scopes, l.expires_at,
           l.accepted_at, l.created_at, c.display_name
    from public.coach_client_links l
    left join public.social_profiles c on c.user_id = l.user_id
    where l.coach_id = :me and l.status = 'active'
      and (l.expires_at is null or l.expires_at > now())
      and (cast(:after_at as timestamptz) is null
           or (l.created_at, l.id) < (:after_at, :after_id))
    order by l.created_at desc, l.id desc
    limit :limit
    """
)


async def insert(tx: Tx, values: dict[str, Any]) -> asyncpg.Record:
    row = await tx.row(_INSERT, **values)
    assert row is not None
    return row


async def get(tx: Tx, me: uuid.UUID, link_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET, me=me, id=link_id)


async def update(
    tx: Tx, me: uuid.UUID, link_id: uuid.UUID, values: dict[str, Any]
) -> asyncpg.Record | None:
    query = _update("scopes" in values, "expires_at" in values, "status" in values)
    return await tx.row(query, me=me, id=link_id, **values)


async def page(
    tx: Tx, me: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(_PAGE, me=me, after_at=at, after_id=last, limit=limit)


async def history(tx: Tx, me: uuid.UUID, ids: Sequence[uuid.UUID]) -> list[asyncpg.Record]:
    if not ids:
        return []
    return await tx.fetch(_HISTORY, me=me, ids=list(ids))


async def has_scope(tx: Tx, me: uuid.UUID, client_id: uuid.UUID, scope: str) -> bool:
    return bool(await tx.value(_HAS_SCOPE, me=me, client_id=client_id, scope=scope))


async def clients(
    tx: Tx, me: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(_CLIENTS, me=me, after_at=at, after_id=last, limit=limit)

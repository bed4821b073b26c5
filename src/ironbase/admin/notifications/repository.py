"""Statements on ``admin_notifications`` (administrators only, by RLS; nobody inserts here:
``public.notify_admins`` writes them)."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any

import asyncpg
from sqlalchemy import Integer, Text, bindparam, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.admin import AdminNotification as N

# A notification as ``schemas.Notification`` documents it (without the rendered texts).
_COLUMNS = (
    N.id,
    N.kind,
    N.severity,
    N.text_key,
    N.params,
    N.subject_table,
    N.subject_id,
    N.occurrences,
    N.created_at,
    N.last_occurred_at,
    N.read_at,
    N.read_by,
    N.resolved_at,
    N.resolved_by,
)


def _state(column: Any, wanted: bool | None) -> Any:
    """``wanted`` True: the column is set (read, resolved); False: it is not."""
    return column.is_not(None) if wanted else column.is_(None)


@functools.cache
def _page_query(by_kind: bool, read: bool | None, resolved: bool | None, resumed: bool) -> Query:
    """Newest first, keyset on (created_at, id); one statement per shape of the filters."""
    statement = select(*_COLUMNS)
    if by_kind:
        statement = statement.where(N.kind == bindparam("kind", type_=Text))
    if read is not None:
        statement = statement.where(_state(N.read_at, read))
    if resolved is not None:
        statement = statement.where(_state(N.resolved_at, resolved))
    if resumed:
        after = tuple_(
            bindparam("after_created", type_=N.created_at.type),
            bindparam("after_id", type_=PG_UUID(as_uuid=True)),
        )
        statement = statement.where(tuple_(N.created_at, N.id) < after)
    statement = statement.order_by(N.created_at.desc(), N.id.desc())
    return Query(statement.limit(bindparam("limit", type_=Integer)))


async def list_page(
    tx: Tx,
    *,
    kind: str | None,
    unread: bool | None,
    resolved: bool | None,
    limit: int,
    after: tuple[dt.datetime, uuid.UUID] | None,
) -> list[asyncpg.Record]:
    """Up to ``limit + 1`` notifications (one more says there is another page)."""
    read = None if unread is None else not unread
    query = _page_query(kind is not None, read, resolved, after is not None)
    params: dict[str, Any] = {"limit": limit + 1}
    if kind is not None:
        params["kind"] = kind
    if after is not None:
        params["after_created"], params["after_id"] = after
    return await tx.fetch(query, **params)


# Resolved implies read (a check), so the unread ones are among the open ones: one index.
_COUNTS = Query(
    select(
        func.count().filter(N.read_at.is_(None)).label("unread"),
        func.count().label("open"),
    ).where(N.resolved_at.is_(None))
)


async def counts(tx: Tx) -> asyncpg.Record:
    row = await tx.row(_COUNTS)
    assert row is not None  # an aggregate always answers one row
    return row


_ID = bindparam("notification_id", type_=PG_UUID(as_uuid=True))
_ADMIN = bindparam("admin_id", type_=PG_UUID(as_uuid=True))
_GET = Query(select(*_COLUMNS).where(N.id == _ID))
# The first reader stays on record; reading again changes nothing.
_MARK_READ = Query(
    update(N)
    .where(N.id == _ID)
    .values(read_at=func.coalesce(N.read_at, func.now()), read_by=func.coalesce(N.read_by, _ADMIN))
    .returning(*_COLUMNS)
)
_RESOLVE = Query(
    update(N)
    .where(N.id == _ID, N.resolved_at.is_(None))
    .values(
        resolved_at=func.now(),
        resolved_by=_ADMIN,
        read_at=func.coalesce(N.read_at, func.now()),
        read_by=func.coalesce(N.read_by, _ADMIN),
    )
    .returning(*_COLUMNS)
)


async def get(tx: Tx, notification_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET, notification_id=notification_id)


async def mark_read(
    tx: Tx, notification_id: uuid.UUID, admin_id: uuid.UUID
) -> asyncpg.Record | None:
    return await tx.row(_MARK_READ, notification_id=notification_id, admin_id=admin_id)


async def resolve(tx: Tx, notification_id: uuid.UUID, admin_id: uuid.UUID) -> asyncpg.Record | None:
    """The resolved notification; None when there is none open with this id."""
    return await tx.row(_RESOLVE, notification_id=notification_id, admin_id=admin_id)

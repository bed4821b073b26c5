"""Reading the admin audit log (it is written by ``ironbase.kit.audit.record``)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import asyncpg
from sqlalchemy import bindparam, select, tuple_

from ironbase.db.pg import Query, Tx
from ironbase.models.admin import AdminAuditLog

_ENTRY_COLUMNS = (
    AdminAuditLog.id,
    AdminAuditLog.actor_id,
    AdminAuditLog.action,
    AdminAuditLog.target_table,
    AdminAuditLog.target_id,
    AdminAuditLog.before,
    AdminAuditLog.after,
    AdminAuditLog.request_id,
    AdminAuditLog.ip,
    AdminAuditLog.at,
)


@functools.cache
def _entries_query(by_table: bool, by_id: bool, resumed: bool) -> Query:
    """Newest first, keyset on (at, id); one statement per combination of filters."""
    statement = select(*_ENTRY_COLUMNS).order_by(AdminAuditLog.at.desc(), AdminAuditLog.id.desc())
    if by_table:
        statement = statement.where(AdminAuditLog.target_table == bindparam("target_table"))
    if by_id:
        statement = statement.where(AdminAuditLog.target_id == bindparam("target_id"))
    if resumed:
        after = tuple_(
            bindparam("after_at", type_=AdminAuditLog.at.type),
            bindparam("after_id", type_=AdminAuditLog.id.type),
        )
        statement = statement.where(tuple_(AdminAuditLog.at, AdminAuditLog.id) < after)
    return Query(statement.limit(bindparam("limit")))


async def list_entries(
    tx: Tx,
    *,
    limit: int,
    after_key: tuple[dt.datetime, int] | None,
    target_table: str | None = None,
    target_id: str | None = None,
) -> list[asyncpg.Record]:
    """Up to ``limit + 1`` entries, newest first, after ``after_key`` when given."""
    query = _entries_query(target_table is not None, target_id is not None, after_key is not None)
    params: dict[str, Any] = {"limit": limit + 1}
    if target_table is not None:
        params["target_table"] = target_table
    if target_id is not None:
        params["target_id"] = target_id
    if after_key is not None:
        params["after_at"], params["after_id"] = after_key
    return await tx.fetch(query, **params)


def entry_body(row: asyncpg.Record) -> dict[str, Any]:
    """An entry shaped as ``schemas.AuditEntry`` (the address as text, like Pydantic writes it)."""
    entry = dict(row)
    if entry["ip"] is not None:
        entry["ip"] = str(entry["ip"])
    return entry

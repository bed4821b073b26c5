"""Statements of the privacy endpoints (the request path, under RLS)."""

from __future__ import annotations

import uuid

import asyncpg

from ironbase.db.pg import Query, Tx

_CREATE = Query(
    "insert into public.privacy_exports (user_id) values (:user_id) returning id, status"
)
_ENQUEUE = Query("select public.enqueue_privacy_export(:id)")
_READ = Query(
    "select id, status, progress from public.privacy_exports where user_id = :user_id and id = :id"
)
_FILE = Query(
    "select status, file, created_at from public.privacy_exports "
    "where user_id = :user_id and id = :id"
)


async def create_export(tx: Tx, user_id: uuid.UUID) -> asyncpg.Record:
    """A queued export and its job, in the request's transaction (one lands with the other).
    A second while one is queued or running breaks the unique index: 409."""
    row = await tx.row(_CREATE, user_id=user_id)
    assert row is not None
    await tx.value(_ENQUEUE, id=row["id"])
    return row


async def read_export(tx: Tx, user_id: uuid.UUID, export_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_READ, user_id=user_id, id=export_id)


async def export_file(tx: Tx, user_id: uuid.UUID, export_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_FILE, user_id=user_id, id=export_id)

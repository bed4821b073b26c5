"""Statements on ``coach_notes``: the coach writes their own (the policy also requires an
active link with comments:write); the client reads the notes on their workouts."""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg

from ironbase.db.pg import Query, Tx

_COLUMNS = "id, user_id as coach_id, client_id, workout_id, body, created_at"
_INSERT = Query(
    f"""
    insert into public.coach_notes (user_id, client_id, workout_id, body)
    values (:me, :client_id, :workout_id, :body)
    returning {_COLUMNS}
    """  # noqa: S608 (constants only)
)
_ON_WORKOUT = Query(
    f"""
    select {_COLUMNS} from public.coach_notes
    where client_id = :me and workout_id = :workout_id
      and (cast(:after_at as timestamptz) is null
           or (created_at, id) > (:after_at, :after_id))
    order by created_at, id
    limit :limit
    """  # noqa: S608 (constants only)
)


async def insert(
    tx: Tx, me: uuid.UUID, client_id: uuid.UUID, workout_id: uuid.UUID, body: str
) -> asyncpg.Record:
    row = await tx.row(_INSERT, me=me, client_id=client_id, workout_id=workout_id, body=body)
    assert row is not None
    return row


async def on_workout(
    tx: Tx,
    me: uuid.UUID,
    workout_id: uuid.UUID,
    after: tuple[dt.datetime, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(
        _ON_WORKOUT, me=me, workout_id=workout_id, after_at=at, after_id=last, limit=limit
    )

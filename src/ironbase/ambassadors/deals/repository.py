"""Statements of gym deals. The ambassador sees their own, a gym's admins their gym's
(RLS); statements repeat those filters."""

from __future__ import annotations

import functools
import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

DEAL_COLUMNS = (
    "id, user_id, gym_id, event_kind, kind, rate, amount, currency, valid_from, valid_until, "
    "status, note, decided_by, decided_at, ended_by, ended_at, created_at"
)

_CREATE = Query(
    "insert into public.ambassador_gym_deals (user_id, gym_id, event_kind, kind, rate, "
    "amount, currency, valid_from, valid_until, note) values (cast(:user_id as uuid), "
    "cast(:gym_id as uuid), :event_kind, :kind, :rate, :amount, :currency, :valid_from, "
    f":valid_until, :note) returning {DEAL_COLUMNS}"
)


async def create(tx: Tx, values: dict[str, Any]) -> asyncpg.Record:
    row: asyncpg.Record = await tx.row(_CREATE, **values)
    return row


_OWN = Query(
    f"select {DEAL_COLUMNS} from public.ambassador_gym_deals "
    "where user_id = cast(:user_id as uuid) and id = cast(:id as uuid)"
)
_OF_GYM = Query(
    f"select {DEAL_COLUMNS} from public.ambassador_gym_deals "
    "where gym_id = cast(:gym_id as uuid) and id = cast(:id as uuid)"
)


async def own(tx: Tx, user_id: uuid.UUID, deal_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_OWN, user_id=user_id, id=deal_id)


async def of_gym(tx: Tx, gym_id: uuid.UUID, deal_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_OF_GYM, gym_id=gym_id, id=deal_id)


# The transition trigger signs and dates the step (and ends the validity on ``ended``).
_MOVE = Query(
    "update public.ambassador_gym_deals set status = :status "
    "where user_id = cast(:user_id as uuid) and id = cast(:id as uuid) and status = :current "
    f"returning {DEAL_COLUMNS}"
)


async def move(
    tx: Tx, user_id: uuid.UUID, deal_id: uuid.UUID, current: str, status: str
) -> asyncpg.Record | None:
    """The deal in its new status, or None when it was no longer ``current``."""
    return await tx.row(_MOVE, user_id=user_id, id=deal_id, current=current, status=status)


@functools.cache
def _list_query(by: str, by_status: bool, paged: bool) -> Query:
    where = [f"{by} = cast(:owner as uuid)"]
    if by_status:
        where.append("status = :status")
    if paged:
        where.append(
            "(created_at, id) < (cast(:after_created as timestamptz), cast(:after_id as uuid))"
        )
    return Query(
        f"select {DEAL_COLUMNS} from public.ambassador_gym_deals where {' and '.join(where)} "
        "order by created_at desc, id desc limit :limit"
    )


async def list_deals(
    tx: Tx,
    *,
    by: str,
    owner: uuid.UUID,
    status: str | None,
    limit: int,
    after: list[Any] | None,
) -> list[asyncpg.Record]:
    """Newest first; ``by`` is ``user_id`` (the ambassador's) or ``gym_id`` (a gym's)."""
    assert by in ("user_id", "gym_id")
    params: dict[str, Any] = {"owner": owner, "limit": limit + 1}
    if status is not None:
        params["status"] = status
    if after is not None:
        params["after_created"], params["after_id"] = after
    return await tx.fetch(_list_query(by, status is not None, after is not None), **params)

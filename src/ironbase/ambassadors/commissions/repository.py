"""Statements of commissions: agreements, the terms valid at a moment, the ledger.

Administrators (``app_admin``) read and write every ambassador's rows; an ambassador reads
their own (RLS). Statements filter by the ambassador as well.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from decimal import Decimal
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

AGREEMENT_COLUMNS = (
    "id, user_id, event_kind, kind, rate, amount, currency, valid_from, valid_until, status, "
    "note, created_by, revoked_by, revoked_at, created_at"
)
ACCRUAL_COLUMNS = (
    "id, user_id, event_id, event_kind, referred_user_id, amount, currency, event_amount, "
    "event_currency, agreement_id, deal_id, reverses_id, occurred_at, recorded_at"
)

_CREATE_AGREEMENT = Query(
    "insert into public.ambassador_commission_agreements "
    "(user_id, event_kind, kind, rate, amount, currency, valid_from, valid_until, note, "
    "created_by) values (cast(:user_id as uuid), :event_kind, :kind, :rate, :amount, "
    ":currency, :valid_from, :valid_until, :note, cast(:created_by as uuid)) "
    f"returning {AGREEMENT_COLUMNS}"
)


async def create_agreement(tx: Tx, values: dict[str, Any]) -> asyncpg.Record:
    row: asyncpg.Record = await tx.row(_CREATE_AGREEMENT, **values)
    return row


_AGREEMENT = Query(
    f"select {AGREEMENT_COLUMNS} from public.ambassador_commission_agreements "
    "where user_id = cast(:user_id as uuid) and id = cast(:id as uuid)"
)


async def get_agreement(tx: Tx, user_id: uuid.UUID, agreement_id: uuid.UUID) -> Any:
    return await tx.row(_AGREEMENT, user_id=user_id, id=agreement_id)


# Revoking ends the validity now (an agreement that has not begun gets an empty range).
_REVOKE_AGREEMENT = Query(
    "update public.ambassador_commission_agreements set status = 'revoked', "
    "revoked_by = cast(:revoked_by as uuid), revoked_at = now(), "
    "valid_until = greatest(valid_from, least(coalesce(valid_until, 'infinity'), now())) "
    "where user_id = cast(:user_id as uuid) and id = cast(:id as uuid) and status = 'active' "
    f"returning {AGREEMENT_COLUMNS}"
)


async def revoke_agreement(
    tx: Tx, user_id: uuid.UUID, agreement_id: uuid.UUID, revoked_by: uuid.UUID
) -> asyncpg.Record | None:
    return await tx.row(_REVOKE_AGREEMENT, user_id=user_id, id=agreement_id, revoked_by=revoked_by)


@functools.cache
def _newest_page(table: str, columns: str, stamp: str, paged: bool) -> Query:
    """One ambassador's rows of ``table``, newest first: keyset on (``stamp``, id)."""
    after = (
        f"and ({stamp}, id) < (cast(:after_stamp as timestamptz), cast(:after_id as uuid)) "
        if paged
        else ""
    )
    return Query(
        f"select {columns} from public.{table} "
        f"where user_id = cast(:user_id as uuid) {after}"
        f"order by {stamp} desc, id desc limit :limit"
    )


async def _page(
    tx: Tx,
    table: str,
    columns: str,
    stamp: str,
    user_id: uuid.UUID,
    *,
    limit: int,
    after: list[Any] | None,
) -> list[asyncpg.Record]:
    params: dict[str, Any] = {"user_id": user_id, "limit": limit + 1}
    if after is not None:
        params["after_stamp"], params["after_id"] = after
    return await tx.fetch(_newest_page(table, columns, stamp, after is not None), **params)


async def list_agreements(
    tx: Tx, user_id: uuid.UUID, *, limit: int, after: list[Any] | None
) -> list[asyncpg.Record]:
    """Newest first, keyset on (created_at, id)."""
    return await _page(
        tx,
        "ambassador_commission_agreements",
        AGREEMENT_COLUMNS,
        "created_at",
        user_id,
        limit=limit,
        after=after,
    )


# The terms that price an event: an accepted deal (valid then) with a gym the referred
# person is a member of, before the ambassador's agreement; among several deals the one
# that began last (then the greatest id) wins, so the choice is deterministic.
_TERMS_AT = Query(
    "select * from ("
    "  (select 'deal' as source, d.id, d.kind, d.rate, d.amount, d.currency, 0 as rank_, "
    "     d.valid_from from public.ambassador_gym_deals d "
    "   where d.user_id = cast(:user_id as uuid) and d.event_kind = :event_kind "
    "     and d.status in ('accepted', 'ended') and d.gym_id = any(cast(:gym_ids as uuid[])) "
    "     and d.valid_from <= :at and (d.valid_until is null or d.valid_until > :at) "
    "   order by d.valid_from desc, d.id desc limit 1) "
    "  union all "
    "  (select 'agreement', a.id, a.kind, a.rate, a.amount, a.currency, 1, a.valid_from "
    "   from public.ambassador_commission_agreements a "
    "   where a.user_id = cast(:user_id as uuid) and a.event_kind = :event_kind "
    "     and a.valid_from <= :at and (a.valid_until is null or a.valid_until > :at) "
    "   order by a.valid_from desc, a.id desc limit 1)"
    ") t order by rank_ limit 1"
)


async def terms_at(
    tx: Tx, user_id: uuid.UUID, event_kind: str, at: dt.datetime, gym_ids: list[uuid.UUID]
) -> asyncpg.Record | None:
    return await tx.row(_TERMS_AT, user_id=user_id, event_kind=event_kind, at=at, gym_ids=gym_ids)


_INSERT_ACCRUAL = Query(
    "insert into public.ambassador_commission_accruals (user_id, event_id, event_kind, "
    "referred_user_id, amount, currency, event_amount, event_currency, agreement_id, deal_id, "
    "reverses_id, occurred_at) values (cast(:user_id as uuid), :event_id, :event_kind, "
    "cast(:referred_user_id as uuid), :amount, :currency, :event_amount, :event_currency, "
    "cast(:agreement_id as uuid), cast(:deal_id as uuid), cast(:reverses_id as uuid), "
    ":occurred_at) on conflict (user_id, event_id) do nothing "
    f"returning {ACCRUAL_COLUMNS}"
)


async def insert_accrual(tx: Tx, values: dict[str, Any]) -> asyncpg.Record | None:
    """The new row, or None when the event id is already in the ambassador's ledger (two
    identical events at once: the unique key lets one in, the other finds it)."""
    return await tx.row(_INSERT_ACCRUAL, **values)


_ACCRUAL_BY_EVENT = Query(
    f"select {ACCRUAL_COLUMNS} from public.ambassador_commission_accruals "
    "where user_id = cast(:user_id as uuid) and event_id = :event_id"
)


async def accrual_by_event(tx: Tx, user_id: uuid.UUID, event_id: str) -> asyncpg.Record | None:
    return await tx.row(_ACCRUAL_BY_EVENT, user_id=user_id, event_id=event_id)


_REVERSAL_OF = Query(
    "select id from public.ambassador_commission_accruals "
    "where user_id = cast(:user_id as uuid) and reverses_id = cast(:id as uuid)"
)


async def reversed_already(tx: Tx, user_id: uuid.UUID, accrual_id: uuid.UUID) -> bool:
    return await tx.value(_REVERSAL_OF, user_id=user_id, id=accrual_id) is not None


async def ledger_page(
    tx: Tx, user_id: uuid.UUID, *, limit: int, after: list[Any] | None
) -> list[asyncpg.Record]:
    """Newest first, keyset on (recorded_at, id)."""
    return await _page(
        tx,
        "ambassador_commission_accruals",
        ACCRUAL_COLUMNS,
        "recorded_at",
        user_id,
        limit=limit,
        after=after,
    )


# One ambassador's statement per currency over [from, to) of recording time.
_STATEMENT = Query(
    "with bounds as (select coalesce(cast(:period_from as timestamptz), '-infinity') as f, "
    "coalesce(cast(:period_to as timestamptz), 'infinity') as t) "
    "select a.currency, "
    "coalesce(sum(a.amount) filter (where a.recorded_at < b.f), 0) as opening_balance, "
    "coalesce(sum(a.amount) filter (where a.recorded_at >= b.f and a.amount > 0), 0) "
    "  as accrued, "
    "coalesce(sum(a.amount) filter (where a.recorded_at >= b.f and a.amount < 0), 0) "
    "  as reversed, "
    "coalesce(sum(a.amount), 0) as closing_balance, "
    "count(*) filter (where a.recorded_at >= b.f and a.amount > 0) as accruals, "
    "count(*) filter (where a.recorded_at >= b.f and a.amount < 0) as reversals "
    "from public.ambassador_commission_accruals a cross join bounds b "
    "where a.user_id = cast(:user_id as uuid) and a.recorded_at < b.t "
    "group by a.currency order by a.currency"
)


async def statement(
    tx: Tx, user_id: uuid.UUID, period_from: dt.datetime | None, period_to: dt.datetime | None
) -> list[asyncpg.Record]:
    return await tx.fetch(_STATEMENT, user_id=user_id, period_from=period_from, period_to=period_to)


_AMBASSADORS_WITH_LEDGER = Query(
    "select distinct user_id from public.ambassador_commission_accruals "
    "where recorded_at < coalesce(cast(:period_to as timestamptz), 'infinity') order by user_id"
)


async def ambassadors_with_ledger(tx: Tx, period_to: dt.datetime | None) -> list[uuid.UUID]:
    return [r["user_id"] for r in await tx.fetch(_AMBASSADORS_WITH_LEDGER, period_to=period_to)]


# The whole ledger per currency, summed independently of the statements.
_LEDGER_TOTALS = Query(
    "select currency, coalesce(sum(amount) filter (where recorded_at >= "
    "coalesce(cast(:period_from as timestamptz), '-infinity')), 0) as movement, "
    "sum(amount) as balance from public.ambassador_commission_accruals "
    "where recorded_at < coalesce(cast(:period_to as timestamptz), 'infinity') "
    "and (cast(:user_id as uuid) is null or user_id = cast(:user_id as uuid)) "
    "group by currency"
)


async def ledger_totals(
    tx: Tx,
    period_from: dt.datetime | None,
    period_to: dt.datetime | None,
    user_id: uuid.UUID | None,
) -> dict[str, tuple[Decimal, Decimal]]:
    """Per currency: (movement within the period, balance at its end)."""
    rows = await tx.fetch(
        _LEDGER_TOTALS, period_from=period_from, period_to=period_to, user_id=user_id
    )
    return {r["currency"]: (r["movement"], r["balance"]) for r in rows}

"""Every statement on ambassador profiles and referrals. Each filters by the person as RLS
does; administrators' statements rely on their own policies (``auth.is_admin()``)."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

_COLUMNS = """
    a.user_id, a.id, a.status, a.referral_code, a.region, a.gym_id, a.pitch, a.decided_at,
    a.decision_note, a.created_at, a.updated_at, a.decided_by,
    (select count(*) from public.ambassador_referrals r where r.user_id = a.user_id)
      as referrals
"""

_GET = Query(
    f"select {_COLUMNS} from public.ambassador_profiles a where a.user_id = :user_id"  # noqa: S608
)
_LOCK_STATUS = Query(
    "select status from public.ambassador_profiles where user_id = :user_id for update"
)
_INSERT = Query(
    f"""
    with a as (
      insert into public.ambassador_profiles (user_id, pitch, region, gym_id)
      values (:user_id, :pitch, :region, :gym_id)
      returning *
    )
    select {_COLUMNS} from a
    """  # noqa: S608 (constants only)
)
_UPDATE = Query(
    f"""
    with a as (
      update public.ambassador_profiles
      set pitch = :pitch, region = :region, gym_id = :gym_id
      where user_id = :user_id
      returning *
    )
    select {_COLUMNS} from a
    """  # noqa: S608 (constants only)
)
_DELETE = Query(
    """
    delete from public.ambassador_profiles
    where user_id = :user_id and status = any(cast(:statuses as text[]))
    returning id
    """
)
_DECIDE = Query(
    f"""
    with a as (
      update public.ambassador_profiles
      set status = :status, referral_code = coalesce(referral_code, :code),
          decided_by = :decided_by, decided_at = now(), decision_note = :note
      where user_id = :user_id and status = :was
      returning *
    )
    select {_COLUMNS} from a
    """  # noqa: S608 (constants only)
)
_REDEEM = Query("select public.redeem_referral_code(:user_id, :code)")
_STATUS = Query("select status from public.ambassador_profiles where user_id = :user_id")
# RLS: administrators (the billing hook) read every referral; others their own.
_REFERRER = Query(
    """
    select r.user_id, p.status from public.ambassador_referrals r
    join public.ambassador_profiles p on p.user_id = r.user_id
    where r.referred_user_id = :user_id
    """
)


async def get(tx: Tx, user_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET, user_id=user_id)


async def status(tx: Tx, user_id: uuid.UUID) -> str | None:
    found: str | None = await tx.value(_STATUS, user_id=user_id)
    return found


async def referrer(tx: Tx, referred: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_REFERRER, user_id=referred)


async def lock_status(tx: Tx, user_id: uuid.UUID) -> str | None:
    """The profile's status, locked until the transaction ends (None: no profile)."""
    status: str | None = await tx.value(_LOCK_STATUS, user_id=user_id)
    return status


async def insert(tx: Tx, user_id: uuid.UUID, values: dict[str, Any]) -> asyncpg.Record:
    row = await tx.row(_INSERT, user_id=user_id, **values)
    assert row is not None  # an insert ... returning always answers a row
    return row


async def update(tx: Tx, user_id: uuid.UUID, values: dict[str, Any]) -> asyncpg.Record | None:
    return await tx.row(_UPDATE, user_id=user_id, **values)


async def delete(tx: Tx, user_id: uuid.UUID, statuses: list[str]) -> uuid.UUID | None:
    deleted: uuid.UUID | None = await tx.value(_DELETE, user_id=user_id, statuses=statuses)
    return deleted


async def decide(
    tx: Tx,
    user_id: uuid.UUID,
    *,
    was: str,
    status: str,
    code: str | None,
    decided_by: uuid.UUID,
    note: str | None,
) -> asyncpg.Record | None:
    """The decided profile, or None when its status is no longer ``was``."""
    return await tx.row(
        _DECIDE,
        user_id=user_id,
        was=was,
        status=status,
        code=code,
        decided_by=decided_by,
        note=note,
    )


async def redeem(tx: Tx, user_id: uuid.UUID, code: str) -> uuid.UUID | None:
    """The ambassador whose approved code this is, now linked to ``user_id`` (None: no such
    code, or the person's own)."""
    ambassador: uuid.UUID | None = await tx.value(_REDEEM, user_id=user_id, code=code)
    return ambassador


@functools.cache
def _referrals_page(after: bool) -> Query:
    keyset = "and (created_at, id) < (:after_at, :after_id)" if after else ""
    return Query(
        f"""
        select id, referred_user_id, created_at from public.ambassador_referrals
        where user_id = :user_id {keyset}
        order by created_at desc, id desc
        limit :limit
        """  # noqa: S608 (constants only)
    )


async def page_referrals(
    tx: Tx, user_id: uuid.UUID, *, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    if after is None:
        return await tx.fetch(_referrals_page(False), user_id=user_id, limit=limit)
    return await tx.fetch(
        _referrals_page(True), user_id=user_id, limit=limit, after_at=after[0], after_id=after[1]
    )


@functools.cache
def _profiles_page(by_status: bool, after: bool) -> Query:
    where = ["true"]
    if by_status:
        where.append("a.status = :status")
    if after:
        where.append("(a.created_at, a.user_id) > (:after_at, :after_id)")
    return Query(
        f"""
        select {_COLUMNS} from public.ambassador_profiles a
        where {" and ".join(where)}
        order by a.created_at, a.user_id
        limit :limit
        """  # noqa: S608 (constants only)
    )


async def page_profiles(
    tx: Tx,
    *,
    status: str | None,
    after: tuple[dt.datetime, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Every profile (administrators), oldest application first."""
    params: dict[str, Any] = {"limit": limit}
    if status is not None:
        params["status"] = status
    if after is not None:
        params["after_at"], params["after_id"] = after
    return await tx.fetch(_profiles_page(status is not None, after is not None), **params)

"""Statements on the caller's cycle consent and events (owner-only tables: the policies
admit no other role, and every statement filters by the caller as well)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

_CONSENT = Query("select consented_at from public.cycle_consents where user_id = :user_id")
_GIVE_CONSENT = Query(
    "insert into public.cycle_consents (user_id, consented_at) values (:user_id, :at) "
    "on conflict (user_id) do nothing returning consented_at"
)
_DROP_EVENTS = Query("delete from public.cycle_events where user_id = :user_id")
_DROP_CONSENT = Query(
    "delete from public.cycle_consents where user_id = :user_id returning consented_at"
)
_EVENT_COLUMNS = "id, type, day as date, symptom, severity, notes, created_at"
_INSERT_EVENT = Query(
    "insert into public.cycle_events (user_id, type, day, symptom, severity, notes) "  # noqa: S608 (constants only)
    "select cast(:user_id as uuid), cast(:type as text), cast(:day as date), "
    "cast(:symptom as text), cast(:severity as smallint), cast(:notes as text) "
    "where exists (select 1 from public.cycle_consents where user_id = :user_id) "
    f"returning {_EVENT_COLUMNS}"
)
_LIST_EVENTS = Query(
    f"select {_EVENT_COLUMNS} from public.cycle_events "  # noqa: S608 (constants only)
    "where user_id = :user_id and day between :since and :until "
    "and (cast(:after_day as date) is null "
    "     or (day, id) < (cast(:after_day as date), cast(:after_id as uuid))) "
    "order by day desc, id desc limit :limit"
)
_DELETE_EVENT = Query(
    "delete from public.cycle_events where user_id = :user_id and id = :id returning id"
)
_STARTS = Query(
    "select day from public.cycle_events where user_id = :user_id and type = 'period_start' "
    "order by day desc limit :limit"
)
_SYMPTOMS = Query(
    "select day, max(severity) as worst from public.cycle_events "
    "where user_id = :user_id and type = 'symptom' and day between :since and :until "
    "group by day"
)


async def consent(tx: Tx, user_id: uuid.UUID) -> dt.datetime | None:
    value: dt.datetime | None = await tx.value(_CONSENT, user_id=user_id)
    return value


async def give_consent(tx: Tx, user_id: uuid.UUID, at: dt.datetime) -> dt.datetime | None:
    """The new consent's time, or None when consent was already given (kept as it was)."""
    value: dt.datetime | None = await tx.value(_GIVE_CONSENT, user_id=user_id, at=at)
    return value


async def revoke(tx: Tx, user_id: uuid.UUID) -> bool:
    """Deletes every event, then the consent; False when there was no consent."""
    await tx.execute(_DROP_EVENTS, user_id=user_id)
    return await tx.row(_DROP_CONSENT, user_id=user_id) is not None


async def insert_event(tx: Tx, user_id: uuid.UUID, values: dict[str, Any]) -> asyncpg.Record | None:
    """The stored event, or None when the caller has no consent (checked in the statement)."""
    return await tx.row(_INSERT_EVENT, user_id=user_id, **values)


async def list_events(
    tx: Tx,
    user_id: uuid.UUID,
    since: dt.date,
    until: dt.date,
    after: tuple[dt.date, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    after_day, after_id = after if after else (None, None)
    return await tx.fetch(
        _LIST_EVENTS,
        user_id=user_id,
        since=since,
        until=until,
        after_day=after_day,
        after_id=after_id,
        limit=limit,
    )


async def delete_event(tx: Tx, user_id: uuid.UUID, event_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_EVENT, user_id=user_id, id=event_id) is not None


async def period_starts(tx: Tx, user_id: uuid.UUID, limit: int) -> list[dt.date]:
    return [row["day"] for row in await tx.fetch(_STARTS, user_id=user_id, limit=limit)]


async def worst_symptoms(
    tx: Tx, user_id: uuid.UUID, since: dt.date, until: dt.date
) -> dict[dt.date, int]:
    rows = await tx.fetch(_SYMPTOMS, user_id=user_id, since=since, until=until)
    return {row["day"]: int(row["worst"]) for row in rows}

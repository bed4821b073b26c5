"""Statements on the caller's readiness check-ins (filtered by the caller as well as by RLS)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

_COLUMNS = (
    "id, day, sleep, fatigue, stress, soreness, score, sleep_hours, resting_hr, hrv_rmssd_ms, "
    "mood, notes, life_scores, created_at, updated_at"
)
# A second check-in of the day replaces the first: every answer is the new one's.
_UPSERT = Query(
    "insert into public.readiness_checkins (user_id, day, sleep, fatigue, stress, soreness, "  # noqa: S608 (constants only)
    "score, sleep_hours, resting_hr, hrv_rmssd_ms, mood, notes, life_scores) "
    "values (:user_id, :day, :sleep, :fatigue, :stress, :soreness, :score, :sleep_hours, "
    ":resting_hr, :hrv_rmssd_ms, :mood, :notes, cast(:life_scores as jsonb)) "
    "on conflict (user_id, day) do update set sleep = excluded.sleep, "
    "fatigue = excluded.fatigue, stress = excluded.stress, soreness = excluded.soreness, "
    "score = excluded.score, sleep_hours = excluded.sleep_hours, "
    "resting_hr = excluded.resting_hr, hrv_rmssd_ms = excluded.hrv_rmssd_ms, "
    "mood = excluded.mood, notes = excluded.notes, life_scores = excluded.life_scores "
    f"returning {_COLUMNS}, (xmax <> 0) as replaced"
)
_RANGE = Query(
    f"select {_COLUMNS} from public.readiness_checkins "  # noqa: S608 (constants only)
    "where user_id = :user_id and day between :since and :until order by day"
)
# A workout keeps the score of the check-in of the local day it starts on: the person's zone
# is read in the same statement, so a start pays one statement for it.
_SCORE_AT = Query(
    "select c.score from public.readiness_checkins c "
    "where c.user_id = :user_id and c.day = (cast(:at as timestamptz) at time zone "
    "coalesce((select u.time_zone from public.users u where u.id = :user_id), 'UTC'))::date"
)


async def upsert(tx: Tx, user_id: uuid.UUID, values: dict[str, Any]) -> asyncpg.Record:
    row = await tx.row(_UPSERT, user_id=user_id, **values)
    assert row is not None
    return row


async def between(
    tx: Tx, user_id: uuid.UUID, since: dt.date, until: dt.date
) -> list[asyncpg.Record]:
    """Check-ins of [since, until], oldest first."""
    return await tx.fetch(_RANGE, user_id=user_id, since=since, until=until)


async def score_at(tx: Tx, user_id: uuid.UUID, at: dt.datetime) -> int | None:
    value = await tx.value(_SCORE_AT, user_id=user_id, at=at)
    return None if value is None else int(value)

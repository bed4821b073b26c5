"""The statements of the records and analytics: each endpoint reads its sets in one.

Every statement filters by ``user_id`` as well as RLS does. Ranges go on the workout's
``started_at`` (``ix_workouts_started_at``); a set's moment is its ``completed_at``, else
its workout's start.
"""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg

from ironbase.db.pg import Query, Tx

_SET_COLUMNS = """
    s.id as set_id, w.id as workout_id, we.exercise_id, s.set_type,
    coalesce(s.weight_g, 0) as weight_g, s.reps, s.rpe, s.rir,
    coalesce(s.completed_at, w.started_at) as completed_at
"""
_SET_JOINS = """
    from public.workouts w
    join public.workout_exercises we on we.user_id = w.user_id and we.workout_id = w.id
    join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
"""

# Records consider the whole history, but only what can make a record: working sets
# with at least one rep (records.update skips the rest).
_RECORD_SETS = Query(
    f"""select {_SET_COLUMNS} {_SET_JOINS}
    where w.user_id = :user_id and s.reps >= 1 and s.set_type <> 'warmup'"""
)

_SETS_BETWEEN = Query(
    f"""select {_SET_COLUMNS} {_SET_JOINS}
    where w.user_id = :user_id and w.started_at >= :start and w.started_at < :stop"""
)

_EXERCISE_SETS_BETWEEN = Query(
    f"""select {_SET_COLUMNS}, s.unit, s.position, we.position as exercise_position
    {_SET_JOINS}
    where w.user_id = :user_id and we.exercise_id = :exercise_id
      and w.started_at >= :start and w.started_at < :stop
    order by w.started_at, w.id, we.position, s.position"""
)

_SESSION_STARTS = Query(
    "select started_at from public.workouts where user_id = :user_id order by started_at"
)


async def record_sets(tx: Tx, user_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(_RECORD_SETS, user_id=user_id)


async def sets_between(
    tx: Tx, user_id: uuid.UUID, start: dt.datetime, stop: dt.datetime
) -> list[asyncpg.Record]:
    return await tx.fetch(_SETS_BETWEEN, user_id=user_id, start=start, stop=stop)


async def exercise_sets_between(
    tx: Tx, user_id: uuid.UUID, exercise_id: uuid.UUID, start: dt.datetime, stop: dt.datetime
) -> list[asyncpg.Record]:
    return await tx.fetch(
        _EXERCISE_SETS_BETWEEN, user_id=user_id, exercise_id=exercise_id, start=start, stop=stop
    )


async def session_starts(tx: Tx, user_id: uuid.UUID) -> list[dt.datetime]:
    return [row["started_at"] for row in await tx.fetch(_SESSION_STARTS, user_id=user_id)]

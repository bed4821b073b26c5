"""The statements of the records and analytics: each endpoint reads its sets in one.

Every statement filters by ``user_id`` as well as RLS does. Ranges go on the workout's
``started_at`` (``ix_workouts_started_at``); a set's moment is its ``completed_at``, else
its workout's start (imported sets have no completion time, and count).

A ``planned`` set (a template start's, not lifted yet) is no training: no statement here
reads one, and none is judged for the record flags.
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
    join public.workout_sets s
      on s.user_id = we.user_id and s.workout_exercise_id = we.id and not s.planned
"""

# Records consider the whole history, but only what can make a record: working sets
# with at least one rep (records.update skips the rest), and of those only the sets that
# can still hold a record once the whole history is folded, so Python folds tens of rows
# per exercise instead of the history. A record is the first set (completion order, then
# set id, as records.compute_records sorts) with the strictly best value, so per exercise:
# * heaviest load: the first of the heaviest sets;
# * most reps: per load, the first of the sets with the most reps;
# * e1RM: per (reps, RPE, RIR), the first of the heaviest sets: at the same reps and
#   effort every formula grows strictly with the load, so no other set can be the first
#   with the best estimate;
# * session volume: every set of the sessions with the best tonnage (when above 0), so
#   the fold finds the set that first brought one of them to it.
# tests/training/stats/test_records_candidates.py checks the fold over these against the
# fold over every set.
_RECORD_SETS = Query(
    f"""
    with working as (
      select {_SET_COLUMNS} {_SET_JOINS}
      where w.user_id = :user_id and s.reps >= 1 and s.set_type <> 'warmup'
    ), ranked as (
      select *,
        row_number() over (
          partition by exercise_id order by weight_g desc, completed_at, set_id
        ) as heaviest_rank,
        row_number() over (
          partition by exercise_id, weight_g order by reps desc, completed_at, set_id
        ) as reps_rank,
        row_number() over (
          partition by exercise_id, reps, rpe, rir order by weight_g desc, completed_at, set_id
        ) as effort_rank,
        sum(weight_g::bigint * reps) over (partition by exercise_id, workout_id) as session_g
      from working
    ), sessions as (
      select *, max(session_g) over (partition by exercise_id) as best_session_g from ranked
    )
    select set_id, workout_id, exercise_id, set_type, weight_g, reps, rpe, rir, completed_at
    from sessions
    where heaviest_rank = 1 or reps_rank = 1 or effort_rank = 1
       or (best_session_g > 0 and session_g = best_session_g)
    """  # noqa: S608 (constants only)
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


# One set against the other working sets of its exercise (the record flags of a logged
# set): the set itself, then aggregates of the others, read through
# ix_workout_exercises_exercise and ix_workout_sets_workout_exercise. The e1RM candidates
# are the heaviest load per (reps, effort) within the range any formula trusts, so at most
# max_reps x the trusted RPE steps rows whatever the history's length.
_SET_AGAINST_OTHERS = Query(
    """
    with judged as (
      select s.id as set_id, we.workout_id, we.exercise_id, s.set_type,
             coalesce(s.weight_g, 0) as weight_g, s.reps, s.rpe, s.rir,
             coalesce(s.completed_at, s.created_at) as completed_at
      from public.workout_sets s
      join public.workout_exercises we on we.user_id = s.user_id and we.id = s.workout_exercise_id
      where s.user_id = :user_id and s.id = :set_id and not s.planned
    ), others as (
      select coalesce(o.weight_g, 0) as weight_g, o.reps, coalesce(o.rpe, 10 - o.rir) as effort,
             we.workout_id
      from judged j
      join public.workout_exercises we on we.user_id = :user_id and we.exercise_id = j.exercise_id
      join public.workout_sets o on o.user_id = we.user_id and o.workout_exercise_id = we.id
      where o.id <> j.set_id and not o.planned and o.reps >= 1 and o.set_type <> 'warmup'
    ), sessions as (
      select workout_id, sum(weight_g * reps) as tonnage from others group by workout_id
    ), efforts as (
      select reps, effort, max(weight_g) as weight_g from others
      where weight_g > 0 and reps <= :max_reps and (effort is null or effort >= :min_effort)
      group by reps, effort
    )
    select j.*,
      (select count(*) from others) as working_sets,
      (select max(weight_g) from others where weight_g > 0) as heaviest_g,
      (select max(reps) from others o where o.weight_g = j.weight_g) as reps_at_load,
      (select max(tonnage) from sessions x where x.workout_id <> j.workout_id)
        as best_other_session_g,
      (select coalesce(sum(tonnage), 0) from sessions x where x.workout_id = j.workout_id)
        as session_g,
      e.effort_reps, e.effort_rpes, e.effort_weights
    from judged j
    cross join (
      select array_agg(reps) as effort_reps, array_agg(effort) as effort_rpes,
             array_agg(weight_g) as effort_weights
      from efforts
    ) e
    """
)


async def set_against_others(
    tx: Tx, user_id: uuid.UUID, set_id: uuid.UUID, max_reps: int, min_effort: int
) -> asyncpg.Record | None:
    return await tx.row(
        _SET_AGAINST_OTHERS,
        user_id=user_id,
        set_id=set_id,
        max_reps=max_reps,
        min_effort=min_effort,
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


# The sets an e1RM can come from, since a moment: done working sets with a load and 1-12
# reps. At the same reps and effort every estimate grows with the load, so per exercise
# and (reps, RPE, RIR) only the heaviest set can be the best: tens of rows per exercise.
_E1RM_CANDIDATES = Query(
    f"""
    select distinct on (we.exercise_id, s.reps, s.rpe, s.rir)
           we.exercise_id, s.weight_g, s.reps, s.rpe, s.rir
    {_SET_JOINS}
    where w.user_id = :user_id and w.started_at >= :since and s.set_type <> 'warmup'
      and s.weight_g > 0 and s.reps between 1 and 12
    order by we.exercise_id, s.reps, s.rpe, s.rir, s.weight_g desc
    """
)


async def e1rm_candidates(tx: Tx, user_id: uuid.UUID, since: dt.datetime) -> list[asyncpg.Record]:
    return await tx.fetch(_E1RM_CANDIDATES, user_id=user_id, since=since)

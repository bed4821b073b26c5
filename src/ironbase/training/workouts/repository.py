"""Every statement on workouts, their exercises and their sets.

Writes are set-based and apply the conflict rule per row (docs/adr/0008): one merge per
table with the rows as arrays (``unnest``), then one delete per table of the rows the
document no longer has. A row changes only when its values differ or a newer client stamp
comes with it, and never for a stamp older than the stored one; a row is not created again
when it was deleted after its stamp. So writing the same document again updates nothing:
no ``updated_at`` moves, no change-log entry.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    DateTime,
    Select,
    bindparam,
    delete,
    func,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.training import Workout, WorkoutExercise, WorkoutSet
from ironbase.training.sync import rule

W = Workout.__table__.c
E = WorkoutExercise.__table__.c
S = WorkoutSet.__table__.c

_USER = bindparam("user_id", type_=PG_UUID(as_uuid=True))


def _any_uuid(name: str) -> Any:
    return func.any(bindparam(name, type_=ARRAY(PG_UUID(as_uuid=True))))


# --- writes of a document -------------------------------------------------------------

# Whether someone else holds the id, whether the caller has it, and whether the caller
# deleted it after this write's time (then the write must not bring it back).
_DOCUMENT_STATE = Query(
    f"""
    select public.workout_id_taken(:id) as taken,
           exists (select 1 from public.workouts w where w.user_id = :user_id and w.id = :id)
             as stored,
           {rule.deleted_after("workouts", ":id", rule.WRITE_TIME)} as deleted_later
    """  # noqa: S608 (constants only)
)

_MERGE_WORKOUT = rule.merge(
    "workouts",
    {
        "title": "text",
        "started_at": "timestamptz",
        "ended_at": "timestamptz",
        "notes": "text",
        "gym_id": "uuid",
    },
)

_MERGE_EXERCISES = rule.merge(
    "workout_exercises",
    {
        "workout_id": "uuid",
        "exercise_id": "uuid",
        "position": "smallint",
        "superset_group": "smallint",
        "notes": "text",
    },
)

_SET_COLUMNS = {
    "workout_exercise_id": "uuid",
    "position": "smallint",
    "set_type": "text",
    "weight_g": "integer",
    "unit": "text",
    "reps": "smallint",
    "duration_s": "integer",
    "distance_m": "integer",
    "rpe": "numeric",
    "rir": "smallint",
    "completed_at": "timestamptz",
    "planned": "boolean",
}
# A set whose exercise stayed out of the workout (deleted later, or kept elsewhere by a
# newer write) stays out with it.
_MERGE_SETS = rule.merge(
    "workout_sets",
    _SET_COLUMNS,
    guard="""exists (select 1 from public.workout_exercises e
                     where e.user_id = :user_id and e.id = u.workout_exercise_id
                       and e.workout_id = :workout_id)""",
)

# A document's omission is a delete as of the document's time: rows changed after it
# (by another device) stay.
_DELETE_STALE_SETS = Query(
    f"""
    delete from public.workout_sets s
    using public.workout_exercises e
    where s.user_id = :user_id and e.user_id = s.user_id and e.id = s.workout_exercise_id
      and e.workout_id = :workout_id and s.id <> all(cast(:keep as uuid[]))
      and (s.client_updated_at is null or s.client_updated_at <= {rule.WRITE_TIME})
    """  # noqa: S608 (constants only)
)

# ... and an exercise still holding such a set stays with it.
_DELETE_STALE_EXERCISES = Query(
    f"""
    delete from public.workout_exercises e
    where e.user_id = :user_id and e.workout_id = :workout_id
      and e.id <> all(cast(:keep as uuid[]))
      and (e.client_updated_at is null or e.client_updated_at <= {rule.WRITE_TIME})
      and not exists (select 1 from public.workout_sets s
                      where s.user_id = e.user_id and s.workout_exercise_id = e.id)
    """  # noqa: S608 (constants only)
)


async def document_state(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, stamp: dt.datetime | None
) -> asyncpg.Record:
    """``taken`` (by someone else: answers nothing more), ``stored``, ``deleted_later``."""
    row = await tx.row(_DOCUMENT_STATE, user_id=user_id, id=workout_id, stamp=stamp)
    assert row is not None
    return row


async def merge_workout(tx: Tx, user_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    """Writes the workout's own fields (``values`` with ``id`` and ``stamp``)."""
    columns = ("title", "started_at", "ended_at", "notes", "gym_id")
    await tx.execute(_MERGE_WORKOUT, user_id=user_id, **rule.arrays([values], columns))


async def merge_exercises(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Writes these exercises into the workout (its others stay: see delete_stale_exercises)."""
    if rows:
        columns = ("exercise_id", "position", "superset_group", "notes")
        arrays = rule.arrays(rows, columns) | {"workout_id": [workout_id] * len(rows)}
        await tx.execute(_MERGE_EXERCISES, user_id=user_id, **arrays)


async def merge_sets(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Writes these sets, each under its exercise of this workout (moving any given one)."""
    if rows:
        arrays = rule.arrays(rows, tuple(_SET_COLUMNS))
        await tx.execute(_MERGE_SETS, user_id=user_id, workout_id=workout_id, **arrays)


async def delete_stale_sets(
    tx: Tx,
    user_id: uuid.UUID,
    workout_id: uuid.UUID,
    keep: list[uuid.UUID],
    stamp: dt.datetime | None,
) -> None:
    await tx.execute(
        _DELETE_STALE_SETS, user_id=user_id, workout_id=workout_id, keep=keep, stamp=stamp
    )


async def delete_stale_exercises(
    tx: Tx,
    user_id: uuid.UUID,
    workout_id: uuid.UUID,
    keep: list[uuid.UUID],
    stamp: dt.datetime | None,
) -> None:
    await tx.execute(
        _DELETE_STALE_EXERCISES, user_id=user_id, workout_id=workout_id, keep=keep, stamp=stamp
    )


# --- reads ----------------------------------------------------------------------------

_WORKOUT_COLUMNS = (
    W.id,
    W.title,
    W.started_at,
    W.ended_at,
    W.notes,
    W.gym_id,
    W.template_id,
    W.created_at,
    W.updated_at,
)

# A workout's exercises with their sets, as JSON built by PostgreSQL in the statement that
# reads the workouts (correlated on the outer ``workouts`` row, through
# ix_workout_exercises_workout and ix_workout_sets_workout_exercise): a page is one
# statement, and no row of a part is decoded into Python objects only to be encoded again.
# Masses stay grams (the service writes them in the response's unit); a completion time is
# whole microseconds since the epoch (exact, whatever the session's time zone).
_PARTS: ColumnElement[Any] = literal_column(
    """(
    select coalesce(json_agg(json_build_object(
        'id', e.id, 'exercise_id', e.exercise_id, 'position', e.position,
        'superset_group', e.superset_group, 'notes', e.notes,
        'sets', (
          select coalesce(json_agg(json_build_object(
              'id', s.id, 'position', s.position, 'set_type', s.set_type,
              'weight_g', s.weight_g, 'reps', s.reps, 'duration_s', s.duration_s,
              'distance_m', s.distance_m, 'rpe', s.rpe, 'rir', s.rir,
              'completed_us', (extract(epoch from s.completed_at) * 1000000)::bigint,
              'planned', s.planned)
            order by s.position, s.id), '[]')
          from public.workout_sets s
          where s.user_id = e.user_id and s.workout_exercise_id = e.id))
      order by e.position, e.id), '[]')
    from public.workout_exercises e
    where e.user_id = workouts.user_id and e.workout_id = workouts.id
    )"""
).label("exercises")


def _workout_select(parts: bool) -> Select[Any]:
    columns = (*_WORKOUT_COLUMNS, _PARTS) if parts else _WORKOUT_COLUMNS
    return select(*columns).where(W.user_id == _USER)


_WORKOUT = Query(
    _workout_select(parts=True).where(W.id == bindparam("id", type_=PG_UUID(as_uuid=True)))
)
_WORKOUT_TIMES = Query(
    select(W.started_at, W.ended_at).where(
        W.user_id == _USER, W.id == bindparam("id", type_=PG_UUID(as_uuid=True))
    )
)

_SETS_OF = Query(
    select(
        S.id,
        S.workout_exercise_id,
        S.position,
        S.set_type,
        S.weight_g,
        S.reps,
        S.duration_s,
        S.distance_m,
        S.rpe,
        S.rir,
        S.completed_at,
        S.planned,
    )
    .where(S.user_id == _USER, S.workout_exercise_id == _any_uuid("exercise_ids"))
    .order_by(S.workout_exercise_id, S.position, S.id)
)


_EXERCISE_OF_WORKOUT = Query(
    select(E.id, E.exercise_id, E.position, E.superset_group, E.notes).where(
        E.user_id == _USER,
        E.id == bindparam("id", type_=PG_UUID(as_uuid=True)),
        E.workout_id == bindparam("workout_id", type_=PG_UUID(as_uuid=True)),
    )
)


async def get_workout(tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID) -> asyncpg.Record | None:
    """The workout with its exercises and sets (``exercises``: JSON, see ``_PARTS``)."""
    return await tx.row(_WORKOUT, user_id=user_id, id=workout_id)


async def workout_times(tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID) -> asyncpg.Record | None:
    """The workout's start and end (None: no such workout of theirs)."""
    return await tx.row(_WORKOUT_TIMES, user_id=user_id, id=workout_id)


async def exercise_of_workout(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, exercise_id: uuid.UUID
) -> asyncpg.Record | None:
    return await tx.row(
        _EXERCISE_OF_WORKOUT, user_id=user_id, id=exercise_id, workout_id=workout_id
    )


async def sets_of(
    tx: Tx, user_id: uuid.UUID, exercise_ids: list[uuid.UUID]
) -> list[asyncpg.Record]:
    if not exercise_ids:
        return []
    return await tx.fetch(_SETS_OF, user_id=user_id, exercise_ids=exercise_ids)


_AT = DateTime(timezone=True)


@functools.cache
def _page(after: bool, since: bool, until: bool, parts: bool) -> Query:
    """Newest first, with the parts or without; the shape varies with which bounds the
    request gives."""
    statement = _workout_select(parts)
    if after:
        statement = statement.where(
            tuple_(W.started_at, W.id)
            < tuple_(
                bindparam("after_at", type_=_AT),
                bindparam("after_id", type_=PG_UUID(as_uuid=True)),
            )
        )
    if since:
        statement = statement.where(W.started_at >= bindparam("since", type_=_AT))
    if until:
        statement = statement.where(W.started_at < bindparam("until", type_=_AT))
    return Query(statement.order_by(W.started_at.desc(), W.id.desc()).limit(bindparam("limit")))


async def page_workouts(
    tx: Tx,
    user_id: uuid.UUID,
    *,
    after: tuple[dt.datetime, uuid.UUID] | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int,
    parts: bool,
) -> list[asyncpg.Record]:
    """Up to ``limit`` workouts started before ``after`` (keyset), within [since, until),
    with their exercises and sets when ``parts``."""
    params: dict[str, Any] = {"user_id": user_id, "limit": limit}
    if after is not None:
        params["after_at"], params["after_id"] = after
    if since is not None:
        params["since"] = since
    if until is not None:
        params["until"] = until
    query = _page(after is not None, since is not None, until is not None, parts)
    return await tx.fetch(query, **params)


# --- single-row edits -----------------------------------------------------------------


async def update_workout(
    tx: Tx,
    user_id: uuid.UUID,
    workout_id: uuid.UUID,
    changes: dict[str, Any],
    stamp: dt.datetime | None,
) -> bool:
    """False when the workout is not the caller's, or a newer write holds it."""
    query = rule.single_row_edit(Workout.__table__, frozenset(changes))
    return await tx.row(query, user_id=user_id, id=workout_id, stamp=stamp, **changes) is not None


_DELETE_WORKOUT = Query(
    delete(Workout)
    .where(W.user_id == _USER, W.id == bindparam("id", type_=PG_UUID(as_uuid=True)))
    .returning(W.id)
)


async def delete_workout(tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_WORKOUT, user_id=user_id, id=workout_id) is not None


# --- exercises and sets one at a time -------------------------------------------------

_NEXT_EXERCISE_POSITION = Query(
    select(func.coalesce(func.max(E.position) + 1, 0)).where(
        E.user_id == _USER, E.workout_id == bindparam("workout_id", type_=PG_UUID(as_uuid=True))
    )
)

# The exercise, and the next set position in it; no row when it is not in this workout.
_EXERCISE_IN_WORKOUT = Query(
    """
    select e.id,
           (select coalesce(max(s.position) + 1, 0) from public.workout_sets s
            where s.user_id = e.user_id and s.workout_exercise_id = e.id) as next_position
    from public.workout_exercises e
    where e.user_id = :user_id and e.id = :id and e.workout_id = :workout_id
    """
)

_SET_COLUMNS_READ = (
    S.id,
    S.workout_exercise_id,
    S.position,
    S.set_type,
    S.weight_g,
    S.unit,
    S.reps,
    S.duration_s,
    S.distance_m,
    S.rpe,
    S.rir,
    S.completed_at,
    S.planned,
)
_SET = Query(
    select(*_SET_COLUMNS_READ).where(
        S.user_id == _USER, S.id == bindparam("id", type_=PG_UUID(as_uuid=True))
    )
)
_DELETE_SET = Query(
    delete(WorkoutSet)
    .where(S.user_id == _USER, S.id == bindparam("id", type_=PG_UUID(as_uuid=True)))
    .returning(S.id)
)


async def next_exercise_position(tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID) -> int:
    return int(await tx.value(_NEXT_EXERCISE_POSITION, user_id=user_id, workout_id=workout_id))


async def exercise_in_workout(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, exercise_id: uuid.UUID
) -> asyncpg.Record | None:
    return await tx.row(
        _EXERCISE_IN_WORKOUT, user_id=user_id, id=exercise_id, workout_id=workout_id
    )


async def get_set(tx: Tx, user_id: uuid.UUID, set_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_SET, user_id=user_id, id=set_id)


async def update_set(
    tx: Tx,
    user_id: uuid.UUID,
    set_id: uuid.UUID,
    changes: dict[str, Any],
    stamp: dt.datetime | None,
) -> bool:
    """False when the set is not the caller's, or a newer write holds it."""
    query = rule.single_row_edit(WorkoutSet.__table__, frozenset(changes))
    return await tx.row(query, user_id=user_id, id=set_id, stamp=stamp, **changes) is not None


async def delete_set(tx: Tx, user_id: uuid.UUID, set_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_SET, user_id=user_id, id=set_id) is not None


# --- workouts started from a template -------------------------------------------------

_INSERT_STARTED = Query(
    """
    insert into public.workouts
      (user_id, id, template_id, program_workout_id, title, started_at, gym_id,
       readiness_score, client_updated_at)
    values (:user_id, :id, :template_id, :program_workout_id, :title, :started_at, :gym_id,
            :readiness_score, now())
    returning id, title, started_at, ended_at, notes, gym_id, template_id, created_at,
              updated_at
    """
)

# Per exercise, the sets of the latest workout (by start) in which it has any done: one
# statement for all exercises (a lateral step each, on ix_workout_exercises_exercise).
# Planned sets were never lifted: a plan left unfinished is no performance.
_LAST_PERFORMANCE = Query(
    """
    with latest as (
      select e.exercise_id, last.workout_id, last.started_at
      from unnest(cast(:exercise_ids as uuid[])) as e (exercise_id)
      cross join lateral (
        select w.id as workout_id, w.started_at
        from public.workout_exercises we
        join public.workouts w on w.user_id = we.user_id and w.id = we.workout_id
        where we.user_id = :user_id and we.exercise_id = e.exercise_id
          and exists (select 1 from public.workout_sets s
                      where s.user_id = we.user_id and s.workout_exercise_id = we.id
                        and not s.planned)
        order by w.started_at desc, w.id desc
        limit 1
      ) last
    )
    select l.exercise_id, l.workout_id, l.started_at, s.id, s.position, s.set_type,
           s.weight_g, s.reps, s.duration_s, s.distance_m, s.rpe, s.rir, s.completed_at,
           s.planned
    from latest l
    join public.workout_exercises we
      on we.user_id = :user_id and we.workout_id = l.workout_id
     and we.exercise_id = l.exercise_id
    join public.workout_sets s
      on s.user_id = we.user_id and s.workout_exercise_id = we.id and not s.planned
    order by l.exercise_id, we.position, we.id, s.position, s.id
    """
)

# Deleting a template leaves the workouts started from it (docs/adr/0007: no SET NULL).
_FORGET_TEMPLATE = Query(
    """
    update public.workouts set template_id = null
    where user_id = :user_id and template_id = :template_id
    """
)


async def insert_started(tx: Tx, user_id: uuid.UUID, values: Mapping[str, Any]) -> asyncpg.Record:
    values = {"template_id": None, "program_workout_id": None, **values}
    row = await tx.row(_INSERT_STARTED, user_id=user_id, **values)
    assert row is not None  # an insert ... returning always answers a row
    return row


async def last_performance(
    tx: Tx, user_id: uuid.UUID, exercise_ids: list[uuid.UUID]
) -> list[asyncpg.Record]:
    if not exercise_ids:
        return []
    return await tx.fetch(_LAST_PERFORMANCE, user_id=user_id, exercise_ids=exercise_ids)


_HISTORY = Query(
    """
    select count(*) as workouts, min(started_at) as first_started_at,
           max(started_at) as last_started_at
    from public.workouts where user_id = :user_id
    """
)


async def history(tx: Tx, user_id: uuid.UUID) -> asyncpg.Record:
    row = await tx.row(_HISTORY, user_id=user_id)
    assert row is not None  # an aggregate always answers a row
    return row


async def forget_template(tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID) -> None:
    await tx.execute(_FORGET_TEMPLATE, user_id=user_id, template_id=template_id)


# The finished workouts that carried out these program workouts, with their done working
# sets (warm-ups and planned sets left out), in the order they ended: one statement.
_PROGRAM_SESSIONS = Query(
    """
    select w.id as workout_id, w.program_workout_id, w.ended_at, we.position,
           we.exercise_id, s.position as set_position, s.weight_g, s.reps, s.rpe, s.rir
    from public.workouts w
    left join public.workout_exercises we on we.user_id = w.user_id and we.workout_id = w.id
    left join public.workout_sets s
      on s.user_id = we.user_id and s.workout_exercise_id = we.id and not s.planned
         and s.set_type <> 'warmup'
    where w.user_id = :user_id and w.ended_at is not null
      and w.program_workout_id = any(cast(:program_workout_ids as uuid[]))
    order by w.ended_at, w.id, we.position, s.position
    """
)


async def program_sessions(
    tx: Tx, user_id: uuid.UUID, program_workout_ids: list[uuid.UUID]
) -> list[asyncpg.Record]:
    if not program_workout_ids:
        return []
    return await tx.fetch(
        _PROGRAM_SESSIONS, user_id=user_id, program_workout_ids=program_workout_ids
    )

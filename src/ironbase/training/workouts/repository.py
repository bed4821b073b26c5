"""Every statement on workouts, their exercises and their sets.

Writes of a whole document are set-based: one upsert per table with the rows as arrays
(``unnest``), then one delete per table of the rows the document no longer has. An upsert
changes a row only when a value differs (``where ... is distinct from``), so writing the
same document again updates nothing: no ``updated_at`` moves, no change-log entry.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import ARRAY, DateTime, bindparam, delete, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.training import Workout, WorkoutExercise, WorkoutSet

W = Workout.__table__.c
E = WorkoutExercise.__table__.c
S = WorkoutSet.__table__.c

_USER = bindparam("user_id", type_=PG_UUID(as_uuid=True))


def _any_uuid(name: str) -> Any:
    return func.any(bindparam(name, type_=ARRAY(PG_UUID(as_uuid=True))))


# --- writes of a document -------------------------------------------------------------

_ID_TAKEN = Query("select public.workout_id_taken(:id)")

_UPSERT_WORKOUT = Query(
    """
    insert into public.workouts as w (user_id, id, title, started_at, ended_at, notes, gym_id)
    values (:user_id, :id, :title, :started_at, :ended_at, :notes, :gym_id)
    on conflict (user_id, id) do update
      set title = excluded.title, started_at = excluded.started_at,
          ended_at = excluded.ended_at, notes = excluded.notes, gym_id = excluded.gym_id
      where (w.title, w.started_at, w.ended_at, w.notes, w.gym_id)
        is distinct from (excluded.title, excluded.started_at, excluded.ended_at,
                          excluded.notes, excluded.gym_id)
    """
)

_UPSERT_EXERCISES = Query(
    """
    insert into public.workout_exercises as e
      (user_id, id, workout_id, exercise_id, position, superset_group, notes)
    select :user_id, u.id, :workout_id, u.exercise_id, u.position, u.superset_group, u.notes
    from unnest(cast(:ids as uuid[]), cast(:exercise_ids as uuid[]),
                cast(:positions as smallint[]), cast(:superset_groups as smallint[]),
                cast(:notes as text[]))
      as u (id, exercise_id, position, superset_group, notes)
    on conflict (user_id, id) do update
      set workout_id = excluded.workout_id, exercise_id = excluded.exercise_id,
          position = excluded.position, superset_group = excluded.superset_group,
          notes = excluded.notes
      where (e.workout_id, e.exercise_id, e.position, e.superset_group, e.notes)
        is distinct from (excluded.workout_id, excluded.exercise_id, excluded.position,
                          excluded.superset_group, excluded.notes)
    """
)

_SET_COLUMNS = (
    "workout_exercise_id",
    "position",
    "set_type",
    "weight_g",
    "unit",
    "reps",
    "duration_s",
    "distance_m",
    "rpe",
    "rir",
    "completed_at",
)
_UPSERT_SETS = Query(
    """
    insert into public.workout_sets as s
      (user_id, id, workout_exercise_id, position, set_type, weight_g, unit, reps,
       duration_s, distance_m, rpe, rir, completed_at)
    select :user_id, u.*
    from unnest(cast(:ids as uuid[]), cast(:workout_exercise_id as uuid[]),
                cast(:position as smallint[]), cast(:set_type as text[]),
                cast(:weight_g as integer[]), cast(:unit as text[]), cast(:reps as smallint[]),
                cast(:duration_s as integer[]), cast(:distance_m as integer[]),
                cast(:rpe as numeric[]), cast(:rir as smallint[]),
                cast(:completed_at as timestamptz[]))
      as u (id, workout_exercise_id, position, set_type, weight_g, unit, reps, duration_s,
            distance_m, rpe, rir, completed_at)
    on conflict (user_id, id) do update
      set workout_exercise_id = excluded.workout_exercise_id, position = excluded.position,
          set_type = excluded.set_type, weight_g = excluded.weight_g, unit = excluded.unit,
          reps = excluded.reps, duration_s = excluded.duration_s,
          distance_m = excluded.distance_m, rpe = excluded.rpe, rir = excluded.rir,
          completed_at = excluded.completed_at
      where (s.workout_exercise_id, s.position, s.set_type, s.weight_g, s.unit, s.reps,
             s.duration_s, s.distance_m, s.rpe, s.rir, s.completed_at)
        is distinct from (excluded.workout_exercise_id, excluded.position, excluded.set_type,
                          excluded.weight_g, excluded.unit, excluded.reps, excluded.duration_s,
                          excluded.distance_m, excluded.rpe, excluded.rir,
                          excluded.completed_at)
    """
)

_DELETE_STALE_SETS = Query(
    """
    delete from public.workout_sets s
    using public.workout_exercises e
    where s.user_id = :user_id and e.user_id = s.user_id and e.id = s.workout_exercise_id
      and e.workout_id = :workout_id and s.id <> all(cast(:keep as uuid[]))
    """
)

_DELETE_STALE_EXERCISES = Query(
    """
    delete from public.workout_exercises
    where user_id = :user_id and workout_id = :workout_id and id <> all(cast(:keep as uuid[]))
    """
)


async def id_taken(tx: Tx, workout_id: uuid.UUID) -> bool:
    """Whether someone else holds this workout id (answers nothing more)."""
    return bool(await tx.value(_ID_TAKEN, id=workout_id))


async def upsert_workout(tx: Tx, user_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    await tx.execute(_UPSERT_WORKOUT, user_id=user_id, **values)


async def upsert_exercises(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Upserts these exercises of the workout (its others stay: see delete_stale_exercises)."""
    if rows:
        await tx.execute(
            _UPSERT_EXERCISES,
            user_id=user_id,
            workout_id=workout_id,
            ids=[r["id"] for r in rows],
            exercise_ids=[r["exercise_id"] for r in rows],
            positions=[r["position"] for r in rows],
            superset_groups=[r["superset_group"] for r in rows],
            notes=[r["notes"] for r in rows],
        )


async def replace_sets(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Upserts these sets (moving any to the exercise given) and deletes the workout's others."""
    if rows:
        await upsert_sets(tx, user_id, rows)
    await tx.execute(
        _DELETE_STALE_SETS, user_id=user_id, workout_id=workout_id, keep=[r["id"] for r in rows]
    )


async def delete_stale_exercises(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, keep: list[uuid.UUID]
) -> None:
    await tx.execute(_DELETE_STALE_EXERCISES, user_id=user_id, workout_id=workout_id, keep=keep)


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

_WORKOUT = Query(
    select(*_WORKOUT_COLUMNS).where(
        W.user_id == _USER, W.id == bindparam("id", type_=PG_UUID(as_uuid=True))
    )
)

_EXERCISES_OF = Query(
    select(E.id, E.workout_id, E.exercise_id, E.position, E.superset_group, E.notes)
    .where(E.user_id == _USER, E.workout_id == _any_uuid("workout_ids"))
    .order_by(E.workout_id, E.position, E.id)
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
    )
    .where(S.user_id == _USER, S.workout_exercise_id == _any_uuid("exercise_ids"))
    .order_by(S.workout_exercise_id, S.position, S.id)
)


async def get_workout(tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_WORKOUT, user_id=user_id, id=workout_id)


async def exercises_of(
    tx: Tx, user_id: uuid.UUID, workout_ids: list[uuid.UUID]
) -> list[asyncpg.Record]:
    if not workout_ids:
        return []
    return await tx.fetch(_EXERCISES_OF, user_id=user_id, workout_ids=workout_ids)


async def sets_of(
    tx: Tx, user_id: uuid.UUID, exercise_ids: list[uuid.UUID]
) -> list[asyncpg.Record]:
    if not exercise_ids:
        return []
    return await tx.fetch(_SETS_OF, user_id=user_id, exercise_ids=exercise_ids)


_AT = DateTime(timezone=True)


@functools.cache
def _page(after: bool, since: bool, until: bool) -> Query:
    """Newest first; the shape varies with which bounds the request gives."""
    statement = select(*_WORKOUT_COLUMNS).where(W.user_id == _USER)
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
) -> list[asyncpg.Record]:
    """Up to ``limit`` workouts started before ``after`` (keyset), within [since, until)."""
    params: dict[str, Any] = {"user_id": user_id, "limit": limit}
    if after is not None:
        params["after_at"], params["after_id"] = after
    if since is not None:
        params["since"] = since
    if until is not None:
        params["until"] = until
    query = _page(after is not None, since is not None, until is not None)
    return await tx.fetch(query, **params)


# --- single-row edits -----------------------------------------------------------------


async def update_workout(
    tx: Tx, user_id: uuid.UUID, workout_id: uuid.UUID, changes: dict[str, Any]
) -> bool:
    # Built per call (which columns change varies); a PATCH is not a hot read.
    statement = update(Workout).where(W.user_id == _USER, W.id == bindparam("id")).values(**changes)
    row = await tx.row(Query(statement.returning(W.id)), user_id=user_id, id=workout_id)
    return row is not None


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


async def upsert_sets(tx: Tx, user_id: uuid.UUID, rows: Sequence[Mapping[str, Any]]) -> None:
    columns = {c: [r[c] for r in rows] for c in _SET_COLUMNS}
    await tx.execute(_UPSERT_SETS, user_id=user_id, ids=[r["id"] for r in rows], **columns)


async def update_set(
    tx: Tx, user_id: uuid.UUID, set_id: uuid.UUID, changes: dict[str, Any]
) -> bool:
    # Built per call (which columns change varies).
    statement = (
        update(WorkoutSet)
        .where(S.user_id == _USER, S.id == bindparam("id"))
        .values(**changes)
        .returning(S.id)
    )
    return await tx.row(Query(statement), user_id=user_id, id=set_id) is not None


async def delete_set(tx: Tx, user_id: uuid.UUID, set_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_SET, user_id=user_id, id=set_id) is not None


# --- workouts started from a template -------------------------------------------------

_INSERT_STARTED = Query(
    """
    insert into public.workouts (user_id, id, template_id, title, started_at, gym_id)
    values (:user_id, :id, :template_id, :title, :started_at, :gym_id)
    returning id, title, started_at, ended_at, notes, gym_id, template_id, created_at,
              updated_at
    """
)

# Per exercise, the sets of the latest workout (by start) in which it has any: one
# statement for all exercises (a lateral step each, on ix_workout_exercises_exercise).
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
                      where s.user_id = we.user_id and s.workout_exercise_id = we.id)
        order by w.started_at desc, w.id desc
        limit 1
      ) last
    )
    select l.exercise_id, l.workout_id, l.started_at, s.id, s.position, s.set_type,
           s.weight_g, s.reps, s.duration_s, s.distance_m, s.rpe, s.rir, s.completed_at
    from latest l
    join public.workout_exercises we
      on we.user_id = :user_id and we.workout_id = l.workout_id
     and we.exercise_id = l.exercise_id
    join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
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
    row = await tx.row(_INSERT_STARTED, user_id=user_id, **values)
    assert row is not None  # an insert ... returning always answers a row
    return row


async def last_performance(
    tx: Tx, user_id: uuid.UUID, exercise_ids: list[uuid.UUID]
) -> list[asyncpg.Record]:
    if not exercise_ids:
        return []
    return await tx.fetch(_LAST_PERFORMANCE, user_id=user_id, exercise_ids=exercise_ids)


async def forget_template(tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID) -> None:
    await tx.execute(_FORGET_TEMPLATE, user_id=user_id, template_id=template_id)

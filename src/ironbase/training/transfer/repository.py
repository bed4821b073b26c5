"""Every statement of imports and exports.

An import writes its rows in one statement: workouts, their exercises, their sets and the
pending rows of unmatched exercises go in as arrays (``unnest``), each insert feeding the
next through ``returning``, so a workout an earlier import created (the same key) takes
nothing of its own with it. A mapping moves pending rows into the log the same way.
Every statement filters by ``user_id`` as well as RLS does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import DateTime, bindparam, select, tuple_
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.training import ImportBatch
from ironbase.training.transfer.planning import ImportPlan

B = ImportBatch.__table__.c
_USER = bindparam("user_id", type_=PG_UUID(as_uuid=True))
_REPORT = select(
    B.id,
    B.format,
    B.layout,
    B.unit,
    B.file_name,
    B.created_at,
    B.workouts_created,
    B.workouts_existing,
    B.sets_created,
    B.rows_skipped,
).where(B.user_id == _USER)
_NEWEST = (B.created_at.desc(), B.id.desc())

_BATCH = Query(_REPORT.where(B.id == bindparam("id", type_=PG_UUID(as_uuid=True))))
_BATCH_BY_SOURCE = Query(_REPORT.where(B.source_key == bindparam("source_key")))
_BATCHES_FIRST = Query(_REPORT.order_by(*_NEWEST).limit(bindparam("limit")))
_BATCHES_AFTER = Query(
    _REPORT.where(
        tuple_(B.created_at, B.id)
        < tuple_(
            bindparam("after_at", type_=DateTime(timezone=True)),
            bindparam("after_id", type_=PG_UUID(as_uuid=True)),
        )
    )
    .order_by(*_NEWEST)
    .limit(bindparam("limit"))
)
# Names waiting for a mapping, per batch, with the sets (file rows) each would bring.
_UNMATCHED = Query(
    """
    select p.batch_id, min(p.name) as name, sum(p.set_count)::integer as rows
    from public.import_pending_exercises p
    where p.user_id = :user_id and p.batch_id = any(cast(:batch_ids as uuid[]))
    group by p.batch_id, p.name_key
    order by p.batch_id, min(p.name)
    """
)
_DELETE_BATCH = Query(
    "delete from public.import_batches where user_id = :user_id and id = :id returning id"
)


async def batch(tx: Tx, user_id: uuid.UUID, batch_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_BATCH, user_id=user_id, id=batch_id)


async def batch_by_source(tx: Tx, user_id: uuid.UUID, source_key: str) -> asyncpg.Record | None:
    return await tx.row(_BATCH_BY_SOURCE, user_id=user_id, source_key=source_key)


async def page_batches(
    tx: Tx, user_id: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Newest first, up to ``limit`` after the keyset ``after``."""
    if after is None:
        return await tx.fetch(_BATCHES_FIRST, user_id=user_id, limit=limit)
    return await tx.fetch(
        _BATCHES_AFTER, user_id=user_id, after_at=after[0], after_id=after[1], limit=limit
    )


async def unmatched(tx: Tx, user_id: uuid.UUID, batch_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    if not batch_ids:
        return []
    return await tx.fetch(_UNMATCHED, user_id=user_id, batch_ids=batch_ids)


async def delete_batch(tx: Tx, user_id: uuid.UUID, batch_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_BATCH, user_id=user_id, id=batch_id) is not None


# --- reading what an import needs ----------------------------------------------------------

_EXISTING_KEYS = Query(
    """
    select import_key from public.workouts
    where user_id = :user_id and import_key = any(cast(:keys as text[]))
    """
)
_MAPPINGS = Query(
    """
    select name, exercise_id from public.exercise_name_mappings
    where user_id = :user_id and name = any(cast(:names as text[]))
    """
)


async def existing_keys(tx: Tx, user_id: uuid.UUID, keys: list[str]) -> frozenset[str]:
    """Which of these workout keys the person's log already holds."""
    if not keys:
        return frozenset()
    rows = await tx.fetch(_EXISTING_KEYS, user_id=user_id, keys=keys)
    return frozenset(row["import_key"] for row in rows)


async def mappings(tx: Tx, user_id: uuid.UUID, names: list[str]) -> dict[str, uuid.UUID]:
    """Remembered mappings of these name keys."""
    if not names:
        return {}
    rows = await tx.fetch(_MAPPINGS, user_id=user_id, names=names)
    return {row["name"]: row["exercise_id"] for row in rows}


# --- writing an import ---------------------------------------------------------------------

_INSERT_BATCH = Query(
    """
    insert into public.import_batches as b
      (user_id, format, source_key, file_name, layout, unit)
    values (:user_id, :format, :source_key, :file_name, :layout, :unit)
    on conflict (user_id, source_key) do nothing
    returning b.id
    """
)

# One statement: the workouts that are new (a key already in the log is left alone), the
# exercises and sets of those, the pending rows of those, and the batch's counts.
_WRITE_ROWS = Query(
    """
    with w as (
      insert into public.workouts as w
        (user_id, id, import_batch_id, import_key, started_at, ended_at, title, notes)
      select :user_id, u.id, :batch_id, u.key, u.started_at, u.ended_at, u.title, u.notes
      from unnest(cast(:w_id as uuid[]), cast(:w_key as text[]),
                  cast(:w_started as timestamptz[]), cast(:w_ended as timestamptz[]),
                  cast(:w_title as text[]), cast(:w_notes as text[]))
        as u (id, key, started_at, ended_at, title, notes)
      on conflict (user_id, import_key) where import_key is not null do nothing
      returning w.id, w.import_key
    ), e as (
      insert into public.workout_exercises as e
        (user_id, id, workout_id, exercise_id, position, superset_group, notes)
      select :user_id, u.id, u.workout_id, u.exercise_id, u.position, u.superset_group, u.notes
      from unnest(cast(:e_id as uuid[]), cast(:e_workout as uuid[]),
                  cast(:e_exercise as uuid[]), cast(:e_position as smallint[]),
                  cast(:e_superset as smallint[]), cast(:e_notes as text[]))
        as u (id, workout_id, exercise_id, position, superset_group, notes)
      where u.workout_id in (select id from w)
      returning e.id
    ), s as (
      insert into public.workout_sets
        (user_id, workout_exercise_id, position, set_type, weight_g, unit, reps, duration_s,
         distance_m, rpe, notes)
      select :user_id, u.*
      from unnest(cast(:s_exercise as uuid[]), cast(:s_position as smallint[]),
                  cast(:s_set_type as text[]), cast(:s_weight_g as integer[]),
                  cast(:s_unit as text[]), cast(:s_reps as smallint[]),
                  cast(:s_duration_s as integer[]), cast(:s_distance_m as integer[]),
                  cast(:s_rpe as numeric[]), cast(:s_notes as text[]))
        as u (workout_exercise_id, position, set_type, weight_g, unit, reps, duration_s,
              distance_m, rpe, notes)
      where u.workout_exercise_id in (select id from e)
      returning 1
    ), p as (
      insert into public.import_pending_exercises
        (user_id, batch_id, workout_key, name, name_key, position, superset_group, notes,
         set_count, sets)
      select :user_id, :batch_id, u.workout_key, u.name, u.name_key, u.position,
             u.superset_group, u.notes, u.set_count, cast(u.sets as jsonb)
      from unnest(cast(:p_workout_key as text[]), cast(:p_name as text[]),
                  cast(:p_name_key as text[]), cast(:p_position as smallint[]),
                  cast(:p_superset as smallint[]), cast(:p_notes as text[]),
                  cast(:p_count as smallint[]), cast(:p_sets as text[]))
        as u (workout_key, name, name_key, position, superset_group, notes, set_count, sets)
      where u.workout_key in (select import_key from w)
      returning 1
    ), counts as (
      select (select count(*) from w)::integer as workouts,
             (select count(*) from s)::integer as sets
    )
    update public.import_batches b
    set workouts_created = c.workouts, sets_created = c.sets,
        rows_skipped = :rows_total - c.sets,
        workouts_existing = :workouts_existing + cardinality(cast(:w_id as uuid[])) - c.workouts
    from counts c
    where b.user_id = :user_id and b.id = :batch_id
    returning (select count(*) from p)::integer as pending
    """
)


async def insert_batch(tx: Tx, user_id: uuid.UUID, values: Mapping[str, Any]) -> uuid.UUID | None:
    """The new batch's id; None when this file (``source_key``) was imported before."""
    row = await tx.row(_INSERT_BATCH, user_id=user_id, **values)
    return None if row is None else row["id"]


def _prefixed(prefix: str, columns: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    return {f"{prefix}_{name}": values for name, values in columns.items()}


async def write_rows(tx: Tx, user_id: uuid.UUID, batch_id: uuid.UUID, plan: ImportPlan) -> None:
    await tx.execute(
        _WRITE_ROWS,
        user_id=user_id,
        batch_id=batch_id,
        rows_total=plan.rows_not_sets + plan.sets_in_file,
        workouts_existing=plan.workouts_existing,
        p_sets=plan.pending_sets,
        **_prefixed("w", plan.workouts),
        **_prefixed("e", plan.exercises),
        **_prefixed("s", plan.sets),
        **_prefixed("p", plan.pending),
    )


# --- mappings ---------------------------------------------------------------------------

_MAPPINGS_FIRST = Query(
    """
    select id, name, exercise_id, created_at, updated_at from public.exercise_name_mappings
    where user_id = :user_id order by name, id limit :limit
    """
)
_MAPPINGS_AFTER = Query(
    """
    select id, name, exercise_id, created_at, updated_at from public.exercise_name_mappings
    where user_id = :user_id and (name, id) > (:after_name, :after_id)
    order by name, id limit :limit
    """
)
_FORGET_MAPPING = Query(
    "delete from public.exercise_name_mappings where user_id = :user_id and id = :id returning id"
)


async def page_mappings(
    tx: Tx, user_id: uuid.UUID, after: tuple[str, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Remembered names in name order, up to ``limit`` after the keyset ``after``."""
    if after is None:
        return await tx.fetch(_MAPPINGS_FIRST, user_id=user_id, limit=limit)
    return await tx.fetch(
        _MAPPINGS_AFTER, user_id=user_id, after_name=after[0], after_id=after[1], limit=limit
    )


async def forget_mapping(tx: Tx, user_id: uuid.UUID, mapping_id: uuid.UUID) -> bool:
    return await tx.row(_FORGET_MAPPING, user_id=user_id, id=mapping_id) is not None


_PENDING_KEYS = Query(
    """
    select distinct name_key from public.import_pending_exercises
    where user_id = :user_id and batch_id = :batch_id and name_key = any(cast(:keys as text[]))
    """
)
_REMEMBER = Query(
    """
    insert into public.exercise_name_mappings as m (user_id, name, exercise_id)
    select :user_id, u.name, u.exercise_id
    from unnest(cast(:names as text[]), cast(:exercise_ids as uuid[])) as u (name, exercise_id)
    on conflict (user_id, name) do update set exercise_id = excluded.exercise_id
      where m.exercise_id is distinct from excluded.exercise_id
    """
)
# The pending rows of these names leave (locked: a concurrent mapping of the same name
# finds them gone and moves nothing), each becomes an exercise of its workout, if the
# workout is still there, with its sets; the batch counts what arrived.
_APPLY = Query(
    """
    with m as (
      select u.name_key, u.exercise_id
      from unnest(cast(:keys as text[]), cast(:exercise_ids as uuid[])) as u (name_key, exercise_id)
    ), p as (
      delete from public.import_pending_exercises p
      using m
      where p.user_id = :user_id and p.batch_id = :batch_id and p.name_key = m.name_key
      returning p.id, p.workout_key, p.position, p.superset_group, p.notes, p.sets, m.exercise_id
    ), e as (
      insert into public.workout_exercises as e
        (user_id, id, workout_id, exercise_id, position, superset_group, notes)
      select :user_id, p.id, w.id, p.exercise_id, p.position, p.superset_group, p.notes
      from p join public.workouts w
        on w.user_id = :user_id and w.import_batch_id = :batch_id
       and w.import_key = p.workout_key
      returning e.id
    ), s as (
      insert into public.workout_sets
        (user_id, workout_exercise_id, position, set_type, weight_g, unit, reps, duration_s,
         distance_m, rpe, notes)
      select :user_id, p.id, x.ordinality - 1, x.set_type, x.weight_g, x.unit, x.reps,
             x.duration_s, x.distance_m, x.rpe, x.notes
      from p join e on e.id = p.id
      cross join lateral rows from (
        jsonb_to_recordset(p.sets)
          as (set_type text, weight_g integer, unit text, reps smallint, duration_s integer,
              distance_m integer, rpe numeric, notes text)
      ) with ordinality
        as x (set_type, weight_g, unit, reps, duration_s, distance_m, rpe, notes, ordinality)
      returning 1
    )
    update public.import_batches b
    set sets_created = b.sets_created + c.sets, rows_skipped = b.rows_skipped - c.sets
    from (select count(*)::integer as sets from s) c
    where b.user_id = :user_id and b.id = :batch_id
    """
)


async def pending_keys(
    tx: Tx, user_id: uuid.UUID, batch_id: uuid.UUID, keys: list[str]
) -> set[str]:
    rows = await tx.fetch(_PENDING_KEYS, user_id=user_id, batch_id=batch_id, keys=keys)
    return {row["name_key"] for row in rows}


async def remember_and_apply(
    tx: Tx, user_id: uuid.UUID, batch_id: uuid.UUID, chosen: Mapping[str, uuid.UUID]
) -> None:
    keys, exercise_ids = list(chosen), list(chosen.values())
    await tx.execute(_REMEMBER, user_id=user_id, names=keys, exercise_ids=exercise_ids)
    await tx.execute(
        _APPLY, user_id=user_id, batch_id=batch_id, keys=keys, exercise_ids=exercise_ids
    )


# --- export -------------------------------------------------------------------------------

_EXPORT_FIRST = Query(
    """
    select id, title, started_at, ended_at, notes, gym_id, template_id
    from public.workouts where user_id = :user_id
    order by started_at, id limit :limit
    """
)
_EXPORT_AFTER = Query(
    """
    select id, title, started_at, ended_at, notes, gym_id, template_id
    from public.workouts where user_id = :user_id and (started_at, id) > (:after_at, :after_id)
    order by started_at, id limit :limit
    """
)
_EXPORT_EXERCISES = Query(
    """
    select id, workout_id, exercise_id, position, superset_group, notes
    from public.workout_exercises
    where user_id = :user_id and workout_id = any(cast(:workout_ids as uuid[]))
    order by workout_id, position, id
    """
)
_EXPORT_SETS = Query(
    """
    select id, workout_exercise_id, position, set_type, weight_g, unit, reps, duration_s,
           distance_m, rpe, rir, completed_at, notes, planned
    from public.workout_sets
    where user_id = :user_id and workout_exercise_id = any(cast(:exercise_ids as uuid[]))
    order by workout_exercise_id, position, id
    """
)
_EXPORT_TEMPLATES = Query(
    """
    select id, name, notes from public.workout_templates
    where user_id = :user_id order by name, id
    """
)
_EXPORT_TEMPLATE_EXERCISES = Query(
    """
    select id, template_id, exercise_id, position, superset_group, target_sets, rep_min,
           rep_max, target_rpe, target_rir, rest_s, notes
    from public.template_exercises where user_id = :user_id
    order by template_id, position, id
    """
)


async def export_workouts(
    tx: Tx, user_id: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Oldest first, a page after the keyset ``after``."""
    if after is None:
        return await tx.fetch(_EXPORT_FIRST, user_id=user_id, limit=limit)
    return await tx.fetch(
        _EXPORT_AFTER, user_id=user_id, after_at=after[0], after_id=after[1], limit=limit
    )


async def export_exercises(
    tx: Tx, user_id: uuid.UUID, workout_ids: Sequence[uuid.UUID]
) -> list[asyncpg.Record]:
    if not workout_ids:
        return []
    return await tx.fetch(_EXPORT_EXERCISES, user_id=user_id, workout_ids=list(workout_ids))


async def export_sets(
    tx: Tx, user_id: uuid.UUID, exercise_ids: Sequence[uuid.UUID]
) -> list[asyncpg.Record]:
    if not exercise_ids:
        return []
    return await tx.fetch(_EXPORT_SETS, user_id=user_id, exercise_ids=list(exercise_ids))


async def export_templates(
    tx: Tx, user_id: uuid.UUID
) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
    templates = await tx.fetch(_EXPORT_TEMPLATES, user_id=user_id)
    if not templates:
        return [], []
    return templates, await tx.fetch(_EXPORT_TEMPLATE_EXERCISES, user_id=user_id)

"""Every statement of the programs domain. Each filters by ``user_id`` as well as RLS does;
lists of rows go in with one ``executemany`` each, so storing a program costs the same
statements whatever its size."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

_PROGRAM_COLUMNS = """
    id, title, status, created_by, goal, weeks, generator_version, gym_id, seed,
    inputs_digest, activated_at, created_at, updated_at
"""

_INSERT_PROGRAM = Query(
    f"""
    insert into public.ai_programs
      (user_id, id, title, goal, weeks, status, created_by, gym_id, seed, generator_version,
       inputs_digest, program_data, inputs)
    values (:user_id, :id, :title, :goal, :weeks, 'draft', :created_by, :gym_id, :seed,
            :generator_version, :inputs_digest, :program_data, :inputs)
    returning {_PROGRAM_COLUMNS}
    """  # noqa: S608 (constants only)
)
_INSERT_WEEK = Query(
    """
    insert into public.ai_program_weeks (user_id, id, program_id, index, deload, calibration)
    values (:user_id, :id, :program_id, :index, :deload, :calibration)
    """
)
_INSERT_WORKOUT = Query(
    """
    insert into public.ai_program_workouts
      (user_id, id, program_id, week_id, day_index, weekday, title, estimated_minutes)
    values (:user_id, :id, :program_id, :week_id, :day_index, :weekday, :title,
            :estimated_minutes)
    """
)
_EXERCISE_VALUES = """
    rir = :rir, rpe = :rpe, sets = :sets, reps_min = :reps_min, reps_max = :reps_max,
    load_g = :load_g, load_kind = :load_kind, target_g = :target_g, e1rm_g = :e1rm_g,
    percent_e1rm = :percent_e1rm, bar_type_id = :bar_type_id, plates = :plates,
    equipment_id = :equipment_id, rest_s = :rest_s
"""
_INSERT_EXERCISE = Query(
    """
    insert into public.ai_program_workout_exercises
      (user_id, id, program_workout_id, position, slot, exercise_id, role, sets, reps_min,
       reps_max, rir, rpe, load_g, load_kind, target_g, e1rm_g, percent_e1rm, bar_type_id,
       plates, equipment_id, rest_s)
    values (:user_id, :id, :program_workout_id, :position, :slot, :exercise_id, :role, :sets,
            :reps_min, :reps_max, :rir, :rpe, :load_g, :load_kind, :target_g, :e1rm_g,
            :percent_e1rm, :bar_type_id, :plates, :equipment_id, :rest_s)
    """
)
_UPDATE_EXERCISE = Query(
    f"""
    update public.ai_program_workout_exercises set {_EXERCISE_VALUES}
    where user_id = :user_id and program_workout_id = :program_workout_id
      and position = :position
    """  # noqa: S608 (constants only)
)
_INSERT_LOG = Query(
    """
    insert into public.coach_logs
      (user_id, actor_id, program_id, workout_id, kind, generator_version, inputs_digest,
       request, duration_ms, outcome, detail)
    values (:user_id, :user_id, :program_id, :workout_id, :kind, :generator_version,
            :inputs_digest, :request, :duration_ms, :outcome, :detail)
    """
)
# What a coach did in a client's log (the coach signs it: ``actor_id``).
_INSERT_COACH_ENTRY = Query(
    """
    insert into public.coach_logs
      (user_id, actor_id, program_id, workout_id, kind, generator_version, inputs_digest,
       request, duration_ms, outcome, detail)
    values (:user_id, :actor_id, :program_id, :workout_id, :kind, :generator_version,
            :inputs_digest, :request, :duration_ms, :outcome, :detail)
    """
)
_LOG_PAGE = Query(
    """
    select id, kind, actor_id, program_id, workout_id, generator_version, request, outcome,
           detail, created_at
    from public.coach_logs
    where user_id = :user_id
      and (cast(:after_at as timestamptz) is null
           or (created_at, id) < (:after_at, :after_id))
    order by created_at desc, id desc
    limit :limit
    """
)
# An adaptation is recorded once per logged workout: a concurrent duplicate inserts nothing.
_INSERT_ADAPTATION = Query(
    """
    insert into public.coach_logs
      (user_id, actor_id, program_id, workout_id, kind, generator_version, inputs_digest,
       request, duration_ms, outcome, detail)
    select :user_id, :user_id, :program_id, x.workout_id, 'adapt', :generator_version,
           :inputs_digest, x.request, :duration_ms, x.outcome, x.detail
    from unnest(cast(:workout_ids as uuid[]), cast(:requests as jsonb[]),
                cast(:outcomes as text[]), cast(:details as jsonb[]))
         as x (workout_id, request, outcome, detail)
    on conflict (user_id, workout_id) where kind = 'adapt' do nothing
    returning workout_id
    """
)
_GET_PROGRAM = Query(
    f"""
    select {_PROGRAM_COLUMNS}, program_data, inputs from public.ai_programs
    where user_id = :user_id and id = :id
    """  # noqa: S608 (constants only)
)
_LOCK_PROGRAM = Query(
    "select id from public.ai_programs where user_id = :user_id and id = :id for update"
)
_PROGRAM_WORKOUTS = Query(
    """
    select pw.id, k.index as week, pw.day_index
    from public.ai_program_workouts pw
    join public.ai_program_weeks k on k.user_id = pw.user_id and k.id = pw.week_id
    where pw.user_id = :user_id and pw.program_id = :program_id
    order by k.index, pw.day_index
    """
)
_ADAPTED_WORKOUTS = Query(
    """
    select workout_id from public.coach_logs
    where user_id = :user_id and kind = 'adapt' and workout_id = any(cast(:workout_ids as uuid[]))
    """
)
_CHANGES = Query(
    """
    select workout_id, created_at, detail from public.coach_logs
    where user_id = :user_id and program_id = :program_id and kind = 'adapt'
      and outcome = 'adapted'
    order by created_at, id
    """
)
_WAS_ADAPTED = Query(
    """
    select exists (select 1 from public.coach_logs
                   where user_id = :user_id and program_id = :program_id and kind = 'adapt'
                     and outcome = 'adapted')
    """
)
_UPDATE_PROGRAM_DATA = Query(
    """
    update public.ai_programs set program_data = :program_data
    where user_id = :user_id and id = :id
    returning updated_at
    """
)
_UPDATE_PROGRAM = Query(
    f"""
    update public.ai_programs
    set title = :title, status = :status, activated_at = :activated_at
    where user_id = :user_id and id = :id
    returning {_PROGRAM_COLUMNS}
    """  # noqa: S608 (constants only)
)
_ACTIVE_PROGRAM = Query(
    """
    select id, title from public.ai_programs
    where user_id = :user_id and status = 'active' and id <> :id
    """
)
_DELETE_PROGRAM = Query(
    "delete from public.ai_programs where user_id = :user_id and id = :id returning id"
)


def _page(after: bool) -> Query:
    keyset = "and (created_at, id) < (:after_at, :after_id)" if after else ""
    return Query(
        f"""
        select {_PROGRAM_COLUMNS} from public.ai_programs
        where user_id = :user_id {keyset}
        order by created_at desc, id desc
        limit :limit
        """  # noqa: S608 (constants only)
    )


_PAGE_FIRST, _PAGE_AFTER = _page(False), _page(True)


async def insert_program(tx: Tx, values: Mapping[str, Any]) -> asyncpg.Record:
    row = await tx.row(_INSERT_PROGRAM, **values)
    assert row is not None  # an insert ... returning always answers a row
    return row


async def insert_rows(
    tx: Tx,
    weeks: Sequence[Mapping[str, Any]],
    workouts: Sequence[Mapping[str, Any]],
    exercises: Sequence[Mapping[str, Any]],
) -> None:
    await tx.execute_many(_INSERT_WEEK, weeks)
    await tx.execute_many(_INSERT_WORKOUT, workouts)
    if exercises:
        await tx.execute_many(_INSERT_EXERCISE, exercises)


async def update_exercises(tx: Tx, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        await tx.execute_many(_UPDATE_EXERCISE, rows)


async def insert_log(tx: Tx, values: Mapping[str, Any]) -> None:
    await tx.execute(_INSERT_LOG, **values)


async def insert_coach_entry(tx: Tx, values: Mapping[str, Any]) -> None:
    await tx.execute(_INSERT_COACH_ENTRY, **values)


async def log_page(
    tx: Tx, user_id: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(_LOG_PAGE, user_id=user_id, after_at=at, after_id=last, limit=limit)


async def insert_adaptations(tx: Tx, values: Mapping[str, Any]) -> list[uuid.UUID]:
    rows = await tx.fetch(_INSERT_ADAPTATION, **values)
    return [row["workout_id"] for row in rows]


async def get_program(tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET_PROGRAM, user_id=user_id, id=program_id)


async def lock_program(tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID) -> bool:
    return await tx.row(_LOCK_PROGRAM, user_id=user_id, id=program_id) is not None


async def program_workouts(
    tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID
) -> list[asyncpg.Record]:
    return await tx.fetch(_PROGRAM_WORKOUTS, user_id=user_id, program_id=program_id)


async def adapted_workouts(
    tx: Tx, user_id: uuid.UUID, workout_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    if not workout_ids:
        return set()
    rows = await tx.fetch(_ADAPTED_WORKOUTS, user_id=user_id, workout_ids=list(workout_ids))
    return {row["workout_id"] for row in rows}


async def changes(tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(_CHANGES, user_id=user_id, program_id=program_id)


async def was_adapted(tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID) -> bool:
    return bool(await tx.value(_WAS_ADAPTED, user_id=user_id, program_id=program_id))


async def update_program_data(
    tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID, data: Mapping[str, Any]
) -> dt.datetime:
    value: dt.datetime = await tx.value(
        _UPDATE_PROGRAM_DATA, user_id=user_id, id=program_id, program_data=data
    )
    return value


async def update_program(
    tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID, values: Mapping[str, Any]
) -> asyncpg.Record | None:
    return await tx.row(_UPDATE_PROGRAM, user_id=user_id, id=program_id, **values)


async def active_program(
    tx: Tx, user_id: uuid.UUID, other_than: uuid.UUID
) -> asyncpg.Record | None:
    return await tx.row(_ACTIVE_PROGRAM, user_id=user_id, id=other_than)


async def delete_program(tx: Tx, user_id: uuid.UUID, program_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_PROGRAM, user_id=user_id, id=program_id) is not None


async def page_programs(
    tx: Tx,
    user_id: uuid.UUID,
    *,
    after: tuple[dt.datetime, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    if after is None:
        return await tx.fetch(_PAGE_FIRST, user_id=user_id, limit=limit)
    after_at, after_id = after
    return await tx.fetch(
        _PAGE_AFTER, user_id=user_id, limit=limit, after_at=after_at, after_id=after_id
    )


# --- every person's programs (the operator's check, as service_role) -----------------------

_COUNT_ALL = Query("select count(*) from public.ai_programs")
_PAGE_ALL = Query(
    """
    select p.id, p.user_id, p.title, p.created_by, p.program_data, p.inputs,
           exists (select 1 from public.coach_logs l
                   where l.user_id = p.user_id and l.program_id = p.id and l.kind = 'adapt'
                     and l.outcome = 'adapted') as adapted
    from public.ai_programs p
    where p.id > coalesce(cast(:after as uuid), '00000000-0000-0000-0000-000000000000')
    order by p.id
    limit :limit
    """
)


async def count_all(tx: Tx) -> int:
    value: int = await tx.value(_COUNT_ALL)
    return value


async def page_all(tx: Tx, after: uuid.UUID | None, limit: int) -> list[asyncpg.Record]:
    return await tx.fetch(_PAGE_ALL, after=after, limit=limit)

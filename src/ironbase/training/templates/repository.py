"""Every statement on workout templates and their exercises.

The exercise list of a template is written set-based, as a workout document is: one
upsert of the rows as arrays (``unnest``), changing a row only when a value differs, then
one delete of the rows the list no longer has.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import ARRAY, Text, bindparam, delete, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.training import TemplateExercise, WorkoutTemplate

T = WorkoutTemplate.__table__.c
X = TemplateExercise.__table__.c

_USER = bindparam("user_id", type_=PG_UUID(as_uuid=True))
_ID = bindparam("id", type_=PG_UUID(as_uuid=True))

_TEMPLATE_COLUMNS = (T.id, T.name, T.notes, T.created_at, T.updated_at)
EXERCISE_COLUMNS = (
    "id",
    "exercise_id",
    "position",
    "superset_group",
    "target_sets",
    "rep_min",
    "rep_max",
    "target_rpe",
    "target_rir",
    "rest_s",
    "notes",
)

# --- reads ----------------------------------------------------------------------------

_TEMPLATE = Query(select(*_TEMPLATE_COLUMNS).where(T.user_id == _USER, T.id == _ID))

_EXERCISES_OF = Query(
    select(X.template_id, *(X[name] for name in EXERCISE_COLUMNS))
    .where(
        X.user_id == _USER,
        X.template_id == func.any(bindparam("template_ids", type_=ARRAY(PG_UUID(as_uuid=True)))),
    )
    .order_by(X.template_id, X.position, X.id)
)


async def get_template(tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_TEMPLATE, user_id=user_id, id=template_id)


async def exercises_of(
    tx: Tx, user_id: uuid.UUID, template_ids: list[uuid.UUID]
) -> list[asyncpg.Record]:
    if not template_ids:
        return []
    return await tx.fetch(_EXERCISES_OF, user_id=user_id, template_ids=template_ids)


@functools.cache
def _page(after: bool) -> Query:
    """By name, then id (ix_workout_templates_name)."""
    statement = select(*_TEMPLATE_COLUMNS).where(T.user_id == _USER)
    if after:
        key = tuple_(
            bindparam("after_name", type_=Text),
            bindparam("after_id", type_=PG_UUID(as_uuid=True)),
        )
        statement = statement.where(tuple_(T.name, T.id) > key)
    return Query(statement.order_by(T.name, T.id).limit(bindparam("limit")))


async def page_templates(
    tx: Tx, user_id: uuid.UUID, *, after: tuple[str, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    params: dict[str, Any] = {"user_id": user_id, "limit": limit}
    if after is not None:
        params["after_name"], params["after_id"] = after
    return await tx.fetch(_page(after is not None), **params)


# --- writes ---------------------------------------------------------------------------

_INSERT_TEMPLATE = Query(
    """
    insert into public.workout_templates (user_id, id, name, notes)
    values (:user_id, :id, :name, :notes)
    """
)

_UPSERT_EXERCISES = Query(
    """
    insert into public.template_exercises as x
      (user_id, id, template_id, exercise_id, position, superset_group, target_sets,
       rep_min, rep_max, target_rpe, target_rir, rest_s, notes)
    select :user_id, u.id, :template_id, u.exercise_id, u.position, u.superset_group,
           u.target_sets, u.rep_min, u.rep_max, u.target_rpe, u.target_rir, u.rest_s, u.notes
    from unnest(cast(:id as uuid[]), cast(:exercise_id as uuid[]),
                cast(:position as smallint[]), cast(:superset_group as smallint[]),
                cast(:target_sets as smallint[]), cast(:rep_min as smallint[]),
                cast(:rep_max as smallint[]), cast(:target_rpe as numeric[]),
                cast(:target_rir as smallint[]), cast(:rest_s as integer[]),
                cast(:notes as text[]))
      as u (id, exercise_id, position, superset_group, target_sets, rep_min, rep_max,
            target_rpe, target_rir, rest_s, notes)
    on conflict (user_id, id) do update
      set template_id = excluded.template_id, exercise_id = excluded.exercise_id,
          position = excluded.position, superset_group = excluded.superset_group,
          target_sets = excluded.target_sets, rep_min = excluded.rep_min,
          rep_max = excluded.rep_max, target_rpe = excluded.target_rpe,
          target_rir = excluded.target_rir, rest_s = excluded.rest_s, notes = excluded.notes
      where (x.template_id, x.exercise_id, x.position, x.superset_group, x.target_sets,
             x.rep_min, x.rep_max, x.target_rpe, x.target_rir, x.rest_s, x.notes)
        is distinct from (excluded.template_id, excluded.exercise_id, excluded.position,
                          excluded.superset_group, excluded.target_sets, excluded.rep_min,
                          excluded.rep_max, excluded.target_rpe, excluded.target_rir,
                          excluded.rest_s, excluded.notes)
    """
)

_DELETE_STALE_EXERCISES = Query(
    """
    delete from public.template_exercises
    where user_id = :user_id and template_id = :template_id and id <> all(cast(:keep as uuid[]))
    """
)

_DELETE_TEMPLATE = Query(
    delete(WorkoutTemplate).where(T.user_id == _USER, T.id == _ID).returning(T.id)
)


async def insert_template(tx: Tx, user_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    await tx.execute(_INSERT_TEMPLATE, user_id=user_id, **values)


async def update_template(
    tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID, changes: dict[str, Any]
) -> bool:
    # Built per call (which columns change varies); a PATCH is not a hot path.
    statement = update(WorkoutTemplate).where(T.user_id == _USER, T.id == _ID).values(**changes)
    row = await tx.row(Query(statement.returning(T.id)), user_id=user_id, id=template_id)
    return row is not None


async def upsert_exercises(
    tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Upserts these exercises of the template (by id; see delete_stale_exercises)."""
    if rows:
        columns = {name: [row[name] for row in rows] for name in EXERCISE_COLUMNS}
        await tx.execute(_UPSERT_EXERCISES, user_id=user_id, template_id=template_id, **columns)


async def delete_stale_exercises(
    tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID, keep: list[uuid.UUID]
) -> None:
    await tx.execute(_DELETE_STALE_EXERCISES, user_id=user_id, template_id=template_id, keep=keep)


async def delete_template(tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID) -> bool:
    """Its exercises go with it (cascade); workouts started from it must let go first."""
    return await tx.row(_DELETE_TEMPLATE, user_id=user_id, id=template_id) is not None

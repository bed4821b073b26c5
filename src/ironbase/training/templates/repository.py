"""Every statement on workout templates and their exercises.

The exercise list of a template is written set-based, as a workout document is: one
merge of the rows as arrays (``unnest``) under the conflict rule (docs/adr/0008), then one
delete of the rows the list no longer has and nobody changed since.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
from sqlalchemy import ARRAY, Text, bindparam, delete, func, select, tuple_
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.training import TemplateExercise, WorkoutTemplate
from ironbase.training.sync import rule

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
    insert into public.workout_templates (user_id, id, name, notes, client_updated_at)
    values (:user_id, :id, :name, :notes, now())
    """
)

_MERGE_EXERCISES = rule.merge(
    "template_exercises",
    {
        "template_id": "uuid",
        "exercise_id": "uuid",
        "position": "smallint",
        "superset_group": "smallint",
        "target_sets": "smallint",
        "rep_min": "smallint",
        "rep_max": "smallint",
        "target_rpe": "numeric",
        "target_rir": "smallint",
        "rest_s": "integer",
        "notes": "text",
    },
)

# A list's omission is a delete as of the edit's time: rows changed after it stay.
_DELETE_STALE_EXERCISES = Query(
    f"""
    delete from public.template_exercises
    where user_id = :user_id and template_id = :template_id and id <> all(cast(:keep as uuid[]))
      and (client_updated_at is null or client_updated_at <= {rule.WRITE_TIME})
    """  # noqa: S608 (constants only)
)

_DELETE_TEMPLATE = Query(
    delete(WorkoutTemplate).where(T.user_id == _USER, T.id == _ID).returning(T.id)
)


async def insert_template(tx: Tx, user_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    await tx.execute(_INSERT_TEMPLATE, user_id=user_id, **values)


async def update_template(
    tx: Tx,
    user_id: uuid.UUID,
    template_id: uuid.UUID,
    changes: dict[str, Any],
    stamp: dt.datetime | None,
) -> bool:
    """False when the template is not the caller's, or a newer write holds it."""
    query = rule.single_row_edit(WorkoutTemplate.__table__, frozenset(changes))
    return await tx.row(query, user_id=user_id, id=template_id, stamp=stamp, **changes) is not None


async def merge_exercises(
    tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Writes these exercises into the template (by id; see delete_stale_exercises)."""
    if rows:
        arrays = rule.arrays(rows, EXERCISE_COLUMNS[1:])
        await tx.execute(
            _MERGE_EXERCISES, user_id=user_id, template_id=[template_id] * len(rows), **arrays
        )


async def delete_stale_exercises(
    tx: Tx,
    user_id: uuid.UUID,
    template_id: uuid.UUID,
    keep: list[uuid.UUID],
    stamp: dt.datetime | None,
) -> None:
    await tx.execute(
        _DELETE_STALE_EXERCISES, user_id=user_id, template_id=template_id, keep=keep, stamp=stamp
    )


async def delete_template(tx: Tx, user_id: uuid.UUID, template_id: uuid.UUID) -> bool:
    """Its exercises go with it (cascade); workouts started from it must let go first."""
    return await tx.row(_DELETE_TEMPLATE, user_id=user_id, id=template_id) is not None

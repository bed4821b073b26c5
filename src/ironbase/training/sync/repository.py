"""The change feed's statements: a page of the caller's log, then the current rows of each
table it names, one statement per table (``id = any(...)``) whatever the page's size.

Every statement filters by ``user_id`` as well as RLS does. The page reads the log's
primary key ``(user_id, seq)``; the rows, each table's ``(user_id, id)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg
from sqlalchemy import ARRAY, BigInteger, FromClause, bindparam, func, select
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query, Tx
from ironbase.models.training import (
    TemplateExercise,
    TrainingChange,
    Workout,
    WorkoutExercise,
    WorkoutSet,
    WorkoutTemplate,
)

C = TrainingChange.__table__.c
_USER = bindparam("user_id", type_=PG_UUID(as_uuid=True))

_PAGE = Query(
    select(C.seq, C.table_name, C.row_id, C.op)
    .where(C.user_id == _USER, C.seq > bindparam("since", type_=BigInteger))
    .order_by(C.seq)
    .limit(bindparam("limit"))
)

_END = Query(select(func.coalesce(func.max(C.seq), 0)).where(C.user_id == _USER))

_STAMPS = ("id", "client_updated_at", "created_at", "updated_at")
_COLUMNS: dict[str, tuple[FromClause, tuple[str, ...]]] = {
    "workouts": (
        Workout.__table__,
        ("template_id", "gym_id", "title", "started_at", "ended_at", "readiness_score", "notes"),
    ),
    "workout_exercises": (
        WorkoutExercise.__table__,
        ("workout_id", "exercise_id", "position", "superset_group", "notes"),
    ),
    "workout_sets": (
        WorkoutSet.__table__,
        (
            "workout_exercise_id",
            "position",
            "set_type",
            "weight_g",
            "reps",
            "duration_s",
            "distance_m",
            "rpe",
            "rir",
            "completed_at",
            "notes",
            "planned",
        ),
    ),
    "workout_templates": (
        WorkoutTemplate.__table__,
        ("name", "notes"),
    ),
    "template_exercises": (
        TemplateExercise.__table__,
        (
            "template_id",
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
        ),
    ),
}
TABLES = tuple(_COLUMNS)


def _rows_query(table: FromClause, columns: tuple[str, ...]) -> Query:
    ids = bindparam("ids", type_=ARRAY(PG_UUID(as_uuid=True)))
    return Query(
        select(*(table.c[name] for name in (*_STAMPS, *columns))).where(
            table.c.user_id == _USER, table.c.id == func.any(ids)
        )
    )


_ROWS = {name: _rows_query(table, columns) for name, (table, columns) in _COLUMNS.items()}


async def page(tx: Tx, user_id: uuid.UUID, since: int, limit: int) -> list[asyncpg.Record]:
    """Up to ``limit`` log entries after ``since``, in order."""
    return await tx.fetch(_PAGE, user_id=user_id, since=since, limit=limit)


async def end_of_log(tx: Tx, user_id: uuid.UUID) -> int:
    """The last ``seq`` of the caller's log (0 for none)."""
    return int(await tx.value(_END, user_id=user_id))


async def rows(
    tx: Tx, user_id: uuid.UUID, table: str, ids: Sequence[uuid.UUID]
) -> list[asyncpg.Record]:
    """The current rows of ``table`` with these ids (deleted ones are simply absent)."""
    return await tx.fetch(_ROWS[table], user_id=user_id, ids=list(ids))

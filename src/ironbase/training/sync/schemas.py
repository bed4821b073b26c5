"""The change feed's documents: one entry per changed row, its current state for an upsert.

Rows look like the workouts API's (masses as ``weight`` with ``unit``), flat: each names
its parent by id, and carries ``client_updated_at`` so a client can merge by the same rule
as the server (docs/adr/0008).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ironbase.training.templates.schemas import TemplateExercise
from ironbase.training.workouts.schemas import WorkoutSet


class _Row(BaseModel):
    id: uuid.UUID
    client_updated_at: dt.datetime | None = Field(
        description="The client's time of the row's last write; the server's when none was sent."
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class WorkoutRow(_Row):
    template_id: uuid.UUID | None
    gym_id: uuid.UUID | None
    title: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    readiness_score: int | None
    notes: str | None


class WorkoutExerciseRow(_Row):
    workout_id: uuid.UUID
    exercise_id: uuid.UUID
    position: int
    superset_group: int | None
    notes: str | None


class WorkoutSetRow(_Row, WorkoutSet):
    workout_exercise_id: uuid.UUID
    notes: str | None


class TemplateRow(_Row):
    name: str
    notes: str | None


class TemplateExerciseRow(_Row, TemplateExercise):
    template_id: uuid.UUID


_ROW = "The row as it is now; absent for a delete (a tombstone)."


class _Change(BaseModel):
    seq: int = Field(description="The entry's place in your log (the last one of this row).")
    id: uuid.UUID
    op: Literal["upsert", "delete"]


class WorkoutChange(_Change):
    table: Literal["workouts"]
    row: WorkoutRow | None = Field(default=None, description=_ROW)


class WorkoutExerciseChange(_Change):
    table: Literal["workout_exercises"]
    row: WorkoutExerciseRow | None = Field(default=None, description=_ROW)


class WorkoutSetChange(_Change):
    table: Literal["workout_sets"]
    row: WorkoutSetRow | None = Field(default=None, description=_ROW)


class TemplateChange(_Change):
    table: Literal["workout_templates"]
    row: TemplateRow | None = Field(default=None, description=_ROW)


class TemplateExerciseChange(_Change):
    table: Literal["template_exercises"]
    row: TemplateExerciseRow | None = Field(default=None, description=_ROW)


Change = Annotated[
    WorkoutChange
    | WorkoutExerciseChange
    | WorkoutSetChange
    | TemplateChange
    | TemplateExerciseChange,
    Field(discriminator="table"),
]


class ChangesPage(BaseModel):
    changes: list[Change] = Field(description="In log order; one entry per row.")
    next_cursor: str = Field(description="Pass as `since` for what follows.")
    has_more: bool = Field(description="More entries follow now: ask again at once.")

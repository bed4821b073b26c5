"""Import reports, mappings, and the JSON export's document (for OpenAPI; the endpoints write
the JSON themselves)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ironbase.kit.units import MassUnit
from ironbase.training.templates.schemas import TemplateExercise
from ironbase.training.workouts.schemas import WorkoutSet

SourceFormat = Literal["strong", "hevy", "fitnotes", "fitbod", "jefit"]
MAX_MAPPINGS = 200


class UnmatchedExercise(BaseModel):
    name: str = Field(description="As the file spells it; map it with this name.")
    rows: int = Field(description="Sets of this name waiting for a mapping.")


class ImportReport(BaseModel):
    id: uuid.UUID
    format: SourceFormat
    layout: str | None = Field(description="The source's layout, e.g. Strong `6.x` or `comma`.")
    unit: MassUnit | None = Field(description="The mass unit the file was read in, if one.")
    file_name: str | None
    created_at: dt.datetime
    workouts_created: int
    workouts_existing: int = Field(
        description="Workouts of the file an earlier import already created (left alone)."
    )
    sets_created: int
    rows_skipped: int = Field(
        description="Rows not stored as sets: rest timers, notes, empty sets, sets of "
        "workouts imported before, and sets waiting for a mapping."
    )
    unmatched_exercises: list[UnmatchedExercise]


class NameMapping(BaseModel):
    """Another app's exercise name and the exercise it means (catalog or your own)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=200)]
    exercise_id: uuid.UUID


Mappings = Annotated[list[NameMapping], Field(min_length=1, max_length=MAX_MAPPINGS)]


class RememberedName(BaseModel):
    """A mapping kept for later imports: another app's name (as matched: lower case, single
    spaces) and the exercise it means."""

    id: uuid.UUID
    name: str
    exercise_id: uuid.UUID
    created_at: dt.datetime
    updated_at: dt.datetime


# --- the JSON export --------------------------------------------------------------------


class ExportSet(WorkoutSet):
    """A set as the workouts API shows it, with its notes (the CSV leaves planned sets out)."""

    notes: str | None


class ExportExercise(BaseModel):
    id: uuid.UUID
    exercise_id: uuid.UUID
    exercise_slug: str | None
    exercise_name: str | None
    position: int
    superset_group: int | None
    notes: str | None
    sets: list[ExportSet]


class ExportWorkout(BaseModel):
    id: uuid.UUID
    title: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    notes: str | None
    gym_id: uuid.UUID | None
    template_id: uuid.UUID | None
    exercises: list[ExportExercise]


class ExportTemplateExercise(TemplateExercise):
    exercise_slug: str | None
    exercise_name: str | None


class ExportTemplate(BaseModel):
    id: uuid.UUID
    name: str
    notes: str | None
    exercises: list[ExportTemplateExercise]


class ExportDocument(BaseModel):
    """``GET /v1/exports?format=json``: everything in the caller's training log."""

    format: Literal["ironbase-export"]
    version: Literal[1]
    exported_at: dt.datetime
    unit: MassUnit = Field(description="The unit of every set's `weight`.")
    time_zone: str
    workouts: list[ExportWorkout]
    templates: list[ExportTemplate]

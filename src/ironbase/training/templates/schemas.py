"""Template bodies, what the endpoints write, and the workout a template starts.

A template holds no masses: its targets are sets, a rep range, RPE or RIR and rest. The
workout it starts does (prefilled from the last performance), in the unit the request
names (body ``unit``, else ``?unit=``, else the caller's unit system), like the workouts
API.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ironbase.gyms.inventory.schemas import BarOut, SolveResult
from ironbase.gyms.schemas import Number
from ironbase.kit.schemas import strip_non_blank
from ironbase.kit.units import MassUnit
from ironbase.training.workouts.schemas import (
    ClientStamp,
    PartNotes,
    Rpe,
    WorkoutHead,
    WorkoutSet,
)

MAX_TEMPLATE_EXERCISES = 50
MAX_TARGET_SETS = 50  # the database's bound per exercise

Name = Annotated[str, Field(min_length=1, max_length=200)]
TemplateNotes = Annotated[str, Field(min_length=1, max_length=5000)]


class TemplateExerciseIn(BaseModel):
    """One exercise of a template with its targets; ``position`` defaults to its index."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = None
    exercise_id: uuid.UUID
    position: int | None = Field(default=None, ge=0, le=999)
    superset_group: int | None = Field(default=None, ge=0, le=99)
    target_sets: int | None = Field(
        default=None,
        ge=1,
        le=MAX_TARGET_SETS,
        description="Sets a start plans; none: as many working sets as last time.",
    )
    rep_min: int | None = Field(default=None, ge=0, le=1000)
    rep_max: int | None = Field(default=None, ge=0, le=1000)
    target_rpe: Rpe | None = None
    target_rir: int | None = Field(default=None, ge=0, le=10)
    rest_s: int | None = Field(default=None, ge=0, le=3600)
    notes: PartNotes | None = None
    client_updated_at: ClientStamp | None = None

    @field_validator("notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @model_validator(mode="after")
    def _rep_range(self) -> TemplateExerciseIn:
        if self.rep_min is not None and self.rep_max is not None and self.rep_min > self.rep_max:
            raise ValueError("rep_min must not be above rep_max")
        return self


Exercises = Annotated[list[TemplateExerciseIn], Field(max_length=MAX_TEMPLATE_EXERCISES)]


def _unique_ids(exercises: list[TemplateExerciseIn] | None) -> None:
    ids = [e.id for e in exercises or () if e.id is not None]
    if len(set(ids)) != len(ids):
        raise ValueError("ids of a template's exercises must be unique")


class TemplateCreate(BaseModel):
    """``POST /v1/templates``."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    notes: TemplateNotes | None = None
    exercises: Exercises = Field(default_factory=list)

    @field_validator("name", "notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @model_validator(mode="after")
    def _ids(self) -> TemplateCreate:
        _unique_ids(self.exercises)
        return self


class TemplateUpdate(BaseModel):
    """``PATCH /v1/templates/{id}``: only the fields sent change; ``exercises`` replaces the
    whole list (items with a known ``id`` are updated in place, the rest are new). With
    ``client_updated_at``, per row the newer write wins (docs/adr/0008)."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    notes: TemplateNotes | None = None
    exercises: Exercises | None = None
    client_updated_at: ClientStamp | None = None

    @field_validator("name", "notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @model_validator(mode="after")
    def _required_stay_set(self) -> TemplateUpdate:
        for name in ("name", "exercises"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        _unique_ids(self.exercises)
        return self


class TemplateStart(BaseModel):
    """``POST /v1/templates/{id}/start`` (the body is optional)."""

    model_config = ConfigDict(extra="forbid")

    gym_id: uuid.UUID | None = Field(
        default=None, description="Where you train; default: your default gym, if any."
    )
    started_at: dt.datetime | None = Field(default=None, description="Default: now.")
    unit: MassUnit | None = Field(
        default=None, description="Unit of the masses in the answer (wins over `?unit=`)."
    )


# --- what the endpoints write ---------------------------------------------------------


class TemplateExercise(BaseModel):
    id: uuid.UUID
    exercise_id: uuid.UUID
    position: int
    superset_group: int | None
    target_sets: int | None
    rep_min: int | None
    rep_max: int | None
    target_rpe: float | None
    target_rir: int | None
    rest_s: int | None
    notes: str | None


class Template(BaseModel):
    id: uuid.UUID
    name: str
    notes: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    exercises: list[TemplateExercise] | None = Field(
        default=None, description="Absent with `include=summary`."
    )


class Targets(BaseModel):
    """The template's targets for this exercise (what the planned sets were made from)."""

    target_sets: int | None
    rep_min: int | None
    rep_max: int | None
    target_rpe: float | None
    target_rir: int | None
    rest_s: int | None


class WarmupSet(BaseModel):
    """One warm-up set before the first working set: ``percent`` of the working weight
    asked for (0: the empty bar), ``weight`` what the plates make of it."""

    percent: int
    reps: int
    weight: Number = Field(description="In `unit`.")
    unit: MassUnit
    plates: SolveResult


class PlannedSet(WorkoutSet):
    """A set as ``GET /v1/workouts/{id}`` shows it, plus what to load for it."""

    plates: SolveResult | None = Field(
        description="Barbell exercises with a loading kit (see `loading`), else null."
    )
    warmup: list[WarmupSet] | None = Field(
        description="On the first working set of a barbell exercise with a loading kit."
    )


class LastPerformance(BaseModel):
    """The exercise's sets in the latest workout that has any done (planned sets left out)."""

    workout_id: uuid.UUID
    started_at: dt.datetime
    sets: list[WorkoutSet]


class StartedExercise(BaseModel):
    id: uuid.UUID
    exercise_id: uuid.UUID
    position: int
    superset_group: int | None
    notes: str | None
    bar: BarOut | None = Field(
        description=(
            "The bar a plate-loaded exercise is planned on at the workout's gym: the one "
            "its equipment names when the gym has it, else the gym's default bar. Null "
            "for other exercises, or when there is no loading kit (see `loading`)."
        )
    )
    sets: list[PlannedSet]
    template_exercise_id: uuid.UUID
    targets: Targets
    last_performance: LastPerformance | None


LoadingStatus = Literal[
    "ok",
    "no_barbell_exercises",
    "no_gym",
    "not_a_member",
    "no_bar",
    "no_plates",
    "solver_timeout",
    "solver_refused",
]


class Loading(BaseModel):
    """Where the plates came from, or why there are none (``status``)."""

    status: LoadingStatus = Field(
        description=(
            "`ok`: plates computed. Otherwise why not: `no_barbell_exercises`, `no_gym` "
            "(none given and no default gym), `not_a_member` (no inventory of yours at the "
            "gym), `no_bar` (the gym lists no bar that takes plates), `no_plates`, "
            "`solver_timeout`, `solver_refused`."
        )
    )
    gym_id: uuid.UUID | None
    unit: MassUnit
    bar: BarOut | None = Field(
        description=(
            "The bar of the first plate-loaded exercise (each exercise names its own in "
            "`exercises[].bar`)."
        )
    )
    collar: Number | None = Field(
        description="Each of two, in `unit`, on the bar of the first plate-loaded exercise."
    )
    warmup_ladder: str = Field(description="Version of the warm-up table used.")


class StartedWorkout(WorkoutHead):
    """The new workout as ``GET /v1/workouts/{id}`` shows it, with the plan beside it."""

    exercises: list[StartedExercise]
    loading: Loading

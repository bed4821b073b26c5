"""Workout bodies: the whole document (PUT), its parts, and what the endpoints write.

Clocks: ``client_updated_at`` is when the client last changed a row (or, on a document,
anything in it); the conflict rule compares it per row (docs/adr/0008).

Masses: a set's ``weight`` is in its ``unit`` (kg or lb). In a request the unit is the
set's ``unit``, else the document's ``unit``, else the caller's unit system; inside it is
whole grams. In a response ``weight`` is in the unit the response names beside it: each
set carries ``unit`` (the request's ``?unit=``, else the caller's unit system).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from ironbase.kit.schemas import strip_non_blank
from ironbase.kit.units import BoundedDecimal, MassOrZero, MassUnit

SetType = Literal["normal", "warmup", "drop", "failure", "amrap"]
MAX_WORKOUT_HOURS = 168
MAX_EXERCISES = 100
MAX_SETS = 100

Rpe = Annotated[Decimal, BoundedDecimal, Field(ge=1, le=10, multiple_of=Decimal("0.5"))]
Title = Annotated[str, Field(min_length=1, max_length=200)]
WorkoutNotes = Annotated[str, Field(min_length=1, max_length=10000)]
PartNotes = Annotated[str, Field(min_length=1, max_length=2000)]

# A stamp from the future would win every write until that time comes: a clock further
# ahead than this is an error the client should show, not a value to store.
MAX_CLOCK_AHEAD = dt.timedelta(minutes=10)
EARLIEST_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _plausible_stamp(value: dt.datetime) -> dt.datetime:
    if value < EARLIEST_STAMP:
        raise ValueError("client_updated_at must not be before 2000")
    if value > dt.datetime.now(dt.UTC) + MAX_CLOCK_AHEAD:
        raise ValueError("client_updated_at is more than 10 minutes ahead of the server's clock")
    return value


ClientStamp = Annotated[
    AwareDatetime,
    AfterValidator(_plausible_stamp),
    Field(
        description="When the client made this change (with a time zone): per row, the "
        "newer write wins. Absent: an exercise or set takes its document's, a document or "
        "an edit the server's time."
    ),
]


_PLANNED = (
    "A set of the plan, not lifted yet (a template start writes them so): records, "
    "statistics and the next start's last performance skip it."
)


class SetIn(BaseModel):
    """One set of a document or of ``POST .../sets``."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = None
    set_type: SetType = "normal"
    weight: MassOrZero | None = None
    unit: MassUnit | None = None
    reps: int | None = Field(default=None, ge=0, le=1000)
    duration_s: int | None = Field(default=None, ge=0, le=86400)
    distance_m: int | None = Field(default=None, ge=0, le=1_000_000)
    rpe: Rpe | None = None
    rir: int | None = Field(default=None, ge=0, le=10)
    completed_at: dt.datetime | None = None
    planned: bool = Field(default=False, description=_PLANNED)
    client_updated_at: ClientStamp | None = None


class SetUpdate(BaseModel):
    """``PATCH /v1/sets/{id}``: only the fields sent change; ``weight`` is in ``unit``.

    A ``completed_at`` set to a time without ``planned`` clears ``planned``: the set was done."""

    model_config = ConfigDict(extra="forbid")

    position: int | None = Field(default=None, ge=0, le=999)
    set_type: SetType | None = None
    weight: MassOrZero | None = None
    unit: MassUnit | None = None
    reps: int | None = Field(default=None, ge=0, le=1000)
    duration_s: int | None = Field(default=None, ge=0, le=86400)
    distance_m: int | None = Field(default=None, ge=0, le=1_000_000)
    rpe: Rpe | None = None
    rir: int | None = Field(default=None, ge=0, le=10)
    completed_at: dt.datetime | None = None
    planned: bool | None = Field(default=None, description=_PLANNED)
    client_updated_at: ClientStamp | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> SetUpdate:
        for name in ("position", "set_type", "planned"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class ExerciseIn(BaseModel):
    """One exercise of a document, with its sets in order."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = None
    exercise_id: uuid.UUID
    position: int | None = Field(default=None, ge=0, le=999)
    superset_group: int | None = Field(default=None, ge=0, le=99)
    notes: PartNotes | None = None
    client_updated_at: ClientStamp | None = None
    sets: list[SetIn] = Field(default_factory=list, max_length=MAX_SETS)

    @field_validator("notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)


class _Times(BaseModel):
    @model_validator(mode="after")
    def _duration(self) -> _Times:
        started: dt.datetime | None = getattr(self, "started_at", None)
        ended: dt.datetime | None = getattr(self, "ended_at", None)
        if started is not None and ended is not None:
            if ended < started:
                raise ValueError("ended_at must not be before started_at")
            if ended - started > dt.timedelta(hours=MAX_WORKOUT_HOURS):
                raise ValueError(f"a workout lasts at most {MAX_WORKOUT_HOURS} hours")
        return self


class WorkoutCreate(_Times):
    """``POST /v1/workouts``: the document without an id (the server picks one)."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    notes: WorkoutNotes | None = None
    gym_id: uuid.UUID | None = None
    unit: MassUnit | None = None
    client_updated_at: ClientStamp | None = None
    exercises: list[ExerciseIn] = Field(default_factory=list, max_length=MAX_EXERCISES)

    @field_validator("title", "notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @model_validator(mode="after")
    def _unique_ids(self) -> WorkoutCreate:
        exercise_ids = [e.id for e in self.exercises if e.id is not None]
        set_ids = [s.id for e in self.exercises for s in e.sets if s.id is not None]
        if len(set(exercise_ids)) != len(exercise_ids) or len(set(set_ids)) != len(set_ids):
            raise ValueError("ids of exercises and of sets must be unique in a document")
        return self


class WorkoutDocument(WorkoutCreate):
    """``PUT /v1/workouts/{id}``: the offline client's whole workout, with its own uuids."""

    id: uuid.UUID


class WorkoutUpdate(_Times):
    """``PATCH /v1/workouts/{id}``: only the fields sent change (null clears an optional one)."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    notes: WorkoutNotes | None = None
    gym_id: uuid.UUID | None = None
    client_updated_at: ClientStamp | None = None

    @field_validator("title", "notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @model_validator(mode="after")
    def _started_stays(self) -> WorkoutUpdate:
        if "started_at" in self.model_fields_set and self.started_at is None:
            raise ValueError("started_at cannot be null")
        return self

    def changes(self) -> dict[str, object]:
        """The columns to change (the stamp is not one: it goes with the change)."""
        fields = self.model_fields_set - {"client_updated_at"}
        return {name: getattr(self, name) for name in fields}


class WorkoutSet(BaseModel):
    id: uuid.UUID
    position: int
    set_type: SetType
    weight: float | None = Field(description="In `unit`.")
    unit: MassUnit
    reps: int | None
    duration_s: int | None
    distance_m: int | None
    rpe: float | None
    rir: int | None
    completed_at: dt.datetime | None
    planned: bool = Field(description=_PLANNED)


RecordName = Literal["heaviest_load", "best_e1rm", "most_reps", "best_session_volume"]


class LoggedWorkoutSet(WorkoutSet):
    """A set as ``POST .../sets`` and ``PATCH /v1/sets/{id}`` answer: with the records it
    breaks."""

    records: list[RecordName] = Field(
        description="The records (as in `GET /v1/records`) this set breaks against every other "
        "set of its exercise; empty when none. Warm-ups never count; the exercise's first "
        "working set holds every record it sets."
    )


class WorkoutExercise(BaseModel):
    id: uuid.UUID
    exercise_id: uuid.UUID
    position: int
    superset_group: int | None
    notes: str | None
    sets: list[WorkoutSet]


class WorkoutHead(BaseModel):
    """A workout's own fields, as every answer about one starts."""

    id: uuid.UUID
    title: str | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    notes: str | None
    gym_id: uuid.UUID | None
    template_id: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class Workout(WorkoutHead):
    exercises: list[WorkoutExercise] | None = Field(
        default=None, description="Absent with `include=summary`."
    )

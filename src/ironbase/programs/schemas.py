"""Program bodies and what the endpoints write.

A program request names what it wants (``weeks`` always; the rest falls back to the
fitness profile). Answers carry masses in the caller's unit (``load``: ``{weight, unit}``,
``plates``: per side), effort as RIR and RPE, and the reasons (``explanations``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ironbase.fitness.profile.vocabulary import TrainingGoal
from ironbase.gyms.inventory.schemas import BarOut
from ironbase.gyms.schemas import Number
from ironbase.kit.units import MassUnit
from ironbase.models.programs import ProgramCreator, ProgramStatus
from ironbase.training.science.tables import RP_LANDMARKS
from ironbase.training.templates.schemas import Loading, PlannedSet
from ironbase.training.workouts.schemas import WorkoutHead

MIN_WEEKS, MAX_WEEKS = 4, 16
MAX_SEED = 2**31 - 1
MAX_FOCUS_MUSCLES = 20
FOCUS_GROUPS = tuple(sorted(RP_LANDMARKS))

Weekday = Annotated[int, Field(ge=1, le=7)]
FocusMuscle = Annotated[str, Field(min_length=1, max_length=40)]


class ProgramCreate(BaseModel):
    """``POST /v1/programs``: what is not given comes from your fitness profile."""

    model_config = ConfigDict(extra="forbid")

    weeks: int = Field(ge=MIN_WEEKS, le=MAX_WEEKS)
    goal: TrainingGoal | None = None
    days_per_week: int | None = Field(default=None, ge=1, le=7)
    weekdays: list[Weekday] | None = Field(
        default=None,
        max_length=7,
        description="ISO weekdays (1 Monday), as many as days_per_week, or empty: any days.",
    )
    session_minutes: int | None = Field(default=None, ge=10, le=240)
    gym_id: uuid.UUID | None = Field(
        default=None, description="One of your gyms; default: the profile's, else your default."
    )
    focus_muscles: list[FocusMuscle] | None = Field(
        default=None,
        max_length=MAX_FOCUS_MUSCLES,
        description=f"Muscle groups held within the goal's weekly volume: {FOCUS_GROUPS}.",
    )
    seed: int | None = Field(
        default=None, ge=0, le=MAX_SEED, description="Same inputs and seed: the same program."
    )

    @field_validator("weekdays")
    @classmethod
    def _distinct_days(cls, value: list[int] | None) -> list[int] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("weekdays must be distinct")
        return None if value is None else sorted(value)

    @field_validator("focus_muscles")
    @classmethod
    def _known_groups(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        unknown = [x for x in value if x not in RP_LANDMARKS]
        if unknown:
            raise ValueError(f"unknown muscle groups {unknown}; known: {list(FOCUS_GROUPS)}")
        if len(set(value)) != len(value):
            raise ValueError("focus_muscles must be distinct")
        return sorted(value)


class ProgramUpdate(BaseModel):
    """``PATCH /v1/programs/{id}``: a new title, or a status change (draft -> active,
    active <-> paused, active or paused -> completed, anything -> archived)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    status: ProgramStatus | None = None


class LoadOut(BaseModel):
    weight: Number
    unit: MassUnit


class PlateOut(BaseModel):
    mass: Number
    unit: MassUnit


class PrescriptionOut(BaseModel):
    position: int
    exercise_id: uuid.UUID
    sets: int
    reps_min: int
    reps_max: int
    rir: Number
    rpe: Number
    load: LoadOut | None = Field(description="What to load, in your unit; null: by effort only.")
    percent_e1rm: Number | None
    rest_s: int
    plates: list[PlateOut] | None = Field(description="Barbell loads: the plates on each side.")


class ProgramWorkoutOut(BaseModel):
    id: uuid.UUID
    weekday: int
    title: str
    estimated_minutes: int
    exercises: list[PrescriptionOut]


class WeekOut(BaseModel):
    index: int
    deload: bool
    workouts: list[ProgramWorkoutOut]


class ExplanationOut(BaseModel):
    topic: str
    text: str
    week: int | None
    day_index: int | None
    position: int | None
    exercise_id: uuid.UUID | None
    muscle: str | None


class ProgramSummary(BaseModel):
    id: uuid.UUID
    title: str
    status: ProgramStatus
    creator: ProgramCreator
    goal: TrainingGoal
    weeks_count: int = Field(description="How many weeks the program runs.")
    generator_version: str
    gym_id: uuid.UUID | None
    activated_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ProgramOut(ProgramSummary):
    """The whole program."""

    weeks: list[WeekOut]
    explanations: list[ExplanationOut]


class ChangeOut(BaseModel):
    workout_id: uuid.UUID | None = Field(description="The logged workout that caused it.")
    at: dt.datetime
    week: int
    day_index: int
    position: int
    exercise_id: uuid.UUID
    before: LoadOut | None
    after: LoadOut | None
    reason: str


class ChangesOut(BaseModel):
    items: list[ChangeOut]


class InvariantOut(BaseModel):
    number: int
    name: str
    passed: bool
    applicable: bool
    failures: list[str]


class CheckOut(BaseModel):
    passed: bool
    invariants: list[InvariantOut]


class ProgramStart(BaseModel):
    """``POST /v1/programs/{id}/workouts/{workout_id}/start``."""

    model_config = ConfigDict(extra="forbid")

    started_at: dt.datetime | None = None
    unit: MassUnit | None = None


class ReadinessOut(BaseModel):
    band: Literal["green", "amber", "red"] | None
    score: int | None
    advice: str
    changed: list[str] = Field(description="What today's readiness changed in the session.")


class PrescribedExercise(BaseModel):
    id: uuid.UUID
    exercise_id: uuid.UUID
    position: int
    superset_group: int | None
    notes: str | None
    bar: BarOut | None
    sets: list[PlannedSet]
    prescription: PrescriptionOut = Field(
        description="The prescription as planned, before today's readiness."
    )


class ProgramStartedWorkout(WorkoutHead):
    """The new workout as ``GET /v1/workouts/{id}`` shows it, with the plan beside it."""

    program_id: uuid.UUID
    program_workout_id: uuid.UUID
    exercises: list[PrescribedExercise]
    loading: Loading
    readiness: ReadinessOut


def dumped(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")

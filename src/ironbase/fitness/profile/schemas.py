"""Bodies of /v1/me/fitness-profile."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ironbase.fitness.profile.vocabulary import ExperienceLevel, TrainingGoal
from ironbase.kit.units import BoundedDecimal, MassUnit

Sex = Literal["female", "male", "other"]
Weekday = Annotated[int, Field(ge=1, le=7, description="ISO weekday: 1 Monday ... 7 Sunday.")]
PatternSlug = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
BodyMass = Annotated[Decimal, BoundedDecimal, Field(gt=0, le=1000, max_digits=7, decimal_places=3)]
MIN_BIRTH_YEAR = 1900
MIN_AGE_YEARS = 10
MAX_EXCLUDED_EQUIPMENT = 100
MAX_EXCLUDED_EXERCISES = 200
MAX_EXCLUDED_PATTERNS = 50
DaysPerWeek = Annotated[int, Field(ge=1, le=7)]
SessionMinutes = Annotated[int, Field(ge=10, le=240)]


class BodyWeightIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: BodyMass
    unit: MassUnit
    date: dt.date | None = Field(
        default=None, description="The day it was weighed; default: today in your time zone."
    )

    @field_validator("date")
    @classmethod
    def _plausible(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value.year < MIN_BIRTH_YEAR:
            raise ValueError(f"must be in {MIN_BIRTH_YEAR} or later")
        return value


class BodyWeight(BaseModel):
    value: float
    unit: MassUnit
    date: dt.date


def _unique(values: list[object] | None, name: str) -> None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError(f"{name} lists an entry twice")


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("birth_year", check_fields=False)
    @classmethod
    def _year(cls, value: int | None) -> int | None:
        if (
            value is not None
            and not MIN_BIRTH_YEAR <= value <= dt.date.today().year - MIN_AGE_YEARS
        ):
            raise ValueError(
                f"must be between {MIN_BIRTH_YEAR} and {dt.date.today().year - MIN_AGE_YEARS}"
            )
        return value

    @model_validator(mode="after")
    def _no_repeats(self) -> _Fields:
        for name in ("weekdays", "excluded_equipment", "excluded_exercises", "excluded_patterns"):
            _unique(getattr(self, name, None), name)
        return self


class FitnessProfilePut(_Fields):
    """The whole profile; fields left out take their defaults (none, empty)."""

    goal: TrainingGoal
    experience: ExperienceLevel | None = Field(
        default=None, description="Leave out to have it judged from your training log."
    )
    days_per_week: DaysPerWeek
    weekdays: list[Weekday] = Field(
        default_factory=list,
        max_length=7,
        description="Which days; empty for any, else exactly days_per_week of them.",
    )
    session_minutes: SessionMinutes
    gym_id: uuid.UUID | None = Field(
        default=None, description="One of your gyms; default: your default gym."
    )
    excluded_equipment: list[uuid.UUID] = Field(
        default_factory=list, max_length=MAX_EXCLUDED_EQUIPMENT
    )
    excluded_exercises: list[uuid.UUID] = Field(
        default_factory=list, max_length=MAX_EXCLUDED_EXERCISES
    )
    excluded_patterns: list[PatternSlug] = Field(
        default_factory=list, max_length=MAX_EXCLUDED_PATTERNS
    )
    body_weight: BodyWeightIn | None = None
    sex: Sex | None = None
    birth_year: int | None = None


class FitnessProfilePatch(_Fields):
    """Only the fields sent change; ``null`` clears an optional one."""

    goal: TrainingGoal | None = None
    experience: ExperienceLevel | None = None
    days_per_week: DaysPerWeek | None = None
    weekdays: list[Weekday] | None = Field(default=None, max_length=7)
    session_minutes: SessionMinutes | None = None
    gym_id: uuid.UUID | None = None
    excluded_equipment: list[uuid.UUID] | None = Field(
        default=None, max_length=MAX_EXCLUDED_EQUIPMENT
    )
    excluded_exercises: list[uuid.UUID] | None = Field(
        default=None, max_length=MAX_EXCLUDED_EXERCISES
    )
    excluded_patterns: list[PatternSlug] | None = Field(
        default=None, max_length=MAX_EXCLUDED_PATTERNS
    )
    body_weight: BodyWeightIn | None = None
    sex: Sex | None = None
    birth_year: int | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> FitnessProfilePatch:
        for name in (
            "goal",
            "days_per_week",
            "session_minutes",
            "weekdays",
            "excluded_equipment",
            "excluded_exercises",
            "excluded_patterns",
        ):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self  # fmt: skip


class FitnessProfile(BaseModel):
    goal: TrainingGoal
    experience: ExperienceLevel | None
    experience_source: Literal["stated", "derived"] | None
    days_per_week: int
    weekdays: list[int]
    session_minutes: int
    gym_id: uuid.UUID | None
    planned_gym_id: uuid.UUID | None
    excluded_equipment: list[uuid.UUID]
    excluded_exercises: list[uuid.UUID]
    excluded_patterns: list[str]
    body_weight: BodyWeight | None
    sex: Sex | None
    birth_year: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

"""Exercise bodies, and the filters of exercise lists and search."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ironbase.catalog.schemas import LocaleTag, Name, Slug
from ironbase.catalog.search.engine import words
from ironbase.models.catalog import MuscleGroup

# What a set records: repetitions, seconds (holds, intervals) or metres (carries, sleds).
Tracking = Literal["reps", "duration", "distance"]


class ExerciseSummary(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    primary_muscle: MuscleGroup
    secondary_muscles: list[MuscleGroup]
    equipment: list[str]
    movement_pattern: str
    load_type: str
    difficulty: int
    is_compound: bool
    is_unilateral: bool
    tracking: Tracking
    is_custom: bool
    retired: bool


class AIProfile(BaseModel):
    skill_level: str
    contraindications: list[str]
    rep_range: tuple[int, int]
    plate_loaded: bool


class ExerciseDetail(ExerciseSummary):
    description: str | None
    instructions: str | None
    names: dict[str, str]
    aliases: list[str]
    default_grips: list[str]
    ai: AIProfile | None
    created_at: dt.datetime


class ExerciseCreate(BaseModel):
    """A private exercise: visible to its creator only."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = Field(default=None, description="Client-chosen id (offline creation).")
    name: Name
    slug: Slug | None = None
    description: str | None = Field(default=None, max_length=2000)
    instructions: str | None = Field(default=None, max_length=4000)
    primary_muscle: MuscleGroup
    secondary_muscles: list[MuscleGroup] = Field(default_factory=list, max_length=10)
    equipment: list[Slug] = Field(default_factory=list, max_length=10)
    movement_pattern: Slug
    load_type: Slug
    difficulty: int = Field(default=1, ge=1, le=5)
    is_compound: bool = False
    is_unilateral: bool = False
    tracking: Tracking = "reps"

    @field_validator("secondary_muscles")
    @classmethod
    def _distinct(cls, value: list[MuscleGroup]) -> list[MuscleGroup]:
        return list(dict.fromkeys(value))


class ExerciseAdminCreate(ExerciseCreate):
    """A catalog exercise: names in several languages and aliases other apps use."""

    names: dict[LocaleTag, Name] = Field(default_factory=dict, max_length=20)
    aliases: list[Name] = Field(default_factory=list, max_length=30)


class ExerciseAdminUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: str | None = Field(default=None, max_length=2000)
    instructions: str | None = Field(default=None, max_length=4000)
    primary_muscle: MuscleGroup | None = None
    secondary_muscles: list[MuscleGroup] | None = Field(default=None, max_length=10)
    equipment: list[Slug] | None = Field(default=None, max_length=10)
    movement_pattern: Slug | None = None
    load_type: Slug | None = None
    difficulty: int | None = Field(default=None, ge=1, le=5)
    is_compound: bool | None = None
    is_unilateral: bool | None = None
    tracking: Tracking | None = None
    names: dict[LocaleTag, Name] | None = Field(default=None, max_length=20)
    aliases: list[Name] | None = Field(default=None, max_length=30)


def slugify(name: str) -> str:
    return re.sub(r"_+", "_", "_".join(words(name)))[:120] or "exercise"


@dataclass(frozen=True, slots=True)
class ExerciseFilters:
    """The filters of an exercise list or search (``GET /exercises``)."""

    muscle: MuscleGroup | None = None
    equipment: str | None = None
    pattern: str | None = None
    difficulty: int | None = None
    compound: bool | None = None
    include_retired: bool = False

    def shape(self) -> tuple[bool, bool, bool, bool, bool, bool]:
        """Which filters are set: what the statement depends on (the values are bound)."""
        return (
            self.muscle is not None,
            self.equipment is not None,
            self.pattern is not None,
            self.difficulty is not None,
            self.compound is not None,
            self.include_retired,
        )

    def params(self) -> dict[str, Any]:
        return {
            "muscle": self.muscle,
            "equipment": self.equipment,
            "pattern": self.pattern,
            "difficulty": self.difficulty,
            "compound": self.compound,
        }

    def passes(self, facet: Mapping[str, Any]) -> bool:
        """Whether a search hit's facets (a row of the search corpus) pass the filters."""
        return (
            (self.muscle is None or facet["primary_muscle"] == self.muscle)
            and (self.pattern is None or facet["movement_pattern"] == self.pattern)
            and (self.difficulty is None or facet["difficulty"] == self.difficulty)
            and (self.compound is None or facet["is_compound"] == self.compound)
            and (self.equipment is None or self.equipment in facet["equipment"])
            and (self.include_retired or not facet["retired"])
        )

"""Catalog bodies: exercises, equipment, bar types, muscle groups, grips."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ironbase.catalog.search import words
from ironbase.models.catalog import MuscleGroup

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=120)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
T = TypeVar("T")
# What a set records: repetitions, seconds (holds, intervals) or metres (carries, sleds).
Tracking = Literal["reps", "duration", "distance"]
LocaleTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


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


class EquipmentProfileOut(BaseModel):
    adjustable: bool
    increment_g: int | None
    fixed_weights_g: list[int] | None
    base_weight_g: int | None
    stack_max_g: int | None


class EquipmentOut(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    category: str
    load_type: str
    bar_type: str | None
    profile: EquipmentProfileOut | None
    grip_defaults: list[str]
    handle_orientations: list[str]
    retired: bool


class BarTypeOut(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    mass_g: int
    mass: Decimal
    unit: str
    length_mm: int | None
    sleeve_diameter_mm: int | None
    loads_plates: bool


class BodyPartOut(BaseModel):
    slug: str
    name: str


class MuscleGroupOut(BaseModel):
    slug: MuscleGroup
    name: str
    body_part: BodyPartOut


class GripOut(BaseModel):
    slug: str
    name: str
    orientation: str
    width: str


class Listing(BaseModel, Generic[T]):
    """Small, unpaginated reference lists (they never grow past a few hundred rows)."""

    items: list[T]


def slugify(name: str) -> str:
    return re.sub(r"_+", "_", "_".join(words(name)))[:120] or "exercise"


class EquipmentProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    adjustable: bool = False
    increment_g: int | None = Field(default=None, gt=0, le=100_000)
    fixed_weights_g: list[Annotated[int, Field(gt=0, le=500_000)]] | None = Field(
        default=None, max_length=200
    )
    base_weight_g: int | None = Field(default=None, ge=0, le=500_000)
    stack_max_g: int | None = Field(default=None, gt=0, le=1_000_000)


class EquipmentAdminCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = None
    slug: Slug
    name: Name
    names: dict[LocaleTag, Name] = Field(default_factory=dict, max_length=20)
    category: Slug
    load_type: Slug
    bar_type: Slug | None = None
    profile: EquipmentProfileIn | None = None


class EquipmentAdminUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    names: dict[LocaleTag, Name] | None = Field(default=None, max_length=20)
    category: Slug | None = None
    load_type: Slug | None = None
    bar_type: Slug | None = None
    profile: EquipmentProfileIn | None = None

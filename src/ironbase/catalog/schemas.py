"""Catalog bodies shared by its subpackages (slugs, names, language tags, unpaginated
lists) and the small vocabularies: bar types, muscle groups, grips, life categories."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field, StringConstraints

from ironbase.models.catalog import MuscleGroup

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=120)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LocaleTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
T = TypeVar("T")


class Listing(BaseModel, Generic[T]):
    """Small, unpaginated reference lists (they never grow past a few hundred rows)."""

    items: list[T]


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


class LifeCategoryOut(BaseModel):
    """An area a readiness check-in scores, named in the request's language."""

    id: uuid.UUID
    slug: str
    name: str
    description: str | None
    position: int
    scale_min: int
    scale_max: int
    hooper: bool = Field(description="One of the four items summed into the Hooper index.")

"""Equipment bodies: what the API answers and what administrators send."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ironbase.catalog.schemas import LocaleTag, Name, Slug


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

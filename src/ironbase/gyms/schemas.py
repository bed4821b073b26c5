"""Bodies of /v1/cities, /v1/gyms and memberships (the gym page shows its equipment)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ironbase.kit.schemas import strip_non_blank
from ironbase.kit.time import is_valid_time_zone
from ironbase.kit.units import MassUnit

GymRole: TypeAlias = Literal["admin", "staff"]
# Numbers leave as 100, not 100.0, and never as a string (Decimal would be one).
Number: TypeAlias = int | float
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Address = Annotated[str, Field(min_length=1, max_length=300)]
# Catalog items are named by id or slug.
CatalogRef = Annotated[str, Field(min_length=1, max_length=120)]


def _zone(value: str | None) -> str | None:
    if value is not None and not is_valid_time_zone(value):
        raise ValueError("must be an IANA time zone such as 'Europe/Madrid'")
    return value


class City(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    name: str
    country_code: str
    time_zone: str
    latitude: float
    longitude: float


class Gym(BaseModel):
    id: uuid.UUID
    name: str
    address: str | None
    city_id: uuid.UUID | None
    city_name: str | None
    latitude: float | None
    longitude: float | None
    time_zone: str
    verified: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    distance_km: float | None


class _GymFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("name", "address", check_fields=False)
    @classmethod
    def _no_blank(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @field_validator("time_zone", check_fields=False)
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return _zone(value)


class GymCreate(_GymFields):
    """A new gym; ``time_zone`` defaults to its city's. The creator becomes its first admin."""

    id: uuid.UUID | None = None
    name: Name
    address: Address | None = None
    city_id: uuid.UUID | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    time_zone: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _coordinates_together(self) -> GymCreate:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self


class GymUpdate(_GymFields):
    name: Name | None = None
    address: Address | None = None
    city_id: uuid.UUID | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    time_zone: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _consistent(self) -> GymUpdate:
        sent = self.model_fields_set
        if ("latitude" in sent) != ("longitude" in sent):
            raise ValueError("latitude and longitude are changed together")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        for name in ("name", "time_zone"):
            if name in sent and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class GymEquipmentItem(BaseModel):
    equipment_id: uuid.UUID
    slug: str
    name: str
    category: str
    load_type: str
    quantity: int
    stack_increment: Number | None


class GymBarTypeItem(BaseModel):
    bar_type_id: uuid.UUID
    slug: str
    name: str
    mass: Number
    unit: MassUnit
    loads_plates: bool
    quantity: int


class Dumbbell(BaseModel):
    mass: Number
    unit: MassUnit
    pairs: int


class GymDetail(Gym):
    """A gym with its equipment; ``unit`` is the one ``stack_increment`` is given in."""

    unit: MassUnit
    equipment: list[GymEquipmentItem]
    bar_types: list[GymBarTypeItem]
    dumbbells: list[Dumbbell]
    is_member: bool
    my_role: GymRole | None


class Membership(BaseModel):
    gym: Gym
    is_default: bool
    joined_at: dt.datetime


class MembershipCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    is_default: bool = False


class MembershipUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    is_default: bool

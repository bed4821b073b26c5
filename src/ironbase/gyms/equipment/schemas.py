"""Bodies of /v1/gyms/{id}/equipment: what a gym has, as its admins and staff list it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ironbase.gyms.schemas import CatalogRef
from ironbase.kit.units import DumbbellMass, MassUnit, StackIncrement


class EquipmentEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    equipment: CatalogRef
    quantity: int = Field(default=1, ge=1, le=1000)
    stack_increment: StackIncrement | None = None


class BarTypeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bar_type: CatalogRef
    quantity: int = Field(default=1, ge=1, le=1000)


class DumbbellEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mass: DumbbellMass
    unit: MassUnit | None = None
    pairs: int = Field(default=1, ge=1, le=100)


class GymEquipmentUpdate(BaseModel):
    """Replaces the gym's equipment, bar types and dumbbells; ``unit`` reads bare numbers."""

    model_config = ConfigDict(extra="forbid")

    unit: MassUnit | None = None
    equipment: list[EquipmentEntry] = Field(default_factory=list, max_length=500)
    bar_types: list[BarTypeEntry] = Field(default_factory=list, max_length=50)
    dumbbells: list[DumbbellEntry] = Field(default_factory=list, max_length=200)

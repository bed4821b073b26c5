"""Bodies of the plate calculator, of a person's plates, miniweights and collars at a gym,
and of what they can load there."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ironbase.gyms.schemas import CatalogRef, Number
from ironbase.kit.units import Mass, MassOrZero, MassUnit

# The solver's own bounds (plates.MAX_PLATE_KINDS, MAX_PAIRS_PER_KIND, and the state
# counts of plates.bounds) decide the rest; the types keep absurd numbers from reaching it.
Pairs = Annotated[int, Field(ge=0, le=100)]


class PlateRef(BaseModel):
    """One plate as labelled; ``unit`` defaults to the request's."""

    model_config = ConfigDict(extra="forbid")

    mass: Mass
    unit: MassUnit | None = None


class PlateStock(PlateRef):
    pairs: Pairs


class _Barbell(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: MassUnit | None = None
    bar: Mass
    collar: MassOrZero = Decimal(0)
    plates: list[PlateStock] = Field(max_length=60)
    # The plates on one side now, from the bar outward (numbers are in ``unit``).
    previous: list[PlateRef | Mass] = Field(default_factory=list, max_length=100)


class SolveRequest(_Barbell):
    """``bar``, ``collar`` (each of two) and ``target`` are in ``unit`` (else the user's)."""

    target: Mass


class WarmupRequest(_Barbell):
    targets: list[Mass] = Field(min_length=1, max_length=20)


class PlateOut(BaseModel):
    mass: Number
    unit: MassUnit


class LoadingOut(BaseModel):
    total: Number
    per_side: list[PlateOut]


class SolveResult(BaseModel):
    achievable: bool
    total: Number
    unit: MassUnit
    per_side: list[PlateOut]
    below: LoadingOut | None
    above: LoadingOut | None


class WarmupStep(BaseModel):
    target: Number
    achievable: bool
    total: Number
    per_side: list[PlateOut]
    below: LoadingOut | None
    above: LoadingOut | None
    changes: int


class WarmupResult(BaseModel):
    unit: MassUnit
    steps: list[WarmupStep]
    total_changes: int


class BarOut(BaseModel):
    slug: str
    name: str
    mass: Number
    unit: MassUnit


class LoadPage(BaseModel):
    """Achievable totals in a range, lightest first, keyset-paginated by total."""

    unit: MassUnit
    bar: BarOut
    collar: Number
    items: list[LoadingOut]
    next_cursor: str | None


# --- a person's iron at one gym -------------------------------------------------------


class InventoryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mass: Mass
    unit: MassUnit | None = None
    pairs: Annotated[int, Field(ge=1, le=100)]


class PlatesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plates: list[InventoryEntry] = Field(max_length=40)


class MiniweightsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    miniweights: list[InventoryEntry] = Field(max_length=20)


class CollarEntry(BaseModel):
    """The mass of one collar (there are two on a loaded bar); 0 for spring clips.

    ``bar_type`` (catalog id or slug) names the bar these collars are for; null means any
    bar without an entry of its own.
    """

    model_config = ConfigDict(extra="forbid")

    bar_type: CatalogRef | None = None
    mass: MassOrZero
    unit: MassUnit | None = None


class CollarsUpdate(BaseModel):
    """Replaces all of a person's collars at the gym; ``[]`` forgets them."""

    model_config = ConfigDict(extra="forbid")

    items: list[CollarEntry] = Field(max_length=50)


class InventoryItemOut(BaseModel):
    mass: Number
    unit: MassUnit
    pairs: int


class Plates(BaseModel):
    plates: list[InventoryItemOut]


class Miniweights(BaseModel):
    miniweights: list[InventoryItemOut]


class CollarOut(BaseModel):
    """``bar_type`` is the bar's slug, or null for any bar without an entry of its own."""

    bar_type: str | None
    mass: Number
    unit: MassUnit


class Collars(BaseModel):
    """Any-bar entry first, then by bar slug."""

    items: list[CollarOut]

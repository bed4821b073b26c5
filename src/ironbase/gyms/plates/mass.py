"""Exact masses and plates.

Masses are exact rationals of grams (1 lb is defined as exactly 453.59237 g), so kg
and lb items mix without drift: a 45 lb bar with four pairs of 45 lb plates is
exactly 225 lb.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeAlias

Unit: TypeAlias = Literal["kg", "lb"]
Number: TypeAlias = int | str | Fraction | Decimal | float

UNITS: tuple[Unit, ...] = ("kg", "lb")
_GRAMS_PER: dict[str, Fraction] = {"kg": Fraction(1000), "lb": Fraction("453.59237")}


class PlateInputError(ValueError):
    """An input the solver refuses: physically meaningless or outside its bounds."""


def _exact(x: Number, what: str) -> Fraction:
    """Convert a user number to an exact Fraction without binary float noise."""
    if isinstance(x, bool):
        raise PlateInputError(f"{what}: expected a number, got {x!r}")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise PlateInputError(f"{what}: {x!r} is not a finite number")
        # repr() is the shortest decimal that round-trips, i.e. what the caller
        # wrote (2.5, 0.1), not the binary approximation Fraction(float) would give.
        return Fraction(repr(x))
    try:
        return Fraction(x)
    except (ValueError, TypeError, ZeroDivisionError, OverflowError) as exc:
        raise PlateInputError(f"{what}: {x!r} is not a number") from exc


def _format(x: Fraction, places: int = 3) -> str:
    """Render a Fraction as a short decimal (45, 2.5, 102.058) for display."""
    scale = 10**places
    q = round(abs(x) * scale)
    whole, part = divmod(q, scale)
    text = str(whole)
    decimals = f"{part:0{places}d}".rstrip("0")
    if decimals:
        text += "." + decimals
    return ("-" if x < 0 and q else "") + text


@dataclass(frozen=True, order=True, slots=True)
class Mass:
    """An exact mass, stored as a rational number of grams."""

    value: Fraction

    def __post_init__(self) -> None:
        if not isinstance(self.value, Fraction):
            object.__setattr__(self, "value", _exact(self.value, "mass"))

    @classmethod
    def kg(cls, x: Number) -> Mass:
        """A mass given in kilograms."""
        return cls(_exact(x, "kg") * _GRAMS_PER["kg"])

    @classmethod
    def lb(cls, x: Number) -> Mass:
        """A mass given in pounds (international pound, exactly 453.59237 g)."""
        return cls(_exact(x, "lb") * _GRAMS_PER["lb"])

    @classmethod
    def grams(cls, x: Number) -> Mass:
        """A mass given in grams."""
        return cls(_exact(x, "grams"))

    @classmethod
    def zero(cls) -> Mass:
        """No mass (spring clips, no collar)."""
        return cls(Fraction(0))

    def to_grams(self) -> int:
        """Whole grams, rounded to nearest (ties to even): for storage and display."""
        return round(self.value)

    def in_unit(self, unit: Unit) -> Fraction:
        """The exact amount of ``unit`` ("kg" or "lb") in this mass."""
        if unit not in _GRAMS_PER:
            raise PlateInputError(f"unit must be 'kg' or 'lb', got {unit!r}")
        return self.value / _GRAMS_PER[unit]

    def format(self, unit: Unit, places: int = 3) -> str:
        """Short display text such as '102.058 kg'."""
        return f"{_format(self.in_unit(unit), places)} {unit}"

    def __add__(self, other: Mass) -> Mass:
        if not isinstance(other, Mass):
            return NotImplemented
        return Mass(self.value + other.value)

    def __sub__(self, other: Mass) -> Mass:
        if not isinstance(other, Mass):
            return NotImplemented
        return Mass(self.value - other.value)

    def __mul__(self, k: int | Fraction) -> Mass:
        if isinstance(k, bool) or not isinstance(k, (int, Fraction)):
            return NotImplemented
        return Mass(self.value * k)

    __rmul__ = __mul__


ZERO = Mass.zero()


@dataclass(frozen=True, slots=True)
class Plate:
    """One plate; ``unit`` is the label printed on it and used for display."""

    mass: Mass
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise PlateInputError(f"plate unit must be 'kg' or 'lb', got {self.unit!r}")
        if self.mass.value <= 0:
            raise PlateInputError(f"plate mass must be positive, got {self.mass.value} g")

    @classmethod
    def kg(cls, x: Number) -> Plate:
        """A plate labelled in kilograms."""
        return cls(Mass.kg(x), "kg")

    @classmethod
    def lb(cls, x: Number) -> Plate:
        """A plate labelled in pounds."""
        return cls(Mass.lb(x), "lb")

    @property
    def nominal(self) -> Fraction:
        """The number printed on the plate."""
        return self.mass.in_unit(self.unit)

    def __str__(self) -> str:
        return f"{_format(self.nominal)} {self.unit}"


@dataclass(frozen=True, slots=True)
class InventoryItem:
    """How many pairs of one plate a gym has."""

    plate: Plate
    pairs: int

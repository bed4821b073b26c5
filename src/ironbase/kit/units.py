"""Masses at the API edge: kilograms and pounds to integer grams and back.

Storage is integer grams (``*_g`` columns); 1 lb is exactly 453.59237 g by definition.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal, TypeAlias

MassUnit: TypeAlias = Literal["kg", "lb"]

GRAMS_PER: dict[str, Decimal] = {"kg": Decimal(1000), "lb": Decimal("453.59237")}
_PLACES = Decimal("0.001")


def to_grams(value: Decimal | int, unit: MassUnit) -> int:
    """Whole grams, rounded half to even."""
    return int((Decimal(value) * GRAMS_PER[unit]).to_integral_value(ROUND_HALF_EVEN))


def from_grams(grams: int, unit: MassUnit) -> Decimal:
    """The mass in ``unit`` with three decimals (a gram is 0.001 kg; ~0.0022 lb)."""
    return (Decimal(grams) / GRAMS_PER[unit]).quantize(_PLACES, ROUND_HALF_EVEN)


def unit_of_system(unit_system: str) -> MassUnit:
    """``metric`` speaks kg, ``imperial`` speaks lb."""
    return "lb" if unit_system == "imperial" else "kg"

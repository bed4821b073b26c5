"""Input bounds and validation shared by every solver entry point.

Everything the solver refuses raises PlateInputError with a message fit for a user.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TypeAlias

from ironbase.gyms.plates.mass import UNITS, InventoryItem, Mass, Plate, PlateInputError

# Bounds on the shape of an inventory; what the search may cost is bounded by the
# state counts in ``bounds`` (oddly fine-grained inventories are refused up front
# instead of silently taking seconds).
MAX_PAIRS_PER_KIND = 100
MAX_PLATE_KINDS = 60
MAX_TOTAL_PAIRS = 200
MAX_DUMBBELLS = 500
MAX_MICRO_WEIGHTS = 6

MAX_TARGET = Mass.kg(1000)
# A total this close to the target counts as the target (kg and lb rarely meet exactly).
DEFAULT_TOLERANCE = Mass.grams(5)
# A tolerance is for mixed-unit rounding, never a way to skip a micro plate.
MAX_TOLERANCE = Mass.grams(100)

Signature: TypeAlias = tuple[tuple[Plate, int], ...]


def _plate_key(plate: Plate) -> tuple[Fraction, str]:
    """Stacking order: heaviest first; kg before lb only to be deterministic."""
    return (-plate.mass.value, plate.unit)


def _check_unit_filter(unit_filter: str | None) -> None:
    if unit_filter is not None and unit_filter not in UNITS:
        raise PlateInputError(f"unit_filter must be 'kg', 'lb' or None, got {unit_filter!r}")


def signature_of(inventory: Sequence[InventoryItem], unit_filter: str | None) -> Signature:
    """Validate an inventory and reduce it to a canonical, hashable form.

    Duplicate entries of one plate are merged, kinds without pairs dropped and the
    unit filter applied, so equal gyms share one cached table.
    """
    _check_unit_filter(unit_filter)
    pairs: dict[Plate, int] = {}
    for item in inventory:
        if not isinstance(item, InventoryItem) or not isinstance(item.plate, Plate):
            raise PlateInputError(f"inventory entries must be InventoryItem, got {item!r}")
        if isinstance(item.pairs, bool) or not isinstance(item.pairs, int):
            raise PlateInputError(f"pairs of {item.plate} must be an integer")
        if item.pairs < 0:
            raise PlateInputError(f"pairs of {item.plate} must not be negative, got {item.pairs}")
        pairs[item.plate] = pairs.get(item.plate, 0) + item.pairs
    if len(pairs) > MAX_PLATE_KINDS:
        raise PlateInputError(f"at most {MAX_PLATE_KINDS} plate kinds, got {len(pairs)}")
    for plate, count in pairs.items():
        if count > MAX_PAIRS_PER_KIND:
            raise PlateInputError(
                f"at most {MAX_PAIRS_PER_KIND} pairs of one plate, got {count} of {plate}"
            )
    total = sum(pairs.values())
    if total > MAX_TOTAL_PAIRS:
        raise PlateInputError(f"at most {MAX_TOTAL_PAIRS} pairs in total, got {total}")
    kept = [
        (plate, count)
        for plate, count in pairs.items()
        if count > 0 and (unit_filter is None or plate.unit == unit_filter)
    ]
    kept.sort(key=lambda item: _plate_key(item[0]))
    return tuple(kept)


def check_mass(mass: Mass, what: str, *, allow_zero: bool = False) -> None:
    if not isinstance(mass, Mass):
        raise PlateInputError(f"{what} must be a Mass, got {mass!r}")
    if mass.value < 0 or (mass.value == 0 and not allow_zero):
        qualifier = "must not be negative" if allow_zero else "must be positive"
        raise PlateInputError(f"{what} {qualifier}, got {mass.value} g")


def check_tolerance(tolerance: Mass) -> None:
    check_mass(tolerance, "tolerance", allow_zero=True)
    if tolerance > MAX_TOLERANCE:
        raise PlateInputError(
            f"tolerance must be at most {MAX_TOLERANCE.to_grams()} g, got {tolerance.value} g"
        )


def check_target(target: Mass, what: str = "target") -> None:
    check_mass(target, what)
    if target > MAX_TARGET:
        raise PlateInputError(f"{what} {target.format('kg')} is above the 1000 kg limit")


def check_bar(target: Mass, bar: Mass, collar: Mass) -> None:
    check_target(target)
    check_mass(bar, "bar")
    check_mass(collar, "collar", allow_zero=True)
    if target < bar:
        raise PlateInputError(f"target {target.format('kg')} is below the bar ({bar.format('kg')})")

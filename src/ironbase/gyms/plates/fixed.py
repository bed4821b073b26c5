"""Fixed increments: a dumbbell rack, and a machine's weight stack with add-ons."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from ironbase.gyms.plates.checks import (
    DEFAULT_TOLERANCE,
    MAX_DUMBBELLS,
    MAX_MICRO_WEIGHTS,
    check_mass,
    check_target,
    check_tolerance,
)
from ironbase.gyms.plates.mass import Mass, PlateInputError


@dataclass(frozen=True, slots=True)
class DumbbellChoice:
    """Nearest dumbbell; ``below``/``above`` are set only when nothing matches."""

    exact: bool
    chosen: Mass
    below: Mass | None
    above: Mass | None


@dataclass(frozen=True, slots=True)
class StackSetting:
    """A pin position on a weight stack plus any add-on weights."""

    total: Mass
    pin: Mass
    add_ons: tuple[Mass, ...]


@dataclass(frozen=True, slots=True)
class StackChoice:
    """Nearest stack setting; ``below``/``above`` are set only when nothing matches."""

    exact: bool
    chosen: StackSetting
    below: StackSetting | None
    above: StackSetting | None


def _nearest_of(target: Mass, below: Mass | None, above: Mass | None) -> Mass:
    """The closer of two candidates; the lighter one on a tie (safer to lift)."""
    if above is None:
        assert below is not None
        return below
    if below is None or above.value - target.value < target.value - below.value:
        return above
    return below


def pick_dumbbell(
    target: Mass, available: Sequence[Mass], *, tolerance: Mass = DEFAULT_TOLERANCE
) -> DumbbellChoice:
    """Pick from a fixed dumbbell set: the match within ``tolerance`` if any,
    otherwise the nearest, reporting the neighbours below and above."""
    check_target(target)
    check_tolerance(tolerance)
    if not available:
        raise PlateInputError("no dumbbells available")
    if len(available) > MAX_DUMBBELLS:
        raise PlateInputError(f"at most {MAX_DUMBBELLS} dumbbells, got {len(available)}")
    for mass in available:
        check_mass(mass, "dumbbell")
    masses = sorted(set(available))
    close = [m for m in masses if abs(m.value - target.value) <= tolerance.value]
    if close:
        best = min(close, key=lambda m: (abs(m.value - target.value), m.value))
        return DumbbellChoice(True, best, None, None)
    i = bisect_left(masses, target)
    below = masses[i - 1] if i > 0 else None
    above = masses[i] if i < len(masses) else None
    return DumbbellChoice(False, _nearest_of(target, below, above), below, above)


def _check_stack(increment: Mass, minimum: Mass, maximum: Mass, micro: Sequence[Mass]) -> int:
    """Validate a stack description; returns the number of pin positions.

    Positions are never enumerated (only the two around a target are looked at),
    so a long stack costs nothing; add-on subsets are, hence their bound."""
    check_mass(increment, "increment")
    check_mass(minimum, "minimum")
    check_target(maximum, "maximum")
    if maximum < minimum:
        raise PlateInputError("stack maximum is below its minimum")
    steps = (maximum.value - minimum.value) / increment.value
    if steps.denominator != 1:
        raise PlateInputError("stack maximum - minimum must be a whole number of increments")
    if len(micro) > MAX_MICRO_WEIGHTS:
        raise PlateInputError(f"at most {MAX_MICRO_WEIGHTS} add-on weights, got {len(micro)}")
    for mass in micro:
        check_mass(mass, "add-on weight")
    return int(steps) + 1


def snap_to_stack(
    target: Mass,
    increment: Mass,
    minimum: Mass,
    maximum: Mass,
    micro: Sequence[Mass] = (),
    *,
    tolerance: Mass = DEFAULT_TOLERANCE,
) -> StackChoice:
    """Snap a machine target to pin positions ``minimum + k x increment`` (up to
    ``maximum``), optionally topped with any subset of the add-on weights ``micro``
    (each usable once). Equal totals prefer fewer add-ons."""
    check_target(target)
    check_tolerance(tolerance)
    positions = _check_stack(increment, minimum, maximum, micro)
    settings: dict[Fraction, StackSetting] = {}
    for size in range(len(micro) + 1):
        for add_ons in combinations(sorted(micro, reverse=True), size):
            extra = sum((m.value for m in add_ons), Fraction(0))
            # Only the pins just below and just above the target can be nearest.
            k = math.floor((target.value - extra - minimum.value) / increment.value)
            # Clamped, since a target outside the stack keeps its end position.
            for pin_index in sorted({min(max(i, 0), positions - 1) for i in (k, k + 1)}):
                pin = minimum.value + pin_index * increment.value
                total = pin + extra
                if total not in settings:  # smaller add-on sets are tried first
                    settings[total] = StackSetting(Mass(total), Mass(pin), add_ons)
    totals = sorted(settings)
    close = [t for t in totals if abs(t - target.value) <= tolerance.value]
    if close:
        best = min(close, key=lambda t: (abs(t - target.value), t))
        return StackChoice(True, settings[best], None, None)
    i = bisect_left(totals, target.value)
    below = settings[totals[i - 1]] if i > 0 else None
    above = settings[totals[i]] if i < len(totals) else None
    nearest = _nearest_of(target, below.total if below else None, above.total if above else None)
    return StackChoice(False, settings[nearest.value], below, above)

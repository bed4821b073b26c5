"""Every achievable barbell total in a range, each with its fewest-plate loading."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TypeAlias

from ironbase.gyms.plates.bounds import check_deadline
from ironbase.gyms.plates.checks import (
    Signature,
    check_mass,
    check_target,
    signature_of,
)
from ironbase.gyms.plates.mass import InventoryItem, Mass, PlateInputError, Unit
from ironbase.gyms.plates.rebuild import choose
from ironbase.gyms.plates.solve import Loading
from ironbase.gyms.plates.tables import (
    BoundedCache,
    Combo,
    Frame,
    Tables,
    count_in_window,
    in_window,
    on_clear,
    tables_for,
)


def achievable_loads(
    bar: Mass,
    inventory: Sequence[InventoryItem],
    collar: Mass,
    low: Mass,
    high: Mass,
    *,
    unit_filter: Unit | None = None,
) -> list[Loading]:
    """Every distinct achievable total in [low, high], each with its fewest-plate
    loading (heaviest plates innermost), sorted by total.

    Results are cached per (inventory signature, bar, collar, bounds), so repeated
    calls for one gym cost a dictionary lookup; the per-inventory tables behind
    them are shared with ``solve``.
    """
    key = (_checked(bar, collar, low, high, inventory, unit_filter), bar, collar, low, high)
    cached = LOADS_CACHE.get(key)
    if cached is None:
        cached = _achievable(*key)
        LOADS_CACHE.put(key, cached, len(cached) + 1)
    return list(cached)


def count_loads(
    bar: Mass,
    inventory: Sequence[InventoryItem],
    collar: Mass,
    low: Mass,
    high: Mass,
    *,
    unit_filter: Unit | None = None,
) -> int:
    """At least as many as ``achievable_loads`` would list for the same range (it counts
    plate combinations, and several may share a total), without building any loading:
    what a caller asks before listing a range that might hold millions."""
    signature = _checked(bar, collar, low, high, inventory, unit_filter)
    tables = tables_for(signature)
    lo, hi, frame = _range(tables, bar, collar, low, high)
    return (1 if low <= bar <= high else 0) + count_in_window(tables, frame, lo, hi)


def _checked(
    bar: Mass,
    collar: Mass,
    low: Mass,
    high: Mass,
    inventory: Sequence[InventoryItem],
    unit_filter: Unit | None,
) -> Signature:
    check_mass(bar, "bar")
    check_mass(collar, "collar", allow_zero=True)
    check_mass(low, "low", allow_zero=True)
    check_target(high, "high")
    if low > high:
        raise PlateInputError(f"low {low.format('kg')} is above high {high.format('kg')}")
    return signature_of(inventory, unit_filter)


def _range(
    tables: Tables, bar: Mass, collar: Mass, low: Mass, high: Mass
) -> tuple[int, int, Frame]:
    """The per-side window [lo, hi] of a total range, in the frame's integer scale."""
    lo = (low.value - bar.value - 2 * collar.value) / 2
    hi = (high.value - bar.value - 2 * collar.value) / 2
    frame = Frame.build(tables, [bar.value + 2 * collar.value])
    return math.ceil(frame.scale(lo)), math.floor(frame.scale(hi)), frame


_LoadsKey: TypeAlias = tuple[Signature, Mass, Mass, Mass, Mass]
# Listings of recently asked ranges, weighed by loadings: at most 128 ranges and
# 100,000 loadings (a few tens of MB) whatever callers send.
LOADS_CACHE: BoundedCache[_LoadsKey, tuple[Loading, ...]] = BoundedCache(128, 100_000)


def _achievable(
    signature: Signature, bar: Mass, collar: Mass, low: Mass, high: Mass
) -> tuple[Loading, ...]:
    tables = tables_for(signature)
    lo, hi, frame = _range(tables, bar, collar, low, high)
    fixed = bar.value + 2 * collar.value
    by_value: dict[int, list[Combo]] = {}
    window = in_window(tables, frame, lo, hi)
    for combo in window:
        by_value.setdefault(frame.value(combo), []).append(combo)
    out = [Loading(bar, ())] if low <= bar <= high else []
    base = int(frame.scale(fixed))
    for n, value in enumerate(sorted(by_value)):
        if not n & 255:
            check_deadline()
        _, stack = choose(tables, by_value[value], (), lambda _c: 0)
        total = Mass(Fraction(base + 2 * value, frame.den))  # one exact division
        out.append(Loading(total, tables.decode(stack)))
    return tuple(out)


on_clear(LOADS_CACHE.clear)

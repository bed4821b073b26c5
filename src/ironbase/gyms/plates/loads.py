"""Every achievable barbell total in a range, each with its fewest-plate loading."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from fractions import Fraction

from ironbase.gyms.plates.checks import (
    _check_mass,
    _check_target,
    _Signature,
    _signature,
)
from ironbase.gyms.plates.mass import InventoryItem, Mass, PlateInputError, Unit
from ironbase.gyms.plates.rebuild import _choose
from ironbase.gyms.plates.solve import Loading
from ironbase.gyms.plates.tables import _Combo, _Frame, _in_window, _tables, on_clear


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
    _check_mass(bar, "bar")
    _check_mass(collar, "collar", allow_zero=True)
    _check_mass(low, "low", allow_zero=True)
    _check_target(high, "high")
    if low > high:
        raise PlateInputError(f"low {low.format('kg')} is above high {high.format('kg')}")
    signature = _signature(inventory, unit_filter)
    return list(_achievable_cached(signature, bar, collar, low, high))


@functools.lru_cache(maxsize=128)
def _achievable_cached(
    signature: _Signature, bar: Mass, collar: Mass, low: Mass, high: Mass
) -> tuple[Loading, ...]:
    tables = _tables(signature)
    lo = (low.value - bar.value - 2 * collar.value) / 2
    hi = (high.value - bar.value - 2 * collar.value) / 2
    fixed = bar.value + 2 * collar.value
    frame = _Frame.build(tables, [fixed])
    by_value: dict[int, list[_Combo]] = {}
    window = _in_window(tables, frame, math.ceil(frame.scale(lo)), math.floor(frame.scale(hi)))
    for combo in window:
        by_value.setdefault(frame.value(combo), []).append(combo)
    out = [Loading(bar, ())] if low <= bar <= high else []
    base = int(frame.scale(fixed))
    for value in sorted(by_value):
        _, stack = _choose(tables, by_value[value], (), lambda _c: 0)
        total = Mass(Fraction(base + 2 * value, frame.den))  # one exact division
        out.append(Loading(total, tables.decode(stack)))
    return tuple(out)


on_clear(_achievable_cached.cache_clear)

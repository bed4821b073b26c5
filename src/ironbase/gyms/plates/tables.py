"""Per-unit DP tables of reachable per-side sums, cached by inventory signature,
and the meet-in-the-middle lookups that combine the kg and lb tables.

For each unit label a bounded-knapsack DP maps every reachable per-side sum (an
integer multiple of the unit's grid, the gcd of its plate masses) to its fewest-plate
count; one table is kept for every suffix of the heaviest-first kind list, which
later lets loadings be rebuilt exactly. A query then combines the (at most two) unit
tables: for each sum of the smaller table, a bisection in the larger one finds the
partners that land in a window, or the nearest sums below and above a bound.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeAlias, TypeVar

from ironbase.gyms.plates.bounds import Work, check_deadline, grid_of, measure, side_cap
from ironbase.gyms.plates.checks import MAX_TARGET, MAX_TOLERANCE, Signature, signature_of
from ironbase.gyms.plates.mass import UNITS, InventoryItem, Plate

# Largest per-side sum a valid query can ask about exactly; sums are explored up to
# this plus the heaviest plate, which still finds the nearest sum above any target.
_SIDE_CAP = (MAX_TARGET.value + MAX_TOLERANCE.value) / 2


# Every loop of the search checks the wall-clock budget this often (iterations).
_TICK = 1023


class Group:
    """Reachable per-side sums for the plates of one unit label.

    ``suffix[i]`` maps a sum (in grid units) to the fewest plates reaching it with
    kinds ``i..`` only; ``suffix[0]`` is the whole table. Keeping every suffix lets
    a loading be rebuilt exactly, one kind at a time, heaviest first.
    """

    __slots__ = ("best", "grid", "keys", "pairs", "positions", "suffix", "units")

    def __init__(self, items: Sequence[tuple[Plate, int]], positions: Sequence[int]) -> None:
        masses = [plate.mass.value for plate, _ in items]
        self.pairs = tuple(count for _, count in items)
        self.positions = tuple(positions)
        self.grid = grid_of(masses) if masses else Fraction(1)
        self.units = tuple(int(m / self.grid) for m in masses)
        cap = int(side_cap(masses, _SIDE_CAP) / self.grid)
        self.suffix = self._tables(cap)
        self.best = self.suffix[0]
        self.keys = sorted(self.best)

    def _tables(self, cap: int) -> tuple[dict[int, int], ...]:
        """Built only after ``bounds.measure`` said the size is acceptable."""
        tables = [{0: 0}]
        for unit, count in zip(reversed(self.units), reversed(self.pairs), strict=True):
            tables.append(_add_kind(tables[-1], unit, count, cap))
        tables.reverse()
        return tuple(tables)


def _add_kind(prev: dict[int, int], unit: int, count: int, cap: int) -> dict[int, int]:
    """Bounded-knapsack step: allow 0..count plates of one more kind."""
    table = dict(prev)
    for n, (total, plates) in enumerate(prev.items()):
        if not n & _TICK:
            check_deadline()
        for extra in range(1, count + 1):
            reached = total + extra * unit
            if reached > cap:
                break
            known = table.get(reached)
            if known is None or plates + extra < known:
                table[reached] = plates + extra
    return table


# Internally a plate kind is its index in the signature (heaviest first), so a
# stack is a tuple of ints and hot paths never hash Fractions.
Stack: TypeAlias = tuple[int, ...]
Combo: TypeAlias = tuple[int, int]  # per-side sum of each unit group, in grid units


class Tables:
    """Both unit groups of one inventory plus lookups shared by every query."""

    __slots__ = ("canonical", "groups", "index", "outer", "plates", "where", "work")

    def __init__(self, signature: Signature, work: Work) -> None:
        self.work = work
        self.plates = tuple(plate for plate, _ in signature)
        self.index = {plate: i for i, plate in enumerate(self.plates)}
        where: dict[int, tuple[int, int]] = {}
        groups: list[Group] = []
        for g, unit in enumerate(UNITS):
            kinds = [i for i, plate in enumerate(self.plates) if plate.unit == unit]
            where.update({kind: (g, j) for j, kind in enumerate(kinds)})
            groups.append(Group([signature[i] for i in kinds], kinds))
        self.where = tuple(where[i] for i in range(len(self.plates)))
        self.groups = (groups[0], groups[1])
        # Iterate the smaller table, bisect the larger one.
        self.outer = 0 if len(self.groups[0].keys) <= len(self.groups[1].keys) else 1
        self.canonical: dict[Combo, Stack] = {}

    def count(self, combo: Combo) -> int:
        """Fewest plates per side for a combination of group sums."""
        return self.groups[0].best[combo[0]] + self.groups[1].best[combo[1]]

    def encode(self, plates: Sequence[Plate]) -> Stack:
        """Plates as kind indices; -1 for a plate this inventory does not have."""
        return tuple(self.index.get(plate, -1) for plate in plates)

    def decode(self, stack: Stack) -> tuple[Plate, ...]:
        return tuple(self.plates[i] for i in stack)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """Least-recently-used cache bounded by entries and by a total weight (an estimate
    of memory), safe across the worker threads the API solves in."""

    def __init__(self, max_entries: int, max_weight: int) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V, weight: int) -> None:
        """Keep ``value`` unless it alone outweighs the whole cache."""
        if weight > self.max_weight:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._weight -= old[1] if old else 0
            self._items[key] = (value, weight)
            self._weight += weight
            while len(self._items) > self.max_entries or self._weight > self.max_weight:
                _, (_, dropped) = self._items.popitem(last=False)
                self._weight -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._weight = 0

    def stats(self) -> tuple[int, int]:
        """(entries, total weight) held now."""
        with self._lock:
            return len(self._items), self._weight


# Tables of recently used inventories, weighed by dictionary entries (~80 bytes each):
# at most 64 inventories and 800,000 entries (~64 MB) whatever callers send.
TABLE_CACHE: BoundedCache[Signature, Tables] = BoundedCache(64, 800_000)
# Fewest-plate loadings remembered per table (speeds up listings), per inventory.
MAX_CANONICAL = 20_000


def inventory_work(
    inventory: Sequence[InventoryItem], targets: int = 1, unit_filter: str | None = None
) -> Work:
    """Count and check what an inventory would cost, without building anything: what
    the API asks before storing an inventory or starting a search."""
    signature = signature_of(inventory, unit_filter)
    cached = TABLE_CACHE.get(signature)
    work = cached.work if cached is not None else measure(signature, _SIDE_CAP)
    work.check(targets)
    return work


def tables_for(signature: Signature, targets: int = 1) -> Tables:
    """The tables of an inventory, counted and checked against the bounds before any
    is built (PlateInputError when over them); cached by signature."""
    cached = TABLE_CACHE.get(signature)
    if cached is not None:
        cached.work.check(targets)
        return cached
    work = measure(signature, _SIDE_CAP)
    work.check(targets)
    tables = Tables(signature, work)
    TABLE_CACHE.put(signature, tables, work.entries)
    return tables


# Caches derived from the tables (achievable-load lists) register their clearing here,
# so that one call forgets everything computed from inventories.
_DERIVED_CACHES: list[Callable[[], None]] = []


def on_clear(clear: Callable[[], None]) -> None:
    """Have ``clear_caches`` also call ``clear``."""
    _DERIVED_CACHES.append(clear)


def clear_caches() -> None:
    """Forget cached inventory tables and achievable-load lists."""
    TABLE_CACHE.clear()
    for clear in _DERIVED_CACHES:
        clear()


# --------------------------------------------------------------------------------
# Query frame: every per-side quantity as an exact integer
# --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Frame:
    """Integer scale in which group sums and the query's bounds are all exact.

    The hot loops then compare plain ints instead of Fractions.
    """

    den: int
    weights: tuple[int, int]
    grids: tuple[Fraction, Fraction]

    @staticmethod
    def build(tables: Tables, values: Sequence[Fraction]) -> Frame:
        grids = (tables.groups[0].grid, tables.groups[1].grid)
        den = math.lcm(*(f.denominator for f in [*grids, *values]))
        return Frame(den, (int(grids[0] * den), int(grids[1] * den)), grids)

    def scale(self, grams: Fraction) -> Fraction:
        return grams * self.den

    def value(self, combo: Combo) -> int:
        return combo[0] * self.weights[0] + combo[1] * self.weights[1]

    def grams(self, combo: Combo) -> Fraction:
        return combo[0] * self.grids[0] + combo[1] * self.grids[1]


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


def _split(tables: Tables, frame: Frame) -> tuple[list[int], list[int], int, int]:
    o = tables.outer
    return tables.groups[o].keys, tables.groups[1 - o].keys, frame.weights[o], frame.weights[1 - o]


def _combo(tables: Tables, outer_key: int, inner_key: int) -> Combo:
    return (outer_key, inner_key) if tables.outer == 0 else (inner_key, outer_key)


def in_window(tables: Tables, frame: Frame, lo: int, hi: int) -> list[Combo]:
    """Every non-empty combination whose per-side sum lies in [lo, hi]."""
    lo = max(lo, 1)
    okeys, ikeys, wo, wi = _split(tables, frame)
    found: list[Combo] = []
    for n, ko in enumerate(okeys):
        if not n & _TICK:
            check_deadline()
        base = ko * wo
        if base > hi:
            break
        i = bisect_left(ikeys, _ceil_div(lo - base, wi))
        j = bisect_right(ikeys, (hi - base) // wi, lo=i)
        found.extend(_combo(tables, ko, ki) for ki in ikeys[i:j])
    return found


def count_in_window(tables: Tables, frame: Frame, lo: int, hi: int) -> int:
    """How many combinations ``in_window`` would return, without building them."""
    lo = max(lo, 1)
    okeys, ikeys, wo, wi = _split(tables, frame)
    count = 0
    for n, ko in enumerate(okeys):
        if not n & _TICK:
            check_deadline()
        base = ko * wo
        if base > hi:
            break
        i = bisect_left(ikeys, _ceil_div(lo - base, wi))
        count += max(bisect_right(ikeys, (hi - base) // wi, lo=i) - i, 0)
    return count


def nearest_below(tables: Tables, frame: Frame, bound: int) -> list[Combo]:
    """Non-empty combinations with the largest per-side sum <= bound."""
    okeys, ikeys, wo, wi = _split(tables, frame)
    best = 0
    found: list[Combo] = []
    for n, ko in enumerate(okeys):
        if not n & _TICK:
            check_deadline()
        base = ko * wo
        if base > bound:
            break
        ki = ikeys[bisect_right(ikeys, (bound - base) // wi) - 1]
        value = base + ki * wi
        if value < 1 or value < best:
            continue
        if value > best:
            best = value
            found = []
        found.append(_combo(tables, ko, ki))
    return found


def nearest_above(tables: Tables, frame: Frame, bound: int) -> list[Combo]:
    """Non-empty combinations with the smallest per-side sum >= bound."""
    bound = max(bound, 1)
    okeys, ikeys, wo, wi = _split(tables, frame)
    best: int | None = None
    found: list[Combo] = []
    for n, ko in enumerate(okeys):
        if not n & _TICK:
            check_deadline()
        base = ko * wo
        if best is not None and base > best:
            break
        i = bisect_left(ikeys, _ceil_div(bound - base, wi))
        if i == len(ikeys):
            continue
        value = base + ikeys[i] * wi
        if best is not None and value > best:
            continue
        if best is None or value < best:
            best = value
            found = []
        found.append(_combo(tables, ko, ikeys[i]))
    return found

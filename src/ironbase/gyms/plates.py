"""Exact barbell, dumbbell and machine-stack loading.

Physical model (training-science reference, section "Plates"):

* A barbell total is ``bar + 2 x collar + 2 x (plates on one side)``. A bare bar
  holds no plates, so it needs no collars and its total is the bar alone; as soon as
  one plate is loaded both collars are counted.
* Inventory is counted in pairs: one pair puts one plate on each side.
* Plates are stacked from the bar outward, heaviest first. Changing an inner plate
  forces removing every plate outside it, so the work between two loadings is: the
  plates they share from the bar stay, everything after that is taken off and put on.

Masses are exact rationals of grams (1 lb is defined as exactly 453.59237 g), so kg
and lb items mix without drift: a 45 lb bar with four pairs of 45 lb plates is
exactly 225 lb. A kg plate and a lb plate almost never add up to a round target
exactly, so a total within a tolerance (default 5 g, far below the lightest plate)
counts as the target.

Search. Greedy fails with limited inventory (30 kg per side from one pair of 25 and
two pairs of 15 is 15 + 15, not 25 + nothing), so the solver is exact:

1. Plates are split by unit label. For each unit a bounded-knapsack DP maps every
   reachable per-side sum (an integer multiple of the unit's grid, the gcd of its
   plate masses) to its fewest-plate count; one table is kept for every suffix of
   the heaviest-first kind list, which later lets loadings be rebuilt exactly.
   Tables depend only on the inventory and are cached by its signature.
2. A query combines the (at most two) unit tables meet-in-the-middle: for each sum
   of the smaller table, a bisection in the larger one finds the partners that land
   in the tolerance window, or the nearest sums below and above the target.
3. Among the loadings with the fewest plates, the one sharing the longest stack
   prefix with ``previous`` (fewest changes) is rebuilt from the suffix tables, then
   the smallest error, then the "heaviest plates innermost" order breaks ties.

Cost: building a unit table is O(kinds x states x pairs per kind), states being the
reachable per-side sums (about 700 for a well stocked kg gym, under 100 for its lb
plates); a query is O(S_small x log S_large) plus a rebuild of a few candidate
loadings, each O(prefix x kinds x pairs). The input bounds below keep both cheap.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations, islice, pairwise
from typing import Literal, TypeAlias

Unit: TypeAlias = Literal["kg", "lb"]
Number: TypeAlias = int | str | Fraction | Decimal | float

_UNITS: tuple[Unit, ...] = ("kg", "lb")
_GRAMS_PER: dict[str, Fraction] = {"kg": Fraction(1000), "lb": Fraction("453.59237")}

# Bounds that keep the exact search cheap: with them a unit table has at most a few
# thousand states for any real gym, and oddly fine-grained inventories are refused
# (see MAX_TABLE_STATES) instead of silently taking seconds.
MAX_PAIRS_PER_KIND = 100
MAX_PLATE_KINDS = 60
MAX_TOTAL_PAIRS = 200
MAX_TABLE_STATES = 200_000
MAX_DUMBBELLS = 500
MAX_MICRO_WEIGHTS = 6
# Ladder planning considers loadings with up to this many plates per side more than
# the minimum (an extra plate can save re-stacking later), at most this many each.
LADDER_EXTRA_PLATES = 1
MAX_LADDER_CANDIDATES = 48


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
MAX_TARGET = Mass.kg(1000)
DEFAULT_TOLERANCE = Mass.grams(5)
# A tolerance is for mixed-unit rounding, never a way to skip a micro plate.
MAX_TOLERANCE = Mass.grams(100)


@dataclass(frozen=True, slots=True)
class Plate:
    """One plate; ``unit`` is the label printed on it and used for display."""

    mass: Mass
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in _UNITS:
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


@dataclass(frozen=True, slots=True)
class Loading:
    """A barbell total and the plates on one side, from the bar outward."""

    total: Mass
    per_side: tuple[Plate, ...]

    @property
    def plate_count(self) -> int:
        """Plates on one side."""
        return len(self.per_side)


@dataclass(frozen=True, slots=True)
class Solution:
    """The answer for one barbell target.

    When ``achievable`` is true, ``total``/``per_side`` hit the target within the
    tolerance and ``below``/``above`` are None. Otherwise ``below`` and ``above``
    are the nearest achievable totals strictly below and above the target (``above``
    is None past the inventory's reach) and ``total``/``per_side`` repeat the nearer
    of the two (the lighter one on a tie). ``changes`` counts the plates removed
    plus added on one side relative to ``previous`` (an empty bar if none).
    """

    target: Mass
    achievable: bool
    total: Mass
    per_side: tuple[Plate, ...]
    below: Loading | None
    above: Loading | None
    changes: int

    @property
    def loading(self) -> Loading:
        """The chosen loading."""
        return Loading(self.total, self.per_side)


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


# --------------------------------------------------------------------------------
# Input validation and the inventory signature
# --------------------------------------------------------------------------------

_Signature: TypeAlias = tuple[tuple[Plate, int], ...]


def _plate_key(plate: Plate) -> tuple[Fraction, str]:
    """Stacking order: heaviest first; kg before lb only to be deterministic."""
    return (-plate.mass.value, plate.unit)


def _check_unit_filter(unit_filter: str | None) -> None:
    if unit_filter is not None and unit_filter not in _UNITS:
        raise PlateInputError(f"unit_filter must be 'kg', 'lb' or None, got {unit_filter!r}")


def _signature(inventory: Sequence[InventoryItem], unit_filter: str | None) -> _Signature:
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


def _check_mass(mass: Mass, what: str, *, allow_zero: bool = False) -> None:
    if not isinstance(mass, Mass):
        raise PlateInputError(f"{what} must be a Mass, got {mass!r}")
    if mass.value < 0 or (mass.value == 0 and not allow_zero):
        qualifier = "must not be negative" if allow_zero else "must be positive"
        raise PlateInputError(f"{what} {qualifier}, got {mass.value} g")


def _check_tolerance(tolerance: Mass) -> None:
    _check_mass(tolerance, "tolerance", allow_zero=True)
    if tolerance > MAX_TOLERANCE:
        raise PlateInputError(
            f"tolerance must be at most {MAX_TOLERANCE.to_grams()} g, got {tolerance.value} g"
        )


def _check_target(target: Mass, what: str = "target") -> None:
    _check_mass(target, what)
    if target > MAX_TARGET:
        raise PlateInputError(f"{what} {target.format('kg')} is above the 1000 kg limit")


def _check_bar(target: Mass, bar: Mass, collar: Mass) -> None:
    _check_target(target)
    _check_mass(bar, "bar")
    _check_mass(collar, "collar", allow_zero=True)
    if target < bar:
        raise PlateInputError(f"target {target.format('kg')} is below the bar ({bar.format('kg')})")


# --------------------------------------------------------------------------------
# Per-unit tables (cached by inventory signature)
# --------------------------------------------------------------------------------

# Largest per-side sum a valid query can ask about exactly; sums are explored up to
# this plus the heaviest plate, which still finds the nearest sum above any target.
_SIDE_CAP = (MAX_TARGET.value + MAX_TOLERANCE.value) / 2


def _grid(values: Sequence[Fraction]) -> Fraction:
    """Largest mass that divides every value exactly (gcd of rationals)."""
    den = math.lcm(*(v.denominator for v in values))
    return Fraction(math.gcd(*(v.numerator * (den // v.denominator) for v in values)), den)


class _Group:
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
        self.grid = _grid(masses) if masses else Fraction(1)
        self.units = tuple(int(m / self.grid) for m in masses)
        cap = int((_SIDE_CAP + max(masses, default=Fraction(0))) / self.grid)
        self.suffix = self._tables(cap)
        self.best = self.suffix[0]
        self.keys = sorted(self.best)

    def _tables(self, cap: int) -> tuple[dict[int, int], ...]:
        bound = min(math.prod(c + 1 for c in self.pairs), cap + 1)
        if bound > MAX_TABLE_STATES:
            raise PlateInputError(
                "plate masses are too fine-grained to search exactly "
                f"({bound} possible per-side sums, limit {MAX_TABLE_STATES})"
            )
        tables = [{0: 0}]
        for unit, count in zip(reversed(self.units), reversed(self.pairs), strict=True):
            tables.append(_add_kind(tables[-1], unit, count, cap))
        tables.reverse()
        return tuple(tables)


def _add_kind(prev: dict[int, int], unit: int, count: int, cap: int) -> dict[int, int]:
    """Bounded-knapsack step: allow 0..count plates of one more kind."""
    table = dict(prev)
    for total, plates in prev.items():
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
_Stack: TypeAlias = tuple[int, ...]
_Combo: TypeAlias = tuple[int, int]  # per-side sum of each unit group, in grid units


class _Tables:
    """Both unit groups of one inventory plus lookups shared by every query."""

    __slots__ = ("canonical", "groups", "index", "outer", "plates", "where")

    def __init__(self, signature: _Signature) -> None:
        self.plates = tuple(plate for plate, _ in signature)
        self.index = {plate: i for i, plate in enumerate(self.plates)}
        where: dict[int, tuple[int, int]] = {}
        groups: list[_Group] = []
        for g, unit in enumerate(_UNITS):
            kinds = [i for i, plate in enumerate(self.plates) if plate.unit == unit]
            where.update({kind: (g, j) for j, kind in enumerate(kinds)})
            groups.append(_Group([signature[i] for i in kinds], kinds))
        self.where = tuple(where[i] for i in range(len(self.plates)))
        self.groups = (groups[0], groups[1])
        # Iterate the smaller table, bisect the larger one.
        self.outer = 0 if len(self.groups[0].keys) <= len(self.groups[1].keys) else 1
        self.canonical: dict[_Combo, _Stack] = {}

    def count(self, combo: _Combo) -> int:
        """Fewest plates per side for a combination of group sums."""
        return self.groups[0].best[combo[0]] + self.groups[1].best[combo[1]]

    def encode(self, plates: Sequence[Plate]) -> _Stack:
        """Plates as kind indices; -1 for a plate this inventory does not have."""
        return tuple(self.index.get(plate, -1) for plate in plates)

    def decode(self, stack: _Stack) -> tuple[Plate, ...]:
        return tuple(self.plates[i] for i in stack)


@functools.lru_cache(maxsize=64)
def _tables(signature: _Signature) -> _Tables:
    return _Tables(signature)


def clear_caches() -> None:
    """Forget cached inventory tables and achievable-load lists."""
    _tables.cache_clear()
    _achievable_cached.cache_clear()


# --------------------------------------------------------------------------------
# Query frame: every per-side quantity as an exact integer
# --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Frame:
    """Integer scale in which group sums and the query's bounds are all exact.

    The hot loops then compare plain ints instead of Fractions.
    """

    den: int
    weights: tuple[int, int]
    grids: tuple[Fraction, Fraction]

    @staticmethod
    def build(tables: _Tables, values: Sequence[Fraction]) -> _Frame:
        grids = (tables.groups[0].grid, tables.groups[1].grid)
        den = math.lcm(*(f.denominator for f in [*grids, *values]))
        return _Frame(den, (int(grids[0] * den), int(grids[1] * den)), grids)

    def scale(self, grams: Fraction) -> Fraction:
        return grams * self.den

    def value(self, combo: _Combo) -> int:
        return combo[0] * self.weights[0] + combo[1] * self.weights[1]

    def grams(self, combo: _Combo) -> Fraction:
        return combo[0] * self.grids[0] + combo[1] * self.grids[1]


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


def _split(tables: _Tables, frame: _Frame) -> tuple[list[int], list[int], int, int]:
    o = tables.outer
    return tables.groups[o].keys, tables.groups[1 - o].keys, frame.weights[o], frame.weights[1 - o]


def _combo(tables: _Tables, outer_key: int, inner_key: int) -> _Combo:
    return (outer_key, inner_key) if tables.outer == 0 else (inner_key, outer_key)


def _in_window(tables: _Tables, frame: _Frame, lo: int, hi: int) -> list[_Combo]:
    """Every non-empty combination whose per-side sum lies in [lo, hi]."""
    lo = max(lo, 1)
    okeys, ikeys, wo, wi = _split(tables, frame)
    found: list[_Combo] = []
    for ko in okeys:
        base = ko * wo
        if base > hi:
            break
        i = bisect_left(ikeys, _ceil_div(lo - base, wi))
        j = bisect_right(ikeys, (hi - base) // wi, lo=i)
        found.extend(_combo(tables, ko, ki) for ki in ikeys[i:j])
    return found


def _nearest_below(tables: _Tables, frame: _Frame, bound: int) -> list[_Combo]:
    """Non-empty combinations with the largest per-side sum <= bound."""
    okeys, ikeys, wo, wi = _split(tables, frame)
    best = 0
    found: list[_Combo] = []
    for ko in okeys:
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


def _nearest_above(tables: _Tables, frame: _Frame, bound: int) -> list[_Combo]:
    """Non-empty combinations with the smallest per-side sum >= bound."""
    bound = max(bound, 1)
    okeys, ikeys, wo, wi = _split(tables, frame)
    best: int | None = None
    found: list[_Combo] = []
    for ko in okeys:
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


# --------------------------------------------------------------------------------
# Rebuilding loadings
# --------------------------------------------------------------------------------


def _complete_group(group: _Group, start: int, rest: int, plates: int, limit: int) -> _Stack | None:
    """Kinds ``start..`` (kind ``start`` capped at ``limit``) summing to ``rest``
    with exactly ``plates`` plates, heaviest taken first; None if impossible.

    Only fewest-plate loadings are rebuilt, and any part of one is itself a
    fewest-plate loading of its kinds, so a suffix-table hit is an exact test.
    """
    if start == len(group.units):
        return () if rest == 0 and plates == 0 else None
    out: list[int] = []
    for j in range(start, len(group.units)):
        unit, after = group.units[j], group.suffix[j + 1]
        available = limit if j == start else group.pairs[j]
        for take in range(min(available, plates, rest // unit), -1, -1):
            if after.get(rest - take * unit) == plates - take:
                break
        else:
            return None  # only possible for the first, capped kind
        out.extend([group.positions[j]] * take)
        rest -= take * unit
        plates -= take
    return tuple(out)


def _prefix_limit(tables: _Tables, combo: _Combo, previous: _Stack) -> int:
    """Longest prefix of ``previous`` that could start a loading of ``combo``."""
    rest = [combo[0], combo[1]]
    left = [tables.groups[0].best[combo[0]], tables.groups[1].best[combo[1]]]
    used: dict[int, int] = {}
    last = 0
    for n, kind in enumerate(previous):
        if kind < last:  # unknown plate (-1) or not in stacking order
            return n
        g, j = tables.where[kind]
        group = tables.groups[g]
        if used.get(kind, 0) >= group.pairs[j] or left[g] == 0 or rest[g] < group.units[j]:
            return n
        used[kind] = used.get(kind, 0) + 1
        rest[g] -= group.units[j]
        left[g] -= 1
        last = kind
    return len(previous)


def _complete(tables: _Tables, combo: _Combo, fixed: _Stack) -> _Stack | None:
    """The heaviest-innermost fewest-plate loading of ``combo`` that starts with
    ``fixed`` (a valid stacking prefix), if there is one."""
    rest = [combo[0], combo[1]]
    left = [tables.groups[0].best[combo[0]], tables.groups[1].best[combo[1]]]
    for kind in fixed:
        g, j = tables.where[kind]
        rest[g] -= tables.groups[g].units[j]
        left[g] -= 1
    last = fixed[-1] if fixed else -1
    tail: list[int] = []
    for g, group in enumerate(tables.groups):
        if last >= 0 and tables.where[last][0] == g:
            # More copies of the last fixed plate may follow it on the bar.
            start = tables.where[last][1]
            limit = group.pairs[start] - fixed.count(last)
        else:
            start = bisect_right(group.positions, last)
            limit = group.pairs[start] if start < len(group.pairs) else 0
        picked = _complete_group(group, start, rest[g], left[g], limit)
        if picked is None:
            return None
        tail.extend(picked)
    tail.sort()
    return (*fixed, *tail)


def _follow(tables: _Tables, combo: _Combo, previous: _Stack) -> _Stack:
    """Fewest-plate loading of ``combo`` sharing the longest prefix with ``previous``.

    Sharing a prefix is monotone (a loading that keeps p plates also keeps p - 1),
    so the longest feasible prefix is found by trying lengths downward.
    """
    if not previous:
        cached = tables.canonical.get(combo)
        if cached is None:
            cached = _complete(tables, combo, ())
            assert cached is not None, "a reachable sum always has a loading"
            tables.canonical[combo] = cached
        return cached
    for keep in range(_prefix_limit(tables, combo, previous), -1, -1):
        loading = _complete(tables, combo, previous[:keep])
        if loading is not None:
            return loading
    raise AssertionError("a reachable sum always has a loading")  # pragma: no cover


def changes_between(previous: Sequence[object], new: Sequence[object]) -> int:
    """Plates removed plus added on one side to go from ``previous`` to ``new``.

    Plates stack from the bar outward, so only the shared prefix can stay.
    """
    shared = 0
    for old, fresh in zip(previous, new, strict=False):
        if old != fresh:
            break
        shared += 1
    return len(previous) + len(new) - 2 * shared


def _choose(
    tables: _Tables,
    combos: Sequence[_Combo],
    previous: _Stack,
    error: Callable[[_Combo], int],
) -> tuple[_Combo, _Stack]:
    """Best loading among ``combos``: fewest plates, fewest changes, smallest error,
    then heaviest plates innermost (a fixed, reproducible order)."""
    fewest = min(tables.count(c) for c in combos)
    best: tuple[tuple[int, int, _Stack], _Combo] | None = None
    for combo in combos:
        if tables.count(combo) != fewest:
            continue
        loading = _follow(tables, combo, previous)
        key = (changes_between(previous, loading), error(combo), loading)
        if best is None or key < best[0]:
            best = (key, combo)
    assert best is not None
    return best[1], best[0][2]


# --------------------------------------------------------------------------------
# Barbell
# --------------------------------------------------------------------------------


def _total(bar: Mass, collar: Mass, per_side: Sequence[Plate]) -> Mass:
    if not per_side:
        return bar
    return Mass(bar.value + 2 * collar.value + 2 * sum(p.mass.value for p in per_side))


@dataclass(frozen=True, slots=True)
class _Query:
    """One barbell target analysed against an inventory's tables."""

    tables: _Tables
    frame: _Frame
    target: Mass
    bar: Mass
    collar: Mass
    side: int  # exact per-side target, scaled
    bare_exact: bool
    exact: list[_Combo]

    @staticmethod
    def run(tables: _Tables, target: Mass, bar: Mass, collar: Mass, tolerance: Mass) -> _Query:
        side = (target.value - bar.value - 2 * collar.value) / 2
        half = tolerance.value / 2  # a per-side error counts twice in the total
        frame = _Frame.build(tables, [side, half])
        s, h = int(frame.scale(side)), int(frame.scale(half))
        bare_exact = abs(target.value - bar.value) <= tolerance.value
        exact = [] if bare_exact else _in_window(tables, frame, s - h, s + h)
        return _Query(tables, frame, target, bar, collar, s, bare_exact, exact)

    def error(self, combo: _Combo) -> int:
        return abs(self.frame.value(combo) - self.side)

    def total(self, combo: _Combo) -> Mass:
        grams = self.bar.value + 2 * self.collar.value + 2 * self.frame.grams(combo)
        return Mass(grams)

    def loading(self, combos: Sequence[_Combo], previous: _Stack) -> Loading:
        combo, stack = _choose(self.tables, combos, previous, self.error)
        return Loading(self.total(combo), self.tables.decode(stack))

    def below(self, previous: _Stack) -> Loading:
        """Nearest total strictly below the target; the bare bar at worst."""
        combos = _nearest_below(self.tables, self.frame, self.side - 1)
        if not combos:
            return Loading(self.bar, ())
        return self.loading(combos, previous)

    def above(self, previous: _Stack) -> Loading | None:
        """Nearest total strictly above the target, None past the inventory."""
        combos = _nearest_above(self.tables, self.frame, self.side + 1)
        return self.loading(combos, previous) if combos else None

    def nearest(self, below: Loading, above: Loading | None) -> Loading:
        """The closer of the two; the lighter one on a tie."""
        if above is None:
            return below
        under = self.target.value - below.total.value
        over = above.total.value - self.target.value
        return below if under <= over else above


def solve(
    target: Mass,
    bar: Mass,
    inventory: Sequence[InventoryItem],
    collar: Mass = ZERO,
    previous: Sequence[Plate] | None = None,
    tolerance: Mass = DEFAULT_TOLERANCE,
    unit_filter: Unit | None = None,
) -> Solution:
    """Load ``target`` on ``bar`` from ``inventory`` with the fewest plates.

    ``previous`` is the loading currently on one side (from the bar outward); among
    equally few plates the loading that keeps most of it wins. ``unit_filter``
    restricts the plates to one unit label. Raises PlateInputError on bad input.
    """
    _check_bar(target, bar, collar)
    _check_tolerance(tolerance)
    tables = _tables(_signature(inventory, unit_filter))
    prev_plates = tuple(previous or ())
    prev = tables.encode(prev_plates)
    query = _Query.run(tables, target, bar, collar, tolerance)
    if query.bare_exact:
        return Solution(target, True, bar, (), None, None, len(prev))
    if query.exact:
        chosen = query.loading(query.exact, prev)
        changes = changes_between(prev_plates, chosen.per_side)
        return Solution(target, True, chosen.total, chosen.per_side, None, None, changes)
    below, above = query.below(prev), query.above(prev)
    chosen = query.nearest(below, above)
    changes = changes_between(prev_plates, chosen.per_side)
    return Solution(target, False, chosen.total, chosen.per_side, below, above, changes)


# --------------------------------------------------------------------------------
# Warm-up ladder
# --------------------------------------------------------------------------------


def _enumerate_group(group: _Group, rest: int, budget: int, start: int = 0) -> Iterator[_Stack]:
    """Every loading of ``rest`` from kinds ``start..`` with at most ``budget``
    plates, heaviest-first choices first. The suffix tables prune every branch that
    cannot finish, so each step leads to at least one result."""
    best = group.suffix[start].get(rest)
    if best is None or best > budget:
        return
    if start == len(group.units):
        yield ()
        return
    unit, kind = group.units[start], group.positions[start]
    for take in range(min(group.pairs[start], budget, rest // unit), -1, -1):
        for tail in _enumerate_group(group, rest - take * unit, budget - take, start + 1):
            yield (kind,) * take + tail


def _loadings(
    tables: _Tables, combos: Sequence[_Combo], budget: int
) -> Iterator[tuple[_Combo, _Stack]]:
    """Every loading of each combination with at most ``budget`` plates."""
    g0, g1 = tables.groups
    for combo in combos:
        for part0 in _enumerate_group(g0, combo[0], budget - g1.best[combo[1]]):
            for part1 in _enumerate_group(g1, combo[1], budget - len(part0)):
                yield combo, tuple(sorted(part0 + part1))


def _candidates(query: _Query, combos: Sequence[_Combo], bare: bool) -> list[_Stack]:
    """Loadings worth considering for one ladder step: the fewest-plate ones and
    those with up to LADDER_EXTRA_PLATES more, best first, capped in number."""
    tables = query.tables
    fewest = min([0] if bare else [tables.count(c) for c in combos])
    budget = fewest + LADDER_EXTRA_PLATES
    ranked: list[tuple[int, int, _Stack]] = [(0, 0, ())] if bare else []
    # Pathological inventories can have very many loadings: a bounded sample,
    # fewest-plate combinations first, is plenty to choose from.
    ordered = sorted(combos, key=lambda c: (tables.count(c), query.error(c), c))
    for combo, stack in islice(_loadings(tables, ordered, budget), 8 * MAX_LADDER_CANDIDATES):
        ranked.append((len(stack), query.error(combo), stack))
    ranked.sort()
    return [stack for _, _, stack in ranked[:MAX_LADDER_CANDIDATES]]


def _step_candidates(query: _Query, alone: Solution) -> list[_Stack]:
    """Ladder candidates for one target, given what ``solve`` says about it alone."""
    if alone.achievable:
        return _candidates(query, query.exact, query.bare_exact)
    if not alone.per_side:
        return [()]
    side = query.frame.scale((alone.total.value - query.bar.value) / 2 - query.collar.value)
    combos = _in_window(query.tables, query.frame, int(side), int(side))
    return _candidates(query, combos, False)


def warmup_ladder(
    targets: Sequence[Mass],
    bar: Mass,
    inventory: Sequence[InventoryItem],
    collar: Mass = ZERO,
    *,
    previous: Sequence[Plate] | None = None,
    tolerance: Mass = DEFAULT_TOLERANCE,
    unit_filter: Unit | None = None,
) -> list[Solution]:
    """Plan a sequence of sets so the total number of plate changes is smallest.

    Each step may use any loading hitting its target with at most
    LADDER_EXTRA_PLATES plates more than necessary (an unreachable target keeps the
    nearest total that ``solve`` picks). A shortest path over those candidates
    minimises total changes, then total plates. ``achievable``/``below``/``above``
    are those of ``solve`` for each target on its own; ``changes`` is counted from
    the preceding step (from ``previous``, or an empty bar, for the first).
    """
    _check_tolerance(tolerance)
    for target in targets:
        _check_bar(target, bar, collar)
    tables = _tables(_signature(inventory, unit_filter))
    start_plates = tuple(previous or ())
    alone = [solve(t, bar, inventory, collar, None, tolerance, unit_filter) for t in targets]
    layers = [
        _step_candidates(_Query.run(tables, sol.target, bar, collar, tolerance), sol)
        for sol in alone
    ]
    path = _cheapest_path(tables.encode(start_plates), layers)
    out: list[Solution] = []
    before: tuple[Plate, ...] = start_plates
    for sol, stack in zip(alone, path, strict=True):
        per_side = tables.decode(stack)
        total = _total(bar, collar, per_side)
        changes = changes_between(before, per_side)
        out.append(
            Solution(sol.target, sol.achievable, total, per_side, sol.below, sol.above, changes)
        )
        before = per_side
    return out


def _cheapest_path(start: _Stack, layers: Sequence[Sequence[_Stack]]) -> list[_Stack]:
    """Dynamic programme over the layers: cost = (changes, plates), summed.

    Ties keep the earlier candidate, and candidates are ranked best first.
    """
    if not layers:
        return []
    costs = [(changes_between(start, c), len(c)) for c in layers[0]]
    back: list[list[int]] = []
    for prev_layer, layer in pairwise(layers):
        new_costs: list[tuple[int, int]] = []
        links: list[int] = []
        for cand in layer:
            options = (
                ((costs[i][0] + changes_between(p, cand), costs[i][1] + len(cand)), i)
                for i, p in enumerate(prev_layer)
            )
            cost, link = min(options)
            new_costs.append(cost)
            links.append(link)
        costs = new_costs
        back.append(links)
    index = min(range(len(costs)), key=lambda i: (costs[i], i))
    path = [layers[-1][index]]
    for depth in range(len(back) - 1, -1, -1):
        index = back[depth][index]
        path.append(layers[depth][index])
    path.reverse()
    return path


# --------------------------------------------------------------------------------
# Achievable loads
# --------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------
# Dumbbells and machine stacks
# --------------------------------------------------------------------------------


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
    _check_target(target)
    _check_tolerance(tolerance)
    if not available:
        raise PlateInputError("no dumbbells available")
    if len(available) > MAX_DUMBBELLS:
        raise PlateInputError(f"at most {MAX_DUMBBELLS} dumbbells, got {len(available)}")
    for mass in available:
        _check_mass(mass, "dumbbell")
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
    _check_mass(increment, "increment")
    _check_mass(minimum, "minimum")
    _check_target(maximum, "maximum")
    if maximum < minimum:
        raise PlateInputError("stack maximum is below its minimum")
    steps = (maximum.value - minimum.value) / increment.value
    if steps.denominator != 1:
        raise PlateInputError("stack maximum - minimum must be a whole number of increments")
    if len(micro) > MAX_MICRO_WEIGHTS:
        raise PlateInputError(f"at most {MAX_MICRO_WEIGHTS} add-on weights, got {len(micro)}")
    for mass in micro:
        _check_mass(mass, "add-on weight")
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
    _check_target(target)
    _check_tolerance(tolerance)
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

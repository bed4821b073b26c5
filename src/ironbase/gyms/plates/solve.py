"""One barbell target: the fewest-plate loading, or the nearest ones around it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ironbase.gyms.plates.checks import (
    DEFAULT_TOLERANCE,
    check_bar,
    check_tolerance,
    signature_of,
)
from ironbase.gyms.plates.mass import ZERO, InventoryItem, Mass, Plate, Unit
from ironbase.gyms.plates.rebuild import changes_between, choose
from ironbase.gyms.plates.tables import (
    Combo,
    Frame,
    Stack,
    Tables,
    in_window,
    nearest_above,
    nearest_below,
    tables_for,
)


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


def barbell_total(bar: Mass, collar: Mass, per_side: Sequence[Plate]) -> Mass:
    if not per_side:
        return bar
    return Mass(bar.value + 2 * collar.value + 2 * sum(p.mass.value for p in per_side))


@dataclass(frozen=True, slots=True)
class TargetQuery:
    """One barbell target analysed against an inventory's tables."""

    tables: Tables
    frame: Frame
    target: Mass
    bar: Mass
    collar: Mass
    side: int  # exact per-side target, scaled
    bare_exact: bool
    exact: list[Combo]

    @staticmethod
    def run(tables: Tables, target: Mass, bar: Mass, collar: Mass, tolerance: Mass) -> TargetQuery:
        side = (target.value - bar.value - 2 * collar.value) / 2
        half = tolerance.value / 2  # a per-side error counts twice in the total
        frame = Frame.build(tables, [side, half])
        s, h = int(frame.scale(side)), int(frame.scale(half))
        bare_exact = abs(target.value - bar.value) <= tolerance.value
        exact = [] if bare_exact else in_window(tables, frame, s - h, s + h)
        return TargetQuery(tables, frame, target, bar, collar, s, bare_exact, exact)

    def error(self, combo: Combo) -> int:
        return abs(self.frame.value(combo) - self.side)

    def total(self, combo: Combo) -> Mass:
        grams = self.bar.value + 2 * self.collar.value + 2 * self.frame.grams(combo)
        return Mass(grams)

    def loading(self, combos: Sequence[Combo], previous: Stack) -> Loading:
        combo, stack = choose(self.tables, combos, previous, self.error)
        return Loading(self.total(combo), self.tables.decode(stack))

    def below(self, previous: Stack) -> Loading:
        """Nearest total strictly below the target; the bare bar at worst."""
        combos = nearest_below(self.tables, self.frame, self.side - 1)
        if not combos:
            return Loading(self.bar, ())
        return self.loading(combos, previous)

    def above(self, previous: Stack) -> Loading | None:
        """Nearest total strictly above the target, None past the inventory."""
        combos = nearest_above(self.tables, self.frame, self.side + 1)
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
    check_bar(target, bar, collar)
    check_tolerance(tolerance)
    tables = tables_for(signature_of(inventory, unit_filter))
    prev_plates = tuple(previous or ())
    prev = tables.encode(prev_plates)
    query = TargetQuery.run(tables, target, bar, collar, tolerance)
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

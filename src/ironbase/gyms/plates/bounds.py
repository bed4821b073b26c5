"""How much work an inventory may cost, decided before any table is built, and the
wall-clock budget that stops a search which runs longer than that estimate said.

The solver's cost follows the per-side sums each unit group can reach (its states):

* building one group's suffix tables visits every state once per pair
  (``states x pairs`` steps) and keeps ``states x (kinds + 1)`` dictionary entries;
* a query or a listing walks combinations of a kg sum and a lb sum, so its worst case
  is the *combined* state space ``kg states x lb states``, once per target.

Counting the states exactly is cheap: a bitset of reachable sums (one bit per grid
step up to the search cap) shifted once per power-of-two chunk of each kind's pairs,
a few hundred big-integer shifts at most. So every entry point counts first and
refuses (PlateInputError, a 422 at the API) an inventory over the bounds below; the
deadline is a second wall for whatever the estimate misjudged.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction

from ironbase.gyms.plates.mass import UNITS, Plate, PlateInputError

# A well stocked mixed gym (kg plates with 0.25 kg micro plates, lb plates) has about
# 900 kg states and 30-90 lb states: ~60,000 combined, 2,000 table entries. The bounds
# leave a wide margin above that and refuse what would take seconds or megabytes.
MAX_GROUP_STATES = 50_000
MAX_TABLE_ENTRIES = 200_000  # dictionary entries of one inventory's tables (~16 MB)
MAX_BUILD_STEPS = 1_000_000  # states x pairs, summed over both groups
MAX_COMBINED_STATES = 2_000_000  # kg states x lb states
MAX_QUERY_STATES = 10_000_000  # combined states x targets (a warm-up ladder)
# Beyond this many grid steps per side the reachable sums are not even counted.
MAX_SUM_BITS = 4_000_000
# The second wall: a search that runs longer than this stops (SolverTimeout).
SOLVE_BUDGET_SECONDS = 2.0


class SolverTimeout(RuntimeError):
    """A search ran past its wall-clock budget (the input passed the bounds)."""


_DEADLINE: ContextVar[float | None] = ContextVar("plates_deadline", default=None)


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Solver calls inside this block stop with SolverTimeout after ``seconds``."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline() -> None:
    """Raise SolverTimeout if the current budget is spent; free when none is set."""
    end = _DEADLINE.get()
    if end is not None and time.monotonic() > end:
        raise SolverTimeout("the plate search ran out of time")


def grid_of(values: Sequence[Fraction]) -> Fraction:
    """Largest mass that divides every value exactly (gcd of rationals)."""
    den = math.lcm(*(v.denominator for v in values))
    return Fraction(math.gcd(*(v.numerator * (den // v.denominator) for v in values)), den)


def side_cap(masses: Sequence[Fraction], limit: Fraction) -> Fraction:
    """Largest per-side sum explored: the query limit plus the heaviest plate (which
    still finds the nearest sum above any target)."""
    return limit + max(masses, default=Fraction(0))


def count_states(items: Sequence[tuple[Plate, int]], limit: Fraction) -> int:
    """Reachable per-side sums (the empty side included) of one unit group, up to the
    cap the tables use. Raises PlateInputError when too fine-grained to count."""
    if not items:
        return 1
    masses = [plate.mass.value for plate, _ in items]
    grid = grid_of(masses)
    cap = int(side_cap(masses, limit) / grid)
    product = math.prod(count + 1 for _, count in items)
    if product <= 64:  # trivially small: the number of subsets bounds it
        return min(product, cap + 1)
    if cap >= MAX_SUM_BITS:
        # Too fine a grid to count; the number of subsets still bounds the sums.
        if product <= MAX_GROUP_STATES:
            return product
        raise PlateInputError(_too_fine(f"{cap} grid steps per side"))
    mask = (1 << (cap + 1)) - 1
    reach = 1
    for mass, (_, count) in zip(masses, items, strict=True):
        unit = int(mass / grid)
        chunk, left = 1, count
        while left:  # 0..count copies = a subset of chunks 1, 2, 4, ..., rest
            take = min(chunk, left)
            reach |= (reach << (unit * take)) & mask
            left -= take
            chunk *= 2
            check_deadline()
    return reach.bit_count()


def _too_fine(what: str) -> str:
    return f"plate masses are too fine-grained to search exactly ({what})"


@dataclass(frozen=True, slots=True)
class Work:
    """What one inventory costs: states of each unit group, pairs and kinds."""

    states: tuple[int, ...]
    pairs: tuple[int, ...]
    kinds: tuple[int, ...]

    @property
    def combined(self) -> int:
        return math.prod(self.states)

    @property
    def entries(self) -> int:
        return sum(s * (k + 1) for s, k in zip(self.states, self.kinds, strict=True))

    def check(self, targets: int = 1) -> None:
        """Refuse an inventory (and number of targets) over the bounds."""
        for states in self.states:
            if states > MAX_GROUP_STATES:
                raise PlateInputError(
                    _too_fine(f"{states} per-side sums, limit {MAX_GROUP_STATES}")
                )
        if self.entries > MAX_TABLE_ENTRIES:
            raise PlateInputError(
                _too_fine(f"{self.entries} table entries, limit {MAX_TABLE_ENTRIES}")
            )
        steps = sum(s * p for s, p in zip(self.states, self.pairs, strict=True))
        if steps > MAX_BUILD_STEPS:
            raise PlateInputError(_too_fine(f"{steps} search steps, limit {MAX_BUILD_STEPS}"))
        if self.combined > MAX_COMBINED_STATES:
            raise PlateInputError(
                "kg and lb plates together are too fine-grained to search exactly "
                f"({self.combined} combinations, limit {MAX_COMBINED_STATES})"
            )
        if self.combined * targets > MAX_QUERY_STATES:
            raise PlateInputError(
                f"too many targets for this inventory: {targets} targets x {self.combined} "
                f"combinations is over {MAX_QUERY_STATES}; send fewer targets"
            )


def measure(signature: Sequence[tuple[Plate, int]], limit: Fraction) -> Work:
    """Count the states of each unit group (kg, lb) of a canonical inventory."""
    groups = [[item for item in signature if item[0].unit == unit] for unit in UNITS]
    return Work(
        states=tuple(count_states(g, limit) for g in groups),
        pairs=tuple(sum(c for _, c in g) for g in groups),
        kinds=tuple(len(g) for g in groups),
    )

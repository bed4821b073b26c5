"""Warm-up ladder: a sequence of targets planned for the fewest plate changes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice, pairwise

from ironbase.gyms.plates.bounds import check_deadline
from ironbase.gyms.plates.checks import (
    DEFAULT_TOLERANCE,
    check_bar,
    check_tolerance,
    signature_of,
)
from ironbase.gyms.plates.mass import ZERO, InventoryItem, Mass, Plate, Unit
from ironbase.gyms.plates.rebuild import changes_between
from ironbase.gyms.plates.solve import Solution, TargetQuery, barbell_total, solve
from ironbase.gyms.plates.tables import (
    Combo,
    Group,
    Stack,
    Tables,
    in_window,
    tables_for,
)

# Ladder planning considers loadings with up to this many plates per side more than
# the minimum (an extra plate can save re-stacking later), at most this many each.
LADDER_EXTRA_PLATES = 1
MAX_LADDER_CANDIDATES = 48


def _enumerate_group(group: Group, rest: int, budget: int, start: int = 0) -> Iterator[Stack]:
    """Every loading of ``rest`` from kinds ``start..`` with at most ``budget``
    plates, heaviest-first choices first. The suffix tables prune every branch that
    cannot finish, so each step leads to at least one result."""
    best = group.suffix[start].get(rest)
    if best is None or best > budget:
        return
    if start == len(group.units):
        yield ()
        return
    check_deadline()
    unit, kind = group.units[start], group.positions[start]
    for take in range(min(group.pairs[start], budget, rest // unit), -1, -1):
        for tail in _enumerate_group(group, rest - take * unit, budget - take, start + 1):
            yield (kind,) * take + tail


def _loadings(
    tables: Tables, combos: Sequence[Combo], budget: int
) -> Iterator[tuple[Combo, Stack]]:
    """Every loading of each combination with at most ``budget`` plates."""
    g0, g1 = tables.groups
    for combo in combos:
        for part0 in _enumerate_group(g0, combo[0], budget - g1.best[combo[1]]):
            for part1 in _enumerate_group(g1, combo[1], budget - len(part0)):
                yield combo, tuple(sorted(part0 + part1))


def _candidates(query: TargetQuery, combos: Sequence[Combo], bare: bool) -> list[Stack]:
    """Loadings worth considering for one ladder step: the fewest-plate ones and
    those with up to LADDER_EXTRA_PLATES more, best first, capped in number."""
    tables = query.tables
    fewest = min([0] if bare else [tables.count(c) for c in combos])
    budget = fewest + LADDER_EXTRA_PLATES
    ranked: list[tuple[int, int, Stack]] = [(0, 0, ())] if bare else []
    # Pathological inventories can have very many loadings: a bounded sample,
    # fewest-plate combinations first, is plenty to choose from.
    ordered = sorted(combos, key=lambda c: (tables.count(c), query.error(c), c))
    for combo, stack in islice(_loadings(tables, ordered, budget), 8 * MAX_LADDER_CANDIDATES):
        ranked.append((len(stack), query.error(combo), stack))
    ranked.sort()
    return [stack for _, _, stack in ranked[:MAX_LADDER_CANDIDATES]]


def _step_candidates(query: TargetQuery, alone: Solution) -> list[Stack]:
    """Ladder candidates for one target, given what ``solve`` says about it alone."""
    if alone.achievable:
        return _candidates(query, query.exact, query.bare_exact)
    if not alone.per_side:
        return [()]
    side = query.frame.scale((alone.total.value - query.bar.value) / 2 - query.collar.value)
    combos = in_window(query.tables, query.frame, int(side), int(side))
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
    check_tolerance(tolerance)
    for target in targets:
        check_bar(target, bar, collar)
    # Counted against the bounds for every target before anything is built.
    tables = tables_for(signature_of(inventory, unit_filter), max(len(targets), 1))
    start_plates = tuple(previous or ())
    alone = [solve(t, bar, inventory, collar, None, tolerance, unit_filter) for t in targets]
    layers = [
        _step_candidates(TargetQuery.run(tables, sol.target, bar, collar, tolerance), sol)
        for sol in alone
    ]
    path = _cheapest_path(tables.encode(start_plates), layers)
    out: list[Solution] = []
    before: tuple[Plate, ...] = start_plates
    for sol, stack in zip(alone, path, strict=True):
        per_side = tables.decode(stack)
        total = barbell_total(bar, collar, per_side)
        changes = changes_between(before, per_side)
        out.append(
            Solution(sol.target, sol.achievable, total, per_side, sol.below, sol.above, changes)
        )
        before = per_side
    return out


def _cheapest_path(start: Stack, layers: Sequence[Sequence[Stack]]) -> list[Stack]:
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
            check_deadline()
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

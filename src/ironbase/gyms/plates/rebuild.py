"""Rebuilding concrete loadings (stacks of plates) from the suffix tables.

Among the loadings with the fewest plates, the one sharing the longest stack prefix
with ``previous`` (fewest changes) is rebuilt, then the smallest error, then the
"heaviest plates innermost" order breaks ties.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from ironbase.gyms.plates.bounds import check_deadline
from ironbase.gyms.plates.tables import MAX_CANONICAL, Combo, Group, Stack, Tables


def _complete_group(group: Group, start: int, rest: int, plates: int, limit: int) -> Stack | None:
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


def _prefix_limit(tables: Tables, combo: Combo, previous: Stack) -> int:
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


def _complete(tables: Tables, combo: Combo, fixed: Stack) -> Stack | None:
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


def _follow(tables: Tables, combo: Combo, previous: Stack) -> Stack:
    """Fewest-plate loading of ``combo`` sharing the longest prefix with ``previous``.

    Sharing a prefix is monotone (a loading that keeps p plates also keeps p - 1),
    so the longest feasible prefix is found by trying lengths downward.
    """
    if not previous:
        cached = tables.canonical.get(combo)
        if cached is None:
            cached = _complete(tables, combo, ())
            assert cached is not None, "a reachable sum always has a loading"
            if len(tables.canonical) < MAX_CANONICAL:  # a bounded memo, not a cache of all
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


def choose(
    tables: Tables,
    combos: Sequence[Combo],
    previous: Stack,
    error: Callable[[Combo], int],
) -> tuple[Combo, Stack]:
    """Best loading among ``combos``: fewest plates, fewest changes, smallest error,
    then heaviest plates innermost (a fixed, reproducible order)."""
    fewest = min(tables.count(c) for c in combos)
    best: tuple[tuple[int, int, Stack], Combo] | None = None
    for n, combo in enumerate(combos):
        if not n & 255:
            check_deadline()
        if tables.count(combo) != fewest:
            continue
        loading = _follow(tables, combo, previous)
        key = (changes_between(previous, loading), error(combo), loading)
        if best is None or key < best[0]:
            best = (key, combo)
    assert best is not None
    return best[1], best[0][2]

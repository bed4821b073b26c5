"""The exact plate solver against a greedy solver and a dict lookup, in one process.

Inventory: a well stocked mixed gym, 30 pairs (kg plates, lb plates and kg micro plates).
Targets: random totals between 40 and 250 kg (half of them on a 0.5 kg grid, half on a
5 lb grid). Each scenario runs ``--calls`` times per repeat; reported are the medians over
``--repeats`` of each repeat's p50 and p99, in microseconds.

    python -m bench.plates_solve [--calls 2000] [--repeats 5]

"warm" means the per-inventory tables are cached (the normal case: one gym's inventory
serves every request); "cold" clears the caches before each call (first request for an
inventory, or a changed inventory).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from fractions import Fraction

from rich.console import Console
from rich.table import Table

from bench.common import median, percentile
from ironbase.gyms import plates as p
from ironbase.gyms.inventory.service import load_page

KG = [(25, 4), (20, 2), (15, 2), (10, 3), (5, 3), (2.5, 3), (1.25, 2)]
LB = [(45, 3), (25, 2), (10, 2)]
MICRO_KG = [(0.5, 2), (0.25, 2)]
BAR = p.Mass.kg(20)
COLLAR = p.Mass.kg(2.5)
TOLERANCE = p.DEFAULT_TOLERANCE


def inventory() -> list[p.InventoryItem]:
    items = [p.InventoryItem(p.Plate.kg(m), n) for m, n in KG + MICRO_KG]
    items += [p.InventoryItem(p.Plate.lb(m), n) for m, n in LB]
    assert sum(i.pairs for i in items) == 30
    return items


def targets(count: int, seed: int) -> list[p.Mass]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        if rng.random() < 0.5:
            out.append(p.Mass.kg(Fraction(rng.randint(80, 500), 2)))  # 40-250 kg by 0.5
        else:
            out.append(p.Mass.lb(rng.randint(18, 110) * 5))  # 90-550 lb by 5
    return out


def greedy(target: p.Mass, items: list[p.InventoryItem]) -> tuple[bool, list[p.Plate]]:
    """Heaviest first while it fits: the baseline that fails on limited inventories."""
    rest = (target.value - BAR.value - 2 * COLLAR.value) / 2
    ordered = sorted(items, key=lambda i: -i.plate.mass.value)
    chosen: list[p.Plate] = []
    for item in ordered:
        for _ in range(item.pairs):
            if item.plate.mass.value > rest + TOLERANCE.value / 2:
                break
            chosen.append(item.plate)
            rest -= item.plate.mass.value
    return abs(rest) <= TOLERANCE.value / 2, chosen


def lookup_table(items: list[p.InventoryItem]) -> dict[int, p.Loading]:
    """Every achievable total, by whole grams: the floor (one dict lookup per query)."""
    loads = p.achievable_loads(BAR, items, COLLAR, BAR, p.Mass.kg(260))
    return {x.total.to_grams(): x for x in loads}


def timed(
    run: Callable[[int], object], calls: int, before: Callable[[], None] | None
) -> list[float]:
    """Microseconds per call; ``before`` runs untimed before each call."""
    samples = []
    for i in range(calls):
        if before is not None:
            before()
        started = time.perf_counter_ns()
        run(i)
        samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def scenarios(
    items: list[p.InventoryItem], goals: list[p.Mass]
) -> dict[str, Callable[[int], object]]:
    table = lookup_table(items)
    loaded = [p.solve(t, BAR, items, COLLAR).per_side for t in goals]
    ladder_top = [t for t in goals if t >= p.Mass.kg(60)]

    def ladder(i: int) -> object:
        top = ladder_top[i % len(ladder_top)]
        steps = [p.Mass(BAR.value + (top.value - BAR.value) * k / 5) for k in range(1, 6)]
        return p.warmup_ladder(steps, BAR, items, COLLAR)

    return {
        "dict lookup (floor)": lambda i: table.get(goals[i % len(goals)].to_grams()),
        "greedy (baseline, inexact)": lambda i: greedy(goals[i % len(goals)], items),
        "solve": lambda i: p.solve(goals[i % len(goals)], BAR, items, COLLAR),
        "solve with previous": lambda i: p.solve(
            goals[i % len(goals)], BAR, items, COLLAR, previous=loaded[(i - 1) % len(goals)]
        ),
        "achievable loads 20-250 kg": lambda i: p.achievable_loads(
            BAR, items, COLLAR, BAR, p.Mass.kg(250)
        ),
        "warm-up ladder (5 steps)": ladder,
        "loads page of 50 (API listing)": lambda i: load_page(
            BAR, COLLAR, items, BAR, p.MAX_TARGET, 50, goals[i % len(goals)].value
        ),
    }


COLD = {"solve", "achievable loads 20-250 kg", "loads page of 50 (API listing)"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    items, goals = inventory(), targets(1000, seed=7)
    cases = scenarios(items, goals)
    results: dict[str, list[tuple[float, float]]] = {}
    for repeat in range(args.repeats):
        for name, run in cases.items():
            p.solve(goals[0], BAR, items, COLLAR)  # warm the inventory's tables
            samples = timed(run, args.calls, None)
            results.setdefault(name, []).append((percentile(samples, 50), percentile(samples, 99)))
            if name in COLD:
                cold = timed(run, max(args.calls // 10, 20), p.clear_caches)
                key = f"{name} (cold)"
                results.setdefault(key, []).append((percentile(cold, 50), percentile(cold, 99)))
        Console().print(f"repeat {repeat + 1}/{args.repeats} done")
    report(results, args)


def report(results: dict[str, list[tuple[float, float]]], args: argparse.Namespace) -> None:
    wrong = sum(1 for t in targets(1000, seed=7) if not _greedy_agrees(t))
    table = Table(title=f"plate solver, 30 pairs kg+lb+micro (medians of {args.repeats} repeats)")
    for column in ("", "p50 µs", "p99 µs", "p50 / greedy"):
        table.add_column(column, justify="right")
    base = median([r[0] for r in results["greedy (baseline, inexact)"]])
    for name, runs in results.items():
        p50, p99 = median([r[0] for r in runs]), median([r[1] for r in runs])
        table.add_row(name, f"{p50:,.1f}", f"{p99:,.1f}", f"{p50 / base:.1f}x")
    console = Console()
    console.print(table)
    console.print(
        f"greedy gives a different achievability than the exact solver on {wrong}/1000 targets"
    )


_ITEMS = inventory()


def _greedy_agrees(target: p.Mass) -> bool:
    return greedy(target, _ITEMS)[0] == p.solve(target, BAR, _ITEMS, COLLAR).achievable


if __name__ == "__main__":
    main()

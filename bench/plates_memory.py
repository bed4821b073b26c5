"""Process memory after a burst of distinct inventories through the plate solver.

Each inventory is a well stocked mixed gym (kg plates, 0.25 kg micro plates, lb plates)
plus one kg and one lb plate of a mass no other inventory has, so no two share cached
tables. For each: a solve, a 5-step warm-up ladder and one page of 50 achievable loads,
as the API does. Then the same with inventories as fine-grained as the bounds accept.
Reported: resident memory (RSS) before, after the burst, and what the caches hold.

    python -m bench.plates_memory [--inventories 500]
"""

from __future__ import annotations

import argparse
import gc
import os
from collections.abc import Callable
from fractions import Fraction

from rich.console import Console
from rich.table import Table

from ironbase.gyms import plates as p
from ironbase.gyms.inventory.service import load_page

BAR = p.Mass.kg(20)
KG = [(25, 4), (20, 2), (15, 2), (10, 3), (5, 3), (2.5, 3), (1.25, 2), (0.5, 2), (0.25, 2)]
LB = [(45, 3), (25, 2), (10, 2)]


def rss_mb() -> float:
    """Resident set size now (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def gym(i: int) -> list[p.InventoryItem]:
    items = [p.InventoryItem(p.Plate.kg(m), n) for m, n in KG]
    items += [p.InventoryItem(p.Plate.lb(m), n) for m, n in LB]
    items.append(p.InventoryItem(p.Plate.kg(Fraction(3000 + 5 * i, 1000)), 1))
    items.append(p.InventoryItem(p.Plate.lb(Fraction(7000 + 5 * i, 1000)), 1))
    return items


def fine(i: int) -> list[p.InventoryItem]:
    """Ten kg and ten lb plates, doubling from a unique base: 1,048,576 combinations."""
    base = Fraction(100 + i, 1000)
    kg = [p.InventoryItem(p.Plate.kg(base * 2**k), 1) for k in range(10)]
    return kg + [p.InventoryItem(p.Plate.lb(base * 2**k), 1) for k in range(10)]


def burst(make: Callable[[int], list[p.InventoryItem]], count: int) -> None:
    targets = [p.Mass.kg(x) for x in (40, 60, 80, 100, 120)]
    for i in range(count):
        items = make(i)
        with p.budget(p.SOLVE_BUDGET_SECONDS):
            p.solve(p.Mass.kg(100), BAR, items)
            p.warmup_ladder(targets, BAR, items)
            load_page(BAR, p.ZERO, items, BAR, p.MAX_TARGET, 50, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inventories", type=int, default=500)
    args = parser.parse_args()
    table = Table("burst", "inventories", "RSS before MB", "RSS after MB", "tables", "listings")
    for name, make in (("mixed gyms", gym), ("at the bounds", fine)):
        p.clear_caches()
        gc.collect()
        before = rss_mb()
        burst(make, args.inventories)
        gc.collect()
        after = rss_mb()
        tables, table_weight = p.TABLE_CACHE.stats()
        listings, loads = p.LOADS_CACHE.stats()
        table.add_row(
            name,
            str(args.inventories),
            f"{before:.0f}",
            f"{after:.0f}",
            f"{tables} ({table_weight:,} entries)",
            f"{listings} ({loads:,} loadings)",
        )
    Console().print(table)


if __name__ == "__main__":
    main()

"""The solver's work bounds, deadline and caches (pure; no database)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import pytest

from ironbase.gyms import plates as p
from ironbase.gyms.inventory.service import load_page
from ironbase.gyms.plates import tables

BAR = p.Mass.kg(20)


def powers_of_two(kg_kinds: int, lb_kinds: int, base: str = "0.001") -> list[p.InventoryItem]:
    """One pair each of base x 2^k kg and lb: every subset has its own sum."""
    step = Fraction(base)
    kg = [p.InventoryItem(p.Plate.kg(step * 2**k), 1) for k in range(kg_kinds)]
    lb = [p.InventoryItem(p.Plate.lb(step * 2**k), 1) for k in range(lb_kinds)]
    return kg + lb


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    p.clear_caches()
    yield
    p.clear_caches()


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the table-building steps (one per unit kind added): the heavy work."""
    calls: list[int] = []
    real = tables._add_kind

    def counted(*args: Any) -> dict[int, int]:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(tables, "_add_kind", counted)
    return calls


def test_the_34_power_of_two_plates_are_refused_before_any_table(built: list[int]) -> None:
    plates = powers_of_two(17, 17)
    targets = [BAR + p.Mass.grams(1000 * i) for i in range(20)]
    with pytest.raises(p.PlateInputError, match="fine-grained"):
        p.warmup_ladder(targets, BAR, plates)
    with pytest.raises(p.PlateInputError, match="fine-grained"):
        p.solve(targets[3], BAR, plates)
    with pytest.raises(p.PlateInputError, match="fine-grained"):
        p.achievable_loads(BAR, plates, p.ZERO, BAR, p.Mass.kg(100))
    assert built == []


def test_the_bound_is_on_kg_and_lb_combined(built: list[int]) -> None:
    """Each unit alone is small (2,048 sums); together they make 4 million combinations."""
    assert p.inventory_work(powers_of_two(11, 0)).combined == 2048
    assert p.inventory_work(powers_of_two(0, 11)).combined == 2048
    with pytest.raises(p.PlateInputError, match="kg and lb plates together"):
        p.solve(p.Mass.kg(21), BAR, powers_of_two(11, 11))
    assert built == []


def test_more_targets_need_a_smaller_inventory(built: list[int]) -> None:
    plates = powers_of_two(10, 10, "0.1")  # 1,048,576 combinations
    targets = [BAR + p.Mass.kg(i) for i in range(1, 21)]
    with pytest.raises(p.PlateInputError, match="too many targets"):
        p.warmup_ladder(targets, BAR, plates)
    assert built == []
    assert len(p.warmup_ladder(targets[:5], BAR, plates)) == 5


def test_the_deadline_stops_a_search_that_passed_the_bounds() -> None:
    plates = powers_of_two(10, 10, "0.1")
    with p.budget(-1.0), pytest.raises(p.SolverTimeout):
        p.solve(p.Mass.kg(50), BAR, plates)
    assert p.solve(p.Mass.kg(50), BAR, plates).achievable  # no budget: answers


def test_a_burst_of_distinct_inventories_leaves_a_bounded_cache() -> None:
    for i in range(200):
        plates = [
            p.InventoryItem(p.Plate.kg(20), 2),
            p.InventoryItem(p.Plate.kg(Fraction(1000 + i, 1000)), 3),
            p.InventoryItem(p.Plate.lb(Fraction(2500 + i, 1000)), 3),
        ]
        p.solve(p.Mass.kg(60), BAR, plates)
        p.achievable_loads(BAR, plates, p.ZERO, BAR, p.Mass.kg(30))
    entries, weight = p.TABLE_CACHE.stats()
    assert entries == p.TABLE_CACHE.max_entries == 64
    assert weight <= p.TABLE_CACHE.max_weight
    entries, weight = p.LOADS_CACHE.stats()
    assert entries == p.LOADS_CACHE.max_entries == 128
    assert weight <= p.LOADS_CACHE.max_weight


def test_the_cache_drops_the_least_recently_used_and_keeps_its_weight() -> None:
    cache: tables.BoundedCache[str, int] = tables.BoundedCache(3, 10)
    for key, weight in [("a", 4), ("b", 4), ("c", 1)]:
        cache.put(key, 0, weight)
    assert cache.get("a") == 0  # a is now the most recent
    cache.put("d", 0, 4)  # weight 13 > 10: b goes
    assert (cache.get("b"), cache.stats()) == (None, (3, 9))
    cache.put("huge", 0, 11)  # heavier than the whole cache: not kept
    assert cache.get("huge") is None


def test_a_dense_inventory_lists_a_page_without_building_every_total() -> None:
    """A million totals within 3 kg: a page narrows its window before listing."""
    plates = powers_of_two(10, 10)
    page, cursor = load_page(BAR, p.ZERO, plates, BAR, p.MAX_TARGET, 50, None)
    assert cursor is not None
    assert len(page) == 50
    expected = p.achievable_loads(BAR, plates, p.ZERO, BAR, page[-1].total)
    assert page == expected
    _, weight = p.LOADS_CACHE.stats()
    assert weight < 10_000  # listed loadings, all windows together

"""Solving for the API: the adapter between the endpoints and the pure solver (``plates``).

Exact masses in (Decimal -> ``plates.Mass``), rounded numbers out (the schemas), and every
search run off the event loop within the solver's budget. Everything the solver refuses
(a target below the bar, too many plates, ...) becomes a 422 problem here, so no bad input
reaches the client as a 500. The barbell calculator lives here; ``fixed.solving`` maps
dumbbells and machine stacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

import anyio

from ironbase.gyms import plates as p
from ironbase.gyms.inventory.schemas import (
    LoadingOut,
    PlateOut,
    PlateRef,
    SolveRequest,
    SolveResult,
    WarmupRequest,
    WarmupResult,
    WarmupStep,
)
from ironbase.kit.errors import InvalidInput, ProblemError
from ironbase.kit.units import MassUnit, number

T = TypeVar("T")


def mass_of(value: Decimal | int | Fraction, unit: MassUnit) -> p.Mass:
    return p.Mass.kg(value) if unit == "kg" else p.Mass.lb(value)


def plate_of(value: Decimal, unit: MassUnit) -> p.Plate:
    return p.Plate.kg(value) if unit == "kg" else p.Plate.lb(value)


def in_unit(mass: p.Mass, unit: MassUnit) -> int | float:
    return number(mass.in_unit(unit))


def guarded(solve: Callable[[], T], field: str = "body") -> T:
    """Run a solver call, turning its refusals into a 422 on ``field`` (the body by default)
    and a search that outran its budget into a 503."""
    try:
        return solve()
    except p.PlateInputError as exc:
        raise InvalidInput(field, str(exc)) from exc
    except p.SolverTimeout as exc:
        raise ProblemError(
            503,
            "The plate search took longer than this server allows "
            f"({p.SOLVE_BUDGET_SECONDS:g} s) and was stopped; try again later or with "
            "fewer targets or plate kinds.",
            kind="solver-timeout",
            title="Plate search timed out",
            headers={"Retry-After": "5"},
        ) from exc


def _budgeted(solve: Callable[[], T], field: str) -> T:
    with p.budget(p.SOLVE_BUDGET_SECONDS):
        return guarded(solve, field)


async def off_loop(solve: Callable[[], T], field: str = "body") -> T:
    """``guarded`` in a worker thread, within the solver's wall-clock budget. Inputs are
    counted against the solver's bounds before any search, so a solve is ~0.1 ms for a
    real gym and well under a second at the bounds; the event loop keeps serving
    meanwhile. Callers hold no database connection while this runs."""
    return await anyio.to_thread.run_sync(_budgeted, solve, field)


def _within_budget(solve: Callable[[], T]) -> T:
    with p.budget(p.SOLVE_BUDGET_SECONDS):
        return solve()


async def in_worker(solve: Callable[[], T]) -> T:
    """``solve`` in a worker thread within the solver's budget, its refusals
    (PlateInputError, SolverTimeout) left to the caller to answer."""
    return await anyio.to_thread.run_sync(_within_budget, solve)


def inventory(items: Iterable[tuple[Decimal, MassUnit, int]]) -> list[p.InventoryItem]:
    return [p.InventoryItem(plate_of(mass, unit), pairs) for mass, unit, pairs in items]


def plate_out(plate: p.Plate) -> PlateOut:
    return PlateOut(mass=number(plate.nominal), unit=plate.unit)


def loading_of(loading: p.Loading, unit: MassUnit) -> LoadingOut:
    return LoadingOut(
        total=in_unit(loading.total, unit), per_side=[plate_out(x) for x in loading.per_side]
    )


def loading_out(loading: p.Loading | None, unit: MassUnit) -> LoadingOut | None:
    return None if loading is None else loading_of(loading, unit)


def solution_out(solution: p.Solution, unit: MassUnit) -> SolveResult:
    return SolveResult(
        achievable=solution.achievable,
        total=in_unit(solution.total, unit),
        unit=unit,
        per_side=[plate_out(x) for x in solution.per_side],
        below=None if solution.achievable else loading_out(solution.below, unit),
        above=None if solution.achievable else loading_out(solution.above, unit),
    )


def _previous(items: Sequence[PlateRef | Decimal], unit: MassUnit) -> list[p.Plate]:
    return [
        plate_of(x.mass, x.unit or unit) if isinstance(x, PlateRef) else plate_of(x, unit)
        for x in items
    ]


def _body_inventory(body: SolveRequest | WarmupRequest, unit: MassUnit) -> list[p.InventoryItem]:
    return inventory((x.mass, x.unit or unit, x.pairs) for x in body.plates)


async def solve_body(body: SolveRequest, unit: MassUnit) -> SolveResult:
    def run() -> p.Solution:
        return p.solve(
            mass_of(body.target, unit),
            mass_of(body.bar, unit),
            _body_inventory(body, unit),
            collar=mass_of(body.collar, unit),
            previous=_previous(body.previous, unit),
        )

    return solution_out(await off_loop(run), unit)


async def warmup_body(body: WarmupRequest, unit: MassUnit) -> WarmupResult:
    def run() -> list[p.Solution]:
        return p.warmup_ladder(
            [mass_of(t, unit) for t in body.targets],
            mass_of(body.bar, unit),
            _body_inventory(body, unit),
            mass_of(body.collar, unit),
            previous=_previous(body.previous, unit),
        )

    steps = [_step(s, unit) for s in await off_loop(run)]
    return WarmupResult(unit=unit, steps=steps, total_changes=sum(s.changes for s in steps))


def _step(solution: p.Solution, unit: MassUnit) -> WarmupStep:
    out = solution_out(solution, unit)
    return WarmupStep(
        target=in_unit(solution.target, unit),
        achievable=out.achievable,
        total=out.total,
        per_side=out.per_side,
        below=out.below,
        above=out.above,
        changes=solution.changes,
    )


# --- planned barbell sets -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BarbellPlan:
    """What to load for one barbell exercise: a warm-up ladder up to its first working set
    (each kept step with the index of the warm-up weight it was asked as, as the loading of
    the rounded weight) and, per set, the plates for its weight (None where the weight is
    unknown, below the bar or past the solver)."""

    warmup: list[tuple[int, SolveResult]]
    sets: list[SolveResult | None]


def _rising(
    asked: Sequence[int], ladder: Sequence[p.Solution], working: p.Mass
) -> list[tuple[int, p.Solution]]:
    """The ladder's steps that climb: each loadable total above the one before and below
    the working weight (40 % of a light lift rounds to the bare bar, already a step)."""
    kept: list[tuple[int, p.Solution]] = []
    for index, step in zip(asked, ladder, strict=True):
        if step.total >= working or (kept and step.total <= kept[-1][1].total):
            continue
        kept.append((index, step))
    return kept


def barbell_plan(
    bar: p.Mass,
    collar: p.Mass,
    inventory: Sequence[p.InventoryItem],
    unit: MassUnit,
    weights: Sequence[p.Mass | None],
    warmups: Sequence[p.Mass],
) -> BarbellPlan:
    """Plates for each set (in order, each loading chosen for the fewest changes from the
    one before) and a warm-up ladder planned together with the first working set, so the
    bar goes from empty to working weight with the fewest plate changes. Warm-up weights
    come back rounded to what the inventory loads. Runs in a worker thread."""
    loadable = [w if w is not None and bar <= w <= p.MAX_TARGET else None for w in weights]
    first = next((w for w in loadable if w is not None), None)
    steps: list[tuple[int, p.Solution]] = []
    current: p.Solution | None = None
    if first is not None:
        asked = [i for i, target in enumerate(warmups) if bar <= target < first]
        ladder = p.warmup_ladder([*(warmups[i] for i in asked), first], bar, inventory, collar)
        current = ladder[-1]
        steps = _rising(asked, ladder[:-1], current.total)
    per_set: list[SolveResult | None] = []
    for weight in loadable:
        if weight is None:
            per_set.append(None)
            continue
        if current is None or current.target != weight:
            before = None if current is None else current.per_side
            current = p.solve(weight, bar, inventory, collar, previous=before)
        per_set.append(solution_out(current, unit))
    warmup = [(index, _loaded(step, unit)) for index, step in steps]
    return BarbellPlan(warmup, per_set)


def _loaded(step: p.Solution, unit: MassUnit) -> SolveResult:
    """A warm-up step as what it loads: its weight is the total the plates make."""
    per_side = [plate_out(x) for x in step.per_side]
    total = in_unit(step.total, unit)
    return SolveResult(
        achievable=True, total=total, unit=unit, per_side=per_side, below=None, above=None
    )

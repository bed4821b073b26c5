"""Between the API and the pure solver (``plates``): exact masses in, rounded numbers out.

Everything the solver refuses (a target below the bar, too many plates, ...) becomes a
422 problem here, so no bad input reaches the client as a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import TypeVar

import anyio

from ironbase.gyms import plates as p
from ironbase.gyms.plate_schemas import (
    DumbbellOut,
    DumbbellPick,
    LoadingOut,
    PlateOut,
    PlateRef,
    SolveRequest,
    SolveResult,
    StackPick,
    StackSettingOut,
    WarmupRequest,
    WarmupResult,
    WarmupStep,
)
from ironbase.kit.errors import InvalidInput, ProblemError
from ironbase.kit.units import MassUnit, from_grams, to_grams

T = TypeVar("T")
_PLACES = Decimal("0.001")


def mass_of(value: Decimal | int | Fraction, unit: MassUnit) -> p.Mass:
    return p.Mass.kg(value) if unit == "kg" else p.Mass.lb(value)


def plate_of(value: Decimal, unit: MassUnit) -> p.Plate:
    return p.Plate.kg(value) if unit == "kg" else p.Plate.lb(value)


def checked_grams(field: str, mass: Decimal, unit: MassUnit, low: int, high: int) -> int:
    """Whole grams of a labelled mass, or a 422 naming ``field`` when outside [low, high]."""
    grams = to_grams(mass, unit)
    if not low <= grams <= high:
        limit = f"between {from_grams(low, unit)} and {from_grams(high, unit)} {unit}"
        raise InvalidInput(field, f"The mass must be {limit}.")
    return grams


def number(value: Fraction | Decimal) -> int | float:
    """Three decimals, and an integer when it is one (100, not 100.0)."""
    value = Fraction(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(_PLACES, ROUND_HALF_EVEN)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


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


# --- fixed increments -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MachineStack:
    """A weight stack: pins at ``minimum + k x increment`` up to ``maximum``, plus the
    add-on weights that may top it (each usable once), keyed by mass to their labels."""

    increment: p.Mass
    minimum: p.Mass
    maximum: p.Mass
    add_ons: dict[p.Mass, p.Plate]

    def snap(self, target: p.Mass) -> p.StackChoice:
        return p.snap_to_stack(
            target, self.increment, self.minimum, self.maximum, list(self.add_ons)
        )


def _dumbbell(mass: p.Mass | None, unit: MassUnit) -> DumbbellOut | None:
    return None if mass is None else DumbbellOut(mass=in_unit(mass, unit), unit=unit)


def dumbbell_pick(choice: p.DumbbellChoice | None, unit: MassUnit) -> DumbbellPick:
    """``choice`` None: there was nothing to choose from."""
    if choice is None:
        return DumbbellPick(exact=False, chosen=None, below=None, above=None, unit=unit)
    return DumbbellPick(
        exact=choice.exact,
        chosen=_dumbbell(choice.chosen, unit),
        below=_dumbbell(choice.below, unit),
        above=_dumbbell(choice.above, unit),
        unit=unit,
    )


def _setting(setting: p.StackSetting, stack: MachineStack, unit: MassUnit) -> StackSettingOut:
    steps = (setting.pin.value - stack.minimum.value) / stack.increment.value
    return StackSettingOut(
        total=in_unit(setting.total, unit),
        pin=in_unit(setting.pin, unit),
        pin_number=int(steps) + 1,
        add_ons=[plate_out(stack.add_ons[m]) for m in setting.add_ons],
    )


def _maybe_setting(
    setting: p.StackSetting | None, stack: MachineStack, unit: MassUnit
) -> StackSettingOut | None:
    return None if setting is None else _setting(setting, stack, unit)


def stack_pick(choice: p.StackChoice, stack: MachineStack, unit: MassUnit) -> StackPick:
    return StackPick(
        exact=choice.exact,
        chosen=_setting(choice.chosen, stack, unit),
        below=_maybe_setting(choice.below, stack, unit),
        above=_maybe_setting(choice.above, stack, unit),
        unit=unit,
    )

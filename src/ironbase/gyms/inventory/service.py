"""A person's plates, miniweights and collars at a gym, and what they can load with them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import asyncpg

from ironbase.db.pg import Transactions, Tx
from ironbase.gyms import plates as p
from ironbase.gyms.equipment.repository import resolve_bar_types
from ironbase.gyms.inventory import cursors, solving
from ironbase.gyms.inventory import repository as repo
from ironbase.gyms.inventory.schemas import (
    BarOut,
    CollarEntry,
    CollarsUpdate,
    InventoryEntry,
    LoadPage,
    MiniweightsUpdate,
    PlatesUpdate,
    SolveRequest,
    SolveResult,
    WarmupRequest,
    WarmupResult,
)
from ironbase.gyms.service import caller_unit, is_member, require_gym, require_membership
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput
from ironbase.kit.pagination import PageCursor
from ironbase.kit.units import MassUnit, checked_grams, number
from ironbase.models.gyms import UserGymMiniweight, UserGymPlate

# The database's bounds (check constraints), asked first so that they answer 422, not 500.
MAX_PLATE_G = 100_000
MAX_MINIWEIGHT_G = 5_000
MAX_COLLAR_G = 10_000


def _items(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``InventoryItemOut`` documents."""
    return [{"mass": number(r["mass"]), "unit": r["unit"], "pairs": r["pairs"]} for r in rows]


def _stock_rows(
    field: str, entries: list[InventoryEntry], unit: MassUnit, max_g: int
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, Decimal]] = set()
    for index, entry in enumerate(entries):
        label = entry.unit or unit
        grams = checked_grams(f"{field}.{index}.mass", entry.mass, label, 1, max_g)
        if (label, entry.mass) in seen:
            raise InvalidInput(f"{field}.{index}", "This plate is listed twice.")
        seen.add((label, entry.mass))
        rows.append({"mass": entry.mass, "unit": label, "mass_g": grams, "pairs": entry.pairs})
    return rows


async def _check_total_pairs(
    tx: Tx, me: uuid.UUID, gym_id: uuid.UUID, field: str, pairs: int
) -> list[Mapping[str, Any]]:
    """Plates and miniweights together must stay within what the solver accepts.
    Returns the rows of the other kind (miniweights for plates and vice versa)."""
    other = UserGymMiniweight if field == "plates" else UserGymPlate
    rows = await repo.list_stock(tx, other, me, gym_id)
    if pairs + sum(r["pairs"] for r in rows) > p.MAX_TOTAL_PAIRS:
        message = f"At most {p.MAX_TOTAL_PAIRS} pairs of plates and miniweights together."
        raise InvalidInput(field, message)
    return rows


def _check_solvable(field: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store only what the solver can serve within its bounds (the loads and solve
    endpoints would refuse it at every request). Counting is cheap, a few ms at most:
    no table is built while the transaction is open."""
    inventory = solving.inventory((r["mass"], r["unit"], r["pairs"]) for r in rows)
    solving.guarded(lambda: p.inventory_work(inventory), field)


async def _replace(
    tx: Tx,
    caller: SignedIn,
    gym_id: uuid.UUID,
    field: str,
    entries: list[InventoryEntry],
) -> list[dict[str, Any]]:
    me = await require_membership(tx, caller, gym_id, lock=True)
    model: repo.Stock = UserGymPlate if field == "plates" else UserGymMiniweight
    max_g = MAX_PLATE_G if field == "plates" else MAX_MINIWEIGHT_G
    rows = _stock_rows(field, entries, await caller_unit(tx, caller), max_g)
    other = await _check_total_pairs(tx, me, gym_id, field, sum(r["pairs"] for r in rows))
    _check_solvable(field, [*rows, *other])
    await repo.replace_stock(tx, model, me, gym_id, rows)
    return _items(await repo.list_stock(tx, model, me, gym_id))


async def get_plates(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> dict[str, Any]:
    """``Plates``."""
    me = await require_membership(tx, caller, gym_id)
    return {"plates": _items(await repo.list_stock(tx, UserGymPlate, me, gym_id))}


async def put_plates(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: PlatesUpdate
) -> dict[str, Any]:
    return {"plates": await _replace(tx, caller, gym_id, "plates", body.plates)}


async def get_miniweights(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> dict[str, Any]:
    """``Miniweights``."""
    me = await require_membership(tx, caller, gym_id)
    rows = await repo.list_stock(tx, UserGymMiniweight, me, gym_id)
    return {"miniweights": _items(rows)}


async def put_miniweights(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: MiniweightsUpdate
) -> dict[str, Any]:
    items = await _replace(tx, caller, gym_id, "miniweights", body.miniweights)
    return {"miniweights": items}


def _collars(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``Collars``."""
    return {
        "items": [
            {"bar_type": r["bar_type"], "mass": number(r["mass"]), "unit": r["unit"]} for r in rows
        ]
    }


async def _collar_rows(tx: Tx, entries: list[CollarEntry], unit: MassUnit) -> list[dict[str, Any]]:
    """Every entry checked before anything is written: a bad one changes nothing."""
    found = await resolve_bar_types(tx, [e.bar_type for e in entries if e.bar_type])
    rows: list[dict[str, Any]] = []
    seen: set[uuid.UUID | None] = set()
    for index, entry in enumerate(entries):
        bar_type_id = None
        if entry.bar_type is not None:
            bar = found.get(entry.bar_type)
            if bar is None:
                raise InvalidInput(f"items.{index}.bar_type", "No such bar type in the catalog.")
            if not bar["loads_plates"]:
                raise InvalidInput(f"items.{index}.bar_type", "This bar does not take plates.")
            bar_type_id = bar["id"]
        if bar_type_id in seen:
            raise InvalidInput(f"items.{index}.bar_type", "This bar type is listed twice.")
        seen.add(bar_type_id)
        label = entry.unit or unit
        grams = checked_grams(f"items.{index}.mass", entry.mass, label, 0, MAX_COLLAR_G)
        rows.append(
            {"bar_type_id": bar_type_id, "mass": entry.mass, "unit": label, "mass_g": grams}
        )
    return rows


async def get_collars(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> dict[str, Any]:
    """None set means spring clips (0) on every bar."""
    me = await require_membership(tx, caller, gym_id)
    return _collars(await repo.list_collars(tx, me, gym_id))


async def put_collars(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: CollarsUpdate
) -> dict[str, Any]:
    me = await require_membership(tx, caller, gym_id, lock=True)
    rows = await _collar_rows(tx, body.items, await caller_unit(tx, caller))
    await repo.replace_collars(tx, me, gym_id, rows)
    return _collars(await repo.list_collars(tx, me, gym_id))


# --- loads ----------------------------------------------------------------------------


async def _bar(tx: Tx, gym_id: uuid.UUID, ref: str | None, unit: MassUnit) -> asyncpg.Record:
    bar = await (repo.bar_type(tx, ref) if ref else repo.gym_default_bar(tx, gym_id, unit))
    if bar is None and ref:
        raise InvalidInput("bar_type", "No such bar type in the catalog.")
    if bar is None:
        raise InvalidInput("bar_type", "This gym lists no bar that takes plates: name one.")
    if not bar["loads_plates"]:
        raise InvalidInput("bar_type", "This bar does not take plates.")
    return bar


async def _kit(
    tx: Tx, me: uuid.UUID, gym_id: uuid.UUID, bar_type_id: uuid.UUID
) -> tuple[list[p.InventoryItem], p.Mass]:
    """The person's plates and miniweights at the gym, and their collar for this bar
    (its own entry, else their any-bar one, else none)."""
    rows = await repo.list_stock(tx, UserGymPlate, me, gym_id)
    rows += await repo.list_stock(tx, UserGymMiniweight, me, gym_id)
    inventory = solving.inventory((r["mass"], r["unit"], r["pairs"]) for r in rows)
    collar = await repo.collar_for(tx, me, gym_id, bar_type_id)
    return inventory, (solving.mass_of(collar["mass"], collar["unit"]) if collar else p.ZERO)


@dataclass(frozen=True, slots=True)
class LoadingKit:
    """Everything a loads request (or a planned workout) computes with, read in one short
    transaction: the bar, the caller's plates and miniweights there, their collar."""

    unit: MassUnit
    bar_row: Mapping[str, Any]
    bar: p.Mass
    inventory: list[p.InventoryItem]
    collar: p.Mass


async def _loads_input(
    tx: Tx,
    caller: SignedIn,
    gym_id: uuid.UUID,
    unit: MassUnit | None,
    bar_type: str | None,
) -> LoadingKit:
    me = await require_membership(tx, caller, gym_id)
    unit = await caller_unit(tx, caller, unit)
    bar_row = await _bar(tx, gym_id, bar_type, unit)
    inventory, collar = await _kit(tx, me, gym_id, bar_row["id"])
    bar = solving.mass_of(bar_row["mass"], bar_row["unit"])
    return LoadingKit(unit, bar_row, bar, inventory, collar)


# Why a planner gets no kit at a gym that exists: not a member (so no iron of their own
# there), the gym lists no bar that takes plates, or they keep no plates there.
KitMissing = Literal["not_a_member", "no_bar", "no_plates"]


@dataclass(frozen=True, slots=True)
class GymIron:
    """The caller's iron at a gym for a planner: every plate-loading bar the gym lists
    (its default bar first), their plates and miniweights there, and their collars (by bar
    slug; None: the any-bar one). A ``LoadingKit`` per bar is made from it without reading
    again, so a plan on several bars costs the same statements as a plan on one."""

    unit: MassUnit
    bars: Sequence[Mapping[str, Any]]
    inventory: list[p.InventoryItem]
    collars: Mapping[str | None, p.Mass]

    @property
    def default_bar(self) -> Mapping[str, Any]:
        return self.bars[0]

    def bar_among(
        self, bar_type_ids: Sequence[uuid.UUID], *, any_bar: bool
    ) -> Mapping[str, Any] | None:
        """The first of these bar types the gym has; else its default bar when any bar will
        do, else none."""
        listed = {row["id"]: row for row in self.bars}
        found = next((listed[i] for i in bar_type_ids if i in listed), None)
        if found is None and any_bar:
            return self.default_bar
        return found

    def kit(self, bar_row: Mapping[str, Any]) -> LoadingKit:
        """On this bar, with the collar set for it, else the any-bar one, else none."""
        collar = self.collars.get(bar_row["slug"], self.collars.get(None, p.ZERO))
        bar = solving.mass_of(bar_row["mass"], bar_row["unit"])
        return LoadingKit(self.unit, bar_row, bar, self.inventory, collar)


async def gym_iron(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, unit: MassUnit
) -> GymIron | KitMissing:
    """The caller's iron at the gym, or why there is none: for a planner that goes on
    without plates rather than failing. 404 only for a gym that does not exist."""
    if not await is_member(tx, caller, gym_id):
        await require_gym(tx, gym_id)
        return "not_a_member"
    bars = await repo.gym_bars(tx, gym_id, unit)
    if not bars:
        return "no_bar"
    rows = await repo.list_stock(tx, UserGymPlate, caller.user_id, gym_id)
    rows += await repo.list_stock(tx, UserGymMiniweight, caller.user_id, gym_id)
    inventory = solving.inventory((r["mass"], r["unit"], r["pairs"]) for r in rows)
    if not any(item.pairs for item in inventory):
        return "no_plates"
    collars = {
        r["bar_type"]: solving.mass_of(r["mass"], r["unit"])
        for r in await repo.list_collars(tx, caller.user_id, gym_id)
    }
    return GymIron(unit, bars, inventory, collars)


def bar_out(kit: LoadingKit) -> BarOut:
    row = kit.bar_row
    return BarOut(slug=row["slug"], name=row["name"], mass=number(row["mass"]), unit=row["unit"])


def collar_out(kit: LoadingKit) -> int | float:
    """Each collar's mass in the kit's unit."""
    return solving.in_unit(kit.collar, kit.unit)


BarbellPlan = solving.BarbellPlan


@dataclass(frozen=True, slots=True)
class BarbellWork:
    """One barbell exercise to plan: the kit it is loaded with (its bar), each set's
    weight (None: not known) and the warm-up weights wanted before its first working set,
    all in grams."""

    kit: LoadingKit
    weights: Sequence[int | None]
    warmups: Sequence[Fraction]


PlanMissing = Literal["solver_timeout", "solver_refused"]


async def plan_barbell(work: Sequence[BarbellWork]) -> list[solving.BarbellPlan] | PlanMissing:
    """Plates for every set and a warm-up ladder per exercise, each on its own kit, in one
    worker thread within the solver's budget. Callers hold no database connection
    meanwhile. A search that outruns the budget answers why instead of failing: these
    plates are advice beside something already saved."""

    def run() -> list[solving.BarbellPlan]:
        return [
            solving.barbell_plan(
                one.kit.bar,
                one.kit.collar,
                one.kit.inventory,
                one.kit.unit,
                [None if g is None else p.Mass.grams(g) for g in one.weights],
                [p.Mass.grams(g) for g in one.warmups],
            )
            for one in work
        ]

    try:
        return await solving.in_worker(run)
    except p.SolverTimeout:
        return "solver_timeout"
    except p.PlateInputError:
        # Not expected (targets are kept within the bar and the solver's range, and a
        # stored inventory passed the solver's bounds), but never a failed request.
        return "solver_refused"


async def loads(
    transaction: Transactions,
    caller: SignedIn,
    gym_id: uuid.UUID,
    *,
    target: Decimal | None,
    unit: MassUnit | None,
    bar_type: str | None,
    low: Decimal | None,
    high: Decimal | None,
    limit: int,
    cursor: PageCursor,
) -> SolveResult | LoadPage:
    """Solve ``target`` with the caller's own iron there, or list what they can load.

    The inventory is read in a transaction of its own, which ends before the solver
    starts: a long search holds no pooled connection."""
    async with transaction() as tx:
        got = await _loads_input(tx, caller, gym_id, unit, bar_type)
    bar, inventory, collar = got.bar, got.inventory, got.collar
    if target is not None:
        wanted = solving.mass_of(target, got.unit)
        solution = await solving.off_loop(lambda: p.solve(wanted, bar, inventory, collar=collar))
        return solving.solution_out(solution, got.unit)
    lo = bar if low is None else solving.mass_of(low, got.unit)
    hi = _heaviest(bar, collar, inventory) if high is None else solving.mass_of(high, got.unit)
    after = cursors.exact_mass(cursor)
    items, last = await solving.off_loop(
        lambda: load_page(bar, collar, inventory, lo, hi, limit, after)
    )
    next_cursor = cursors.next_mass(cursor, last)
    return LoadPage(
        unit=got.unit,
        bar=bar_out(got),
        collar=solving.in_unit(collar, got.unit),
        items=[solving.loading_of(x, got.unit) for x in items],
        next_cursor=next_cursor,
    )


def _heaviest(bar: p.Mass, collar: p.Mass, inventory: list[p.InventoryItem]) -> p.Mass:
    """Everything on the bar, capped at what the solver accepts."""
    per_side = sum((item.plate.mass.value * item.pairs for item in inventory), Fraction(0))
    return min(bar + collar * 2 + p.Mass(per_side * 2), p.MAX_TARGET)


# A listing window is narrowed until it holds at most this many plate combinations
# (times the page size): a dense inventory can have a million totals within a few kg.
SCAN_PER_ITEM = 8
MIN_SCAN = 2_000


def _window_end(
    bar: p.Mass,
    collar: p.Mass,
    inventory: list[p.InventoryItem],
    start: p.Mass,
    end: p.Mass,
    most: int,
) -> p.Mass:
    """``end``, or a nearer one, so that [start, end] holds at most ``most``
    combinations (counted, not built) unless a single gram already holds more."""
    while end - start > p.Mass.grams(1):
        if p.count_loads(bar, inventory, collar, start, end) <= most:
            return end
        end = start + p.Mass((end - start).value / 4)
    return end


def load_page(
    bar: p.Mass,
    collar: p.Mass,
    inventory: list[p.InventoryItem],
    low: p.Mass,
    high: p.Mass,
    limit: int,
    after: Fraction | None,
) -> tuple[list[p.Loading], Fraction | None]:
    """One page of achievable loads above the exact total ``after`` (grams), and the total
    that the next page starts after (None: this is the last page).

    Listing costs about 15 µs per distinct total, and a mixed kg/lb gym has ~30 totals
    per kg: a whole 20-250 kg range is ~8,000 of them (110 ms). So a page looks only as
    far ahead as it needs, doubling a window that starts at 5 kg, and narrows a window
    that would hold too many combinations (counted first) before building any.
    Runs in a worker thread (``solving.off_loop``): refusals are PlateInputError.
    """
    start = low if after is None else max(low, p.Mass(after))
    most = max(SCAN_PER_ITEM * limit, MIN_SCAN)
    width = p.Mass.kg(5)
    found: list[p.Loading] = []
    floor = after  # totals up to here are listed already (exclusive bound)
    while True:
        end = _window_end(bar, collar, inventory, start, min(start + width, high), most)
        chunk = p.achievable_loads(bar, inventory, collar, start, end)
        found += [x for x in chunk if floor is None or x.total.value > floor]
        if len(found) > limit or end >= high:
            break
        # The next window starts where this one ended: every round moves forward.
        floor, width, start = end.value, (end - start) * 2, end
    page = found[:limit]
    more = len(found) > limit
    return page, (page[-1].total.value if more else None)


# --- the calculator (no inventory stored) ---------------------------------------------


async def _unit(transaction: Transactions, caller: SignedIn, unit: MassUnit | None) -> MassUnit:
    """The body's unit, else the caller's (read in a short transaction of its own)."""
    if unit is not None:
        return unit
    async with transaction() as tx:
        return await caller_unit(tx, caller)


async def solve(transaction: Transactions, caller: SignedIn, body: SolveRequest) -> SolveResult:
    return await solving.solve_body(body, await _unit(transaction, caller, body.unit))


async def warmup(transaction: Transactions, caller: SignedIn, body: WarmupRequest) -> WarmupResult:
    return await solving.warmup_body(body, await _unit(transaction, caller, body.unit))

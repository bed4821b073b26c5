"""Fixed increments at a gym: the dumbbell to take, and where to pin a machine's stack.

Both answer only a member of the gym (404 otherwise, like the rest of /me/gyms): the
stack is topped with the member's own miniweights there.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ironbase.db.pg import Transactions, Tx
from ironbase.gyms import plates as p
from ironbase.gyms.equipment import repository as equipment_repo
from ironbase.gyms.fixed.schemas import DumbbellPick, StackPick
from ironbase.gyms.fixed.solving import MachineStack, dumbbell_pick, stack_pick
from ironbase.gyms.inventory import repository as inventory
from ironbase.gyms.inventory.solving import mass_of, off_loop, plate_of
from ironbase.gyms.service import caller_unit, require_membership
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.units import MassUnit, checked_grams
from ironbase.models.gyms import UserGymMiniweight

MAX_TARGET_G = p.MAX_TARGET.to_grams()
# What a catalog slug looks like; anything else (and not a uuid) names no equipment.
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _target(target: Decimal, unit: MassUnit) -> p.Mass:
    """The target as an exact mass; 422 outside what the solver accepts (0 < t <= 1000 kg)."""
    checked_grams("target", target, unit, 1, MAX_TARGET_G)
    return mass_of(target, unit)


async def dumbbells(
    transaction: Transactions,
    caller: SignedIn,
    gym_id: uuid.UUID,
    *,
    target: Decimal,
    unit: MassUnit | None,
) -> DumbbellPick:
    """The gym's dumbbell matching ``target`` (per dumbbell), else its neighbours.
    The rack is read in a short transaction that ends before the pick is computed."""
    async with transaction() as tx:
        await require_membership(tx, caller, gym_id)
        unit = await caller_unit(tx, caller, unit)
        wanted = _target(target, unit)
        rows = await equipment_repo.gym_dumbbells(tx, gym_id)
    rack = [mass_of(row["mass"], row["unit"]) for row in rows]
    if not rack:
        return dumbbell_pick(None, unit)
    choice = await off_loop(lambda: p.pick_dumbbell(wanted, rack), "target")
    return dumbbell_pick(choice, unit)


def _stack_of(row: Mapping[str, Any], add_ons: dict[p.Mass, p.Plate]) -> MachineStack:
    """Pins every ``increment`` (the gym's own, else the catalog's) from the base weight
    (else one increment) up to the last whole step within the catalog's maximum."""
    increment = row["stack_increment_g"] or row["increment_g"]
    if increment is None or row["stack_max_g"] is None:
        raise InvalidInput(
            "equipment",
            "This equipment has no weight stack to snap to: the catalog gives no "
            "stack increment or no stack maximum for it.",
        )
    minimum = row["base_weight_g"] or increment
    top = min(row["stack_max_g"], MAX_TARGET_G)
    if top < minimum:
        raise InvalidInput(
            "equipment",
            "This equipment's stack data are inconsistent: its maximum is below "
            "its lightest setting.",
        )
    maximum = minimum + (top - minimum) // increment * increment
    return MachineStack(
        increment=p.Mass.grams(increment),
        minimum=p.Mass.grams(minimum),
        maximum=p.Mass.grams(maximum),
        add_ons=add_ons,
    )


async def _add_ons(tx: Tx, me: uuid.UUID, gym_id: uuid.UUID) -> dict[p.Mass, p.Plate]:
    """The caller's miniweights at the gym, one of each kind, the lightest first and at
    most as many kinds as the solver combines (p.MAX_MICRO_WEIGHTS)."""
    rows = await inventory.list_stock(tx, UserGymMiniweight, me, gym_id)
    plates = sorted((plate_of(row["mass"], row["unit"]) for row in rows), key=lambda x: x.mass)
    add_ons: dict[p.Mass, p.Plate] = {}
    for plate in plates:
        if len(add_ons) == p.MAX_MICRO_WEIGHTS:
            break
        add_ons.setdefault(plate.mass, plate)
    return add_ons


async def machine(
    transaction: Transactions,
    caller: SignedIn,
    gym_id: uuid.UUID,
    equipment: str,
    *,
    target: Decimal,
    unit: MassUnit | None,
) -> StackPick:
    """Snap ``target`` to the stack of a machine the gym has, topped with miniweights.
    Everything is read in a short transaction that ends before the snap is computed."""
    async with transaction() as tx:
        me = await require_membership(tx, caller, gym_id)
        unit = await caller_unit(tx, caller, unit)
        wanted = _target(target, unit)
        row = None
        if _SLUG.fullmatch(equipment) or _is_uuid(equipment):
            row = await equipment_repo.gym_machine(tx, gym_id, equipment)
        if row is None:
            raise NotFound("This equipment at this gym")
        stack = _stack_of(row, await _add_ons(tx, me, gym_id))
    choice = await off_loop(lambda: stack.snap(wanted), "target")
    return stack_pick(choice, stack, unit)


@dataclass(frozen=True, slots=True)
class FixedKit:
    """What a member plans with at a gym besides plates: the gym's equipment (by id), the
    machines among it whose stacks can be snapped to (topped with the member's
    miniweights there) and the dumbbell rack, lightest first. For the program generator."""

    equipment_ids: tuple[uuid.UUID, ...]
    stacks: tuple[tuple[uuid.UUID, MachineStack], ...]
    dumbbells: tuple[p.Mass, ...]


def _usable_stack(row: Mapping[str, Any], add_ons: dict[p.Mass, p.Plate]) -> MachineStack | None:
    try:
        return _stack_of(row, add_ons)
    except InvalidInput:
        return None  # no stack data, or inconsistent: the machine is used without a load


async def fixed_kit(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> FixedKit:
    """Three statements whatever the gym's size. The caller must be a member (404)."""
    me = await require_membership(tx, caller, gym_id)
    rows = await equipment_repo.gym_equipment_stacks(tx, gym_id)
    add_ons = await _add_ons(tx, me, gym_id)
    rack = await equipment_repo.gym_dumbbells(tx, gym_id)
    stacks = []
    for row in rows:
        stack = _usable_stack(row, add_ons)
        if stack is not None:
            stacks.append((row["equipment_id"], stack))
    masses = sorted(
        {mass_of(r["mass"], r["unit"]) for r in rack if r["pairs"]}, key=lambda m: m.value
    )
    return FixedKit(tuple(r["equipment_id"] for r in rows), tuple(stacks), tuple(masses))


def _is_uuid(ref: str) -> bool:
    try:
        uuid.UUID(ref)
    except ValueError:
        return False
    return True

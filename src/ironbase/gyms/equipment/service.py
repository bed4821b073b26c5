"""What a gym has: replacing it (gym admins and staff). The gym page shows it
(``gyms.service.get_gym``)."""

from __future__ import annotations

import uuid
from typing import Any

from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.gyms.equipment import repository as repo
from ironbase.gyms.equipment.schemas import (
    BarTypeEntry,
    DumbbellEntry,
    EquipmentEntry,
    GymEquipmentUpdate,
)
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput
from ironbase.kit.units import MassUnit, checked_grams

# The database's own bounds (check constraints), asked here so they answer 422, not 500.
MAX_INCREMENT_G = 100_000
MAX_DUMBBELL_G = 200_000


def _no_repeats(field: str, keys: list[Any]) -> None:
    seen: set[Any] = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise InvalidInput(f"{field}.{index}", "This item is listed twice.")
        seen.add(key)


async def _equipment_rows(
    tx: Tx, entries: list[EquipmentEntry], unit: MassUnit
) -> list[dict[str, Any]]:
    found = await repo.resolve_equipment(tx, [e.equipment for e in entries])
    rows: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        match = found.get(entry.equipment)
        if match is None:
            raise InvalidInput(f"equipment.{index}.equipment", "No such equipment in the catalog.")
        equipment_id, retired = match
        if retired:
            raise InvalidInput(f"equipment.{index}.equipment", "This equipment is retired.")
        increment_g = None
        if entry.stack_increment is not None:
            field = f"equipment.{index}.stack_increment"
            increment_g = checked_grams(field, entry.stack_increment, unit, 1, MAX_INCREMENT_G)
        row = {"equipment_id": equipment_id, "quantity": entry.quantity}
        rows.append({**row, "stack_increment_g": increment_g})
    _no_repeats("equipment", [row["equipment_id"] for row in rows])
    return rows


async def _bar_rows(tx: Tx, entries: list[BarTypeEntry]) -> list[dict[str, Any]]:
    found = await repo.resolve_bar_types(tx, [e.bar_type for e in entries])
    rows: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        match = found.get(entry.bar_type)
        if match is None:
            raise InvalidInput(f"bar_types.{index}.bar_type", "No such bar type in the catalog.")
        rows.append({"bar_type_id": match["id"], "quantity": entry.quantity})
    _no_repeats("bar_types", [row["bar_type_id"] for row in rows])
    return rows


def _dumbbell_rows(entries: list[DumbbellEntry], unit: MassUnit) -> list[dict[str, Any]]:
    rows = []
    for index, entry in enumerate(entries):
        label = entry.unit or unit
        grams = checked_grams(f"dumbbells.{index}.mass", entry.mass, label, 1, MAX_DUMBBELL_G)
        rows.append({"mass": entry.mass, "unit": label, "mass_g": grams, "pairs": entry.pairs})
    _no_repeats("dumbbells", [(row["unit"], row["mass"]) for row in rows])
    return rows


async def replace_equipment(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: GymEquipmentUpdate
) -> dict[str, Any]:
    """Validate everything first, then swap the lists: a bad entry changes nothing.
    Answers the gym page (``GymDetail``)."""
    await gyms.require_gym_role(tx, caller, gym_id, {"admin", "staff"})
    unit = await gyms.caller_unit(tx, caller, body.unit)
    equipment = await _equipment_rows(tx, body.equipment, unit)
    bars = await _bar_rows(tx, body.bar_types)
    dumbbells = _dumbbell_rows(body.dumbbells, unit)
    await repo.replace_equipment(tx, gym_id, equipment, bars, dumbbells)
    return await gyms.get_gym(tx, caller, gym_id)

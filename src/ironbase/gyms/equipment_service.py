"""What a gym has: reading it for the gym page, and replacing it (gym admins and staff)."""

from __future__ import annotations

import uuid
from typing import Any

from ironbase.db.pg import Tx
from ironbase.gyms import equipment_repository as repo
from ironbase.gyms.schemas import (
    BarTypeEntry,
    DumbbellEntry,
    EquipmentEntry,
    GymEquipmentUpdate,
)
from ironbase.gyms.solver import checked_grams, number
from ironbase.kit.errors import InvalidInput
from ironbase.kit.units import MassUnit, from_grams

# The database's own bounds (check constraints), asked here so they answer 422, not 500.
MAX_INCREMENT_G = 100_000
MAX_DUMBBELL_G = 200_000


async def gym_contents(
    tx: Tx, gym_id: uuid.UUID, unit: MassUnit
) -> dict[str, list[dict[str, Any]]]:
    """Equipment (stack increments in ``unit``), bar types and dumbbells as labelled:
    the ``GymEquipmentItem``, ``GymBarTypeItem`` and ``Dumbbell`` lists of ``GymDetail``."""
    equipment = [
        {
            "equipment_id": row["equipment_id"],
            "slug": row["slug"],
            "name": row["name"],
            "category": row["category"],
            "load_type": row["load_type"],
            "quantity": row["quantity"],
            "stack_increment": _in_unit(row["stack_increment_g"], unit),
        }
        for row in await repo.gym_equipment(tx, gym_id)
    ]
    bars = [
        {
            "bar_type_id": row["id"],
            "slug": row["slug"],
            "name": row["name"],
            "mass": number(row["mass"]),
            "unit": row["unit"],
            "loads_plates": row["loads_plates"],
            "quantity": row["quantity"],
        }
        for row in await repo.gym_bar_types(tx, gym_id)
    ]
    dumbbells = [
        {"mass": number(row["mass"]), "unit": row["unit"], "pairs": row["pairs"]}
        for row in await repo.gym_dumbbells(tx, gym_id)
    ]
    return {"equipment": equipment, "bar_types": bars, "dumbbells": dumbbells}


def _in_unit(grams: int | None, unit: MassUnit) -> int | float | None:
    return None if grams is None else number(from_grams(grams, unit))


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


async def replace(tx: Tx, gym_id: uuid.UUID, body: GymEquipmentUpdate, unit: MassUnit) -> None:
    """Validate everything first, then swap the lists: a bad entry changes nothing."""
    equipment = await _equipment_rows(tx, body.equipment, unit)
    bars = await _bar_rows(tx, body.bar_types)
    dumbbells = _dumbbell_rows(body.dumbbells, unit)
    await repo.replace_equipment(tx, gym_id, equipment, bars, dumbbells)

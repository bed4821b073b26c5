"""Generator inputs built from the catalog files the package ships, without a database:
for the property tests, the benchmark and anyone who wants to try the generator.

The catalog is read once (``shipped_catalog``); the gyms are typical kits: a well-equipped
commercial gym, a garage gym (rack, barbell, plates, adjustable bench, a few dumbbells) and
nothing but bodyweight. A lb-plate variant exercises the exact kg/lb arithmetic.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from ironbase.gyms.plates import InventoryItem, Mass, Plate, Unit
from ironbase.programs.generator import model

# The load types whose exercises are plates on a bar, and those where any long bar can
# stand in for the named one (as the catalog service decides for the training log).
PLATES_ON_A_BAR = frozenset({"barbell", "trap_bar", "ez_bar", "smith_machine"})
ANY_BAR_WILL_DO = frozenset({"barbell", "trap_bar"})
BODYWEIGHT = "bodyweight"


def _data(name: str) -> Any:
    return json.loads(resources.files("ironbase.catalog").joinpath("data", name).read_text())


@cache
def _equipment() -> Mapping[str, Mapping[str, Any]]:
    return {row["slug"]: row for row in _data("equipment.json")}


@cache
def _bar_types() -> Mapping[str, Mapping[str, Any]]:
    return {row["slug"]: row for row in _data("bar_types.json")}


def equipment_id(slug: str) -> uuid.UUID:
    return uuid.UUID(_equipment()[slug]["id"])


def _exercise(row: Mapping[str, Any]) -> model.CatalogExercise:
    equipment = [_equipment()[slug] for slug in row["equipment"]]
    bars: tuple[uuid.UUID, ...] | None = None
    if row["load_type"] in PLATES_ON_A_BAR:
        bars = tuple(
            uuid.UUID(_bar_types()[e["bar_type"]]["id"]) for e in equipment if e["bar_type"]
        )
    ai = row["ai"]
    return model.CatalogExercise(
        id=uuid.UUID(row["id"]),
        slug=row["slug"],
        primary_muscle=row["primary_muscle"],
        secondary_muscles=tuple(row["secondary_muscles"]),
        movement_pattern=row["movement_pattern"],
        load_type=row["load_type"],
        is_compound=row["is_compound"],
        is_unilateral=row["is_unilateral"],
        skill_level=ai["skill_level"],
        rep_min=ai["rep_range"][0],
        rep_max=ai["rep_range"][1],
        equipment_ids=frozenset(uuid.UUID(e["id"]) for e in equipment),
        bar_type_ids=bars,
        any_bar=row["load_type"] in ANY_BAR_WILL_DO,
    )


@cache
def shipped_catalog() -> tuple[model.CatalogExercise, ...]:
    """Every shipped exercise tracked in repetitions, sorted by id."""
    rows = [row for row in _data("exercises.json") if row["ai"]["rep_unit"] == "reps"]
    return tuple(sorted((_exercise(row) for row in rows), key=lambda x: x.id))


def _bar(slug: str, collar: Mass) -> model.Bar:
    row = _bar_types()[slug]
    mass = Mass.grams(row["mass_g"]) if row["unit"] == "kg" else Mass.lb(row["mass"])
    return model.Bar(uuid.UUID(row["id"]), slug, mass, collar)


def _stack(slug: str) -> model.Stack:
    profile = _equipment()[slug]["profile"]
    increment = Mass.grams(profile["increment_g"])
    minimum = Mass.grams(profile["base_weight_g"] or profile["increment_g"])
    top = profile["stack_max_g"]
    steps = (top - minimum.to_grams()) // profile["increment_g"]
    maximum = minimum + increment * steps
    return model.Stack(equipment_id(slug), increment, minimum, maximum, (Mass.kg("1.25"),))


def _kg_plates(pairs: Mapping[str, int]) -> tuple[InventoryItem, ...]:
    return tuple(InventoryItem(Plate.kg(mass), n) for mass, n in pairs.items())


def _kit(
    slugs: Iterable[str],
    bars: tuple[model.Bar, ...],
    plates: tuple[InventoryItem, ...],
    dumbbells: Iterable[Mass],
    unit: Unit = "kg",
) -> model.GymKit:
    slugs = sorted({*slugs, BODYWEIGHT})
    stacks = tuple(
        _stack(slug)
        for slug in sorted(slugs, key=lambda s: _equipment()[s]["id"])
        if (_equipment()[slug]["profile"] or {}).get("stack_max_g")
        and (_equipment()[slug]["profile"] or {}).get("increment_g")
    )
    return model.GymKit(
        gym_id=None,
        unit=unit,
        equipment_ids=frozenset(equipment_id(s) for s in slugs),
        bars=bars,
        plates=plates,
        dumbbells=tuple(sorted(set(dumbbells), key=lambda m: m.value)),
        stacks=stacks,
    )


def _rack() -> list[Mass]:
    weights = _equipment()["dumbbell"]["profile"]["fixed_weights_g"]
    return [Mass.grams(g) for g in weights]


COLLAR = Mass.kg("2.5")
FULL_PLATES = {"25": 4, "20": 4, "15": 2, "10": 2, "5": 2, "2.5": 2, "1.25": 2, "0.5": 1}


def well_equipped_gym() -> model.GymKit:
    """Every piece of catalog equipment except cardio machines, Olympic and specialty
    bars, a full set of kg plates with fractional plates, and a 2-50 kg dumbbell rack."""
    slugs = [s for s, row in _equipment().items() if row["category"] != "cardio"]
    bars = tuple(
        _bar(slug, COLLAR)
        for slug in ("olympic_20kg", "womens_olympic_15kg", "ez_curl", "trap_hex", "smith_machine")
    )
    return _kit(slugs, bars, _kg_plates(FULL_PLATES), _rack())


def garage_gym() -> model.GymKit:
    """A power rack, an Olympic bar, an adjustable bench, a few pairs of plates and
    three dumbbells; no machines."""
    slugs = ["power_rack", "olympic_barbell", "flat_bench", "adjustable_bench", "dumbbell"]
    bars = (_bar("olympic_20kg", Mass.zero()),)
    plates = _kg_plates({"20": 2, "10": 2, "5": 2, "2.5": 2})
    return _kit(slugs, bars, plates, [Mass.kg(10), Mass.kg(15), Mass.kg(20)])


def lb_gym() -> model.GymKit:
    """A 45 lb bar and lb plates with a pair of 1.25 kg micro-plates: mixed units."""
    slugs = ["power_rack", "standard_barbell_45lb", "flat_bench", "dumbbell", "cable_machine"]
    bars = (_bar("standard_45lb", Mass.zero()),)
    plates = (
        InventoryItem(Plate.lb(45), 4),
        InventoryItem(Plate.lb(25), 2),
        InventoryItem(Plate.lb(10), 2),
        InventoryItem(Plate.lb(5), 2),
        InventoryItem(Plate.lb("2.5"), 2),
        InventoryItem(Plate.kg("1.25"), 1),
    )
    return _kit(slugs, bars, plates, [Mass.lb(x) for x in range(10, 105, 5)], unit="lb")


def bodyweight_only() -> model.GymKit:
    return _kit([], (), (), [])


def request(**changes: Any) -> model.Request:
    """A typical request (12 weeks, hypertrophy, intermediate, 4 days, 60 minutes),
    with any field replaced."""
    values: dict[str, Any] = {
        "weeks": 12,
        "goal": model.TrainingGoal.hypertrophy,
        "experience": model.ExperienceLevel.intermediate,
        "days_per_week": 4,
        "weekdays": (1, 2, 4, 5),
        "session_minutes": 60,
        "focus_muscles": (),
        "excluded_exercises": frozenset(),
        "excluded_equipment": frozenset(),
        "excluded_patterns": frozenset(),
        "seed": 1,
    }
    values.update(changes)
    return model.Request(**values)


def strengths(e1rm_kg: Mapping[str, int | str]) -> tuple[model.Strength, ...]:
    """e1RMs by exercise slug (kg), as the log would give them, sorted by exercise id."""
    by_slug = {x.slug: x.id for x in shipped_catalog()}
    rows = [
        model.Strength(by_slug[slug], Decimal(kg) * 1000, "epley", "e1rm-formulas/1")
        for slug, kg in e1rm_kg.items()
    ]
    return tuple(sorted(rows, key=lambda x: x.exercise_id))


TYPICAL_E1RM_KG: Mapping[str, int] = {
    "barbell_back_squat": 140,
    "barbell_bench_press": 100,
    "barbell_deadlift": 180,
    "overhead_press": 60,
    "barbell_row": 90,
}


def inputs(
    gym: model.GymKit | None = None,
    *,
    e1rm_kg: Mapping[str, int | str] | None = None,
    body_weight_g: int | None = 80_000,
    **changes: Any,
) -> model.Inputs:
    """A whole ``Inputs``: the well-equipped gym, the typical lifter's e1RMs and the
    typical request unless told otherwise."""
    return model.Inputs(
        request=request(**changes),
        gym=gym or well_equipped_gym(),
        catalog=shipped_catalog(),
        strengths=strengths(TYPICAL_E1RM_KG if e1rm_kg is None else e1rm_kg),
        body_weight_g=body_weight_g,
    )

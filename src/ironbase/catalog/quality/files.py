"""Consistency checks for the catalog JSON files in ``catalog/data``, run by the test suite
(``tests/catalog/test_data_files.py``) and so by CI.

Pure Python on purpose (no database, no third-party imports) so it can run by hand before
a data change is committed::

    python -c "from ironbase.catalog.quality.files import *; print(validate(load_catalog()))"

``validate`` never raises on bad data; it returns one human-readable line per problem,
and an empty list means the catalog is consistent.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from ironbase.kit.locales import SUPPORTED_LOCALES

__all__ = [
    "CATALOG_NAMESPACE",
    "Catalog",
    "catalog_id",
    "load_catalog",
    "normalise_name",
    "validate",
]

Record = dict[str, Any]

CATALOG_NAMESPACE = uuid.UUID("6f1c1f0e-2b7a-4c39-9d7e-1b0c6a2f5e11")
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The muscle_group Postgres enum: the data must match it exactly.
MUSCLE_GROUPS: tuple[str, ...] = (
    "chest", "lats", "upper_back", "lower_back", "traps", "front_delts", "side_delts",
    "rear_delts", "biceps", "triceps", "forearms", "abs", "obliques", "quads", "hamstrings",
    "glutes", "adductors", "abductors", "calves", "neck", "hip_flexors", "full_body",
)  # fmt: skip
EQUIPMENT_CATEGORIES = frozenset(
    {"free_weight", "bar", "machine", "cable_attachment", "bench_rack",
     "bodyweight_station", "band", "cardio", "accessory", "plate"}
)  # fmt: skip
GRIP_ORIENTATIONS = frozenset({"pronated", "supinated", "neutral", "mixed", "hook", "none"})
GRIP_WIDTHS = frozenset({"close", "shoulder", "wide", "none"})
HANDLE_ORIENTATIONS = frozenset({"pronated", "supinated", "neutral", "rotating", "none"})
BAR_UNITS = {"kg": 1000.0, "lb": 453.59237}
SKILL_LEVELS = frozenset({"beginner", "intermediate", "advanced"})
CONTRAINDICATIONS = frozenset(
    {"shoulder_overhead", "spinal_loading", "spinal_flexion", "knee_flexion_deep",
     "wrist_extension", "elbow_stress", "hip_impingement", "high_impact",
     "grip_intensive", "balance"}
)  # fmt: skip
# rep_range is in repetitions unless ai.rep_unit says seconds (holds, cardio) or meters
# (carries, sleds); the bounds are what a sane prescription can look like.
REP_LIMITS: Mapping[str, tuple[int, int]] = {
    "reps": (1, 100),
    "seconds": (5, 3600),
    "meters": (5, 5000),
}
# The Hooper index items a readiness check-in sums (TRAINING_SCIENCE.md, Readiness).
HOOPER_ITEMS: tuple[str, ...] = ("sleep", "fatigue", "stress", "soreness")
HOOPER_SCALE = (1, 7)
PROFILE_KEYS = ("adjustable", "increment_g", "fixed_weights_g", "base_weight_g", "stack_max_g")

# Slugs that importers and the API rely on.
CANONICAL_EXERCISES: tuple[str, ...] = (
    "barbell_bench_press", "barbell_back_squat", "barbell_deadlift", "overhead_press",
    "romanian_deadlift", "barbell_row", "pull_up", "chin_up", "dip", "front_squat",
    "bulgarian_split_squat", "hip_thrust", "lat_pulldown", "dumbbell_bench_press",
    "incline_barbell_bench_press", "leg_press", "dumbbell_curl", "barbell_curl",
    "tricep_pushdown", "lateral_raise", "face_pull", "sumo_deadlift", "power_clean", "plank",
    "push_up", "hanging_leg_raise", "standing_calf_raise", "seated_calf_raise",
    "leg_extension", "lying_leg_curl", "goblet_squat", "kettlebell_swing", "farmers_walk",
    "good_morning", "hack_squat", "seated_cable_row", "t_bar_row", "skull_crusher",
    "hammer_curl", "preacher_curl", "close_grip_bench_press",
)  # fmt: skip

MIN_EXERCISES = 500
MIN_EQUIPMENT = 200
MIN_BAR_TYPES = 10
MIN_PRIMARY_PER_MUSCLE = 3
MIN_EQUIPMENT_USED = 0.9

_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

# attribute name, file stem, kind used in the id rule
_FILES: tuple[tuple[str, str, str], ...] = (
    ("body_parts", "body_parts", "body_part"),
    ("life_categories", "life_categories", "life_category"),
    ("muscle_groups", "muscle_groups", "muscle_group"),
    ("movement_patterns", "movement_patterns", "movement_pattern"),
    ("load_types", "load_types", "load_type"),
    ("grips", "grips", "grip"),
    ("bar_types", "bar_types", "bar_type"),
    ("equipment", "equipment", "equipment"),
    ("exercises", "exercises", "exercise"),
)


@dataclass(frozen=True)
class Catalog:
    """The catalog files as loaded: one list of plain dicts per file."""

    body_parts: list[Record]
    life_categories: list[Record]
    muscle_groups: list[Record]
    movement_patterns: list[Record]
    load_types: list[Record]
    grips: list[Record]
    bar_types: list[Record]
    equipment: list[Record]
    exercises: list[Record]

    def collection(self, name: str) -> list[Record]:
        items: list[Record] = getattr(self, name)
        return items


def catalog_id(kind: str, slug: str) -> str:
    """The stable id of a catalog item: uuid5 of ``"{kind}:{slug}"`` in our namespace."""
    return str(uuid.uuid5(CATALOG_NAMESPACE, f"{kind}:{slug}"))


def normalise_name(s: str) -> str:
    """Comparison key: casefolded, accents stripped, punctuation and spaces dropped.

    ``"Développé couché"`` and ``"developpe-couche"`` both give ``"developpecouche"``.
    """
    decomposed = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c.isalnum())


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """Read every catalog file from ``data_dir`` (default: the bundled ``data`` folder).

    Raises ``ValueError`` when a file is not a JSON list of objects; content problems are
    left to :func:`validate`.
    """
    folder = data_dir if data_dir is not None else DATA_DIR
    loaded: dict[str, list[Record]] = {}
    for attr, stem, _kind in _FILES:
        path = folder / f"{stem}.json"
        raw: object = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            raise ValueError(f"{path}: expected a JSON list of objects")
        loaded[attr] = [dict(item) for item in raw]
    return Catalog(**loaded)


def validate(catalog: Catalog) -> list[str]:
    """Return every problem found in ``catalog``; an empty list means it is consistent."""
    problems: list[str] = []
    for attr, _stem, kind in _FILES:
        _check_common(attr, kind, catalog.collection(attr), problems)
    _check_body_parts_and_muscles(catalog, problems)
    _check_life_categories(catalog, problems)
    _check_grips(catalog, problems)
    _check_bar_types(catalog, problems)
    _check_equipment(catalog, problems)
    _check_exercises(catalog, problems)
    _check_coverage(catalog, problems)
    return problems


# ------------------------------------------------------------------------------ helpers


def _label(attr: str, item: Mapping[str, Any], index: int) -> str:
    slug = item.get("slug")
    return f"{attr}[{slug if isinstance(slug, str) else f'#{index}'}]"


def _slugs(items: Iterable[Mapping[str, Any]]) -> set[str]:
    return {s for item in items if isinstance(s := item.get("slug"), str)}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _str_list(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    return None


def _check_refs(
    where: str, field: str, values: Sequence[str], known: set[str], problems: list[str]
) -> None:
    for value in values:
        if value not in known:
            problems.append(f"{where}: {field} refers to unknown slug {value!r}")
    for value, count in Counter(values).items():
        if count > 1:
            problems.append(f"{where}: {field} lists {value!r} {count} times")


def _check_names(where: str, names: object, problems: list[str]) -> dict[str, str]:
    if not isinstance(names, dict):
        problems.append(f"{where}: names must be an object of locale -> name")
        return {}
    good: dict[str, str] = {}
    for locale in SUPPORTED_LOCALES:
        value = names.get(locale)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: missing or empty name for locale {locale!r}")
        elif value != value.strip() or "  " in value:
            problems.append(f"{where}: name {value!r} ({locale}) has stray whitespace")
        else:
            good[locale] = value
    for locale in names:
        if locale not in SUPPORTED_LOCALES:
            problems.append(f"{where}: unexpected locale {locale!r} in names")
    return good


def _check_common(attr: str, kind: str, items: list[Record], problems: list[str]) -> None:
    """Slug format and uniqueness, the id rule, and complete, unique names per locale."""
    seen_slugs: Counter[str] = Counter()
    seen_ids: Counter[str] = Counter()
    by_name: dict[str, dict[str, list[str]]] = {loc: defaultdict(list) for loc in SUPPORTED_LOCALES}
    for index, item in enumerate(items):
        where = _label(attr, item, index)
        slug = item.get("slug")
        if not isinstance(slug, str) or not _SLUG.match(slug):
            problems.append(f"{where}: slug must be snake_case, got {slug!r}")
            continue
        seen_slugs[slug] += 1
        item_id = item.get("id")
        if item_id != catalog_id(kind, slug):
            problems.append(
                f"{where}: id {item_id!r} should be {catalog_id(kind, slug)} "
                f"(uuid5 of '{kind}:{slug}')"
            )
        if isinstance(item_id, str):
            seen_ids[item_id] += 1
        for locale, name in _check_names(where, item.get("names"), problems).items():
            by_name[locale][normalise_name(name)].append(slug)
    for slug, count in seen_slugs.items():
        if count > 1:
            problems.append(f"{attr}: slug {slug!r} appears {count} times")
    for item_id, count in seen_ids.items():
        if count > 1:
            problems.append(f"{attr}: id {item_id} appears {count} times")
    for locale, names in by_name.items():
        for key, owners in names.items():
            if len(owners) > 1:
                problems.append(
                    f"{attr}: {locale} names of {', '.join(sorted(owners))} are the same "
                    f"once normalised ({key!r})"
                )


def _check_body_parts_and_muscles(catalog: Catalog, problems: list[str]) -> None:
    parts = _slugs(catalog.body_parts)
    muscles = _slugs(catalog.muscle_groups)
    for slug in MUSCLE_GROUPS:
        if slug not in muscles:
            problems.append(f"muscle_groups: enum value {slug!r} is missing")
    for slug in sorted(muscles - set(MUSCLE_GROUPS)):
        problems.append(f"muscle_groups: {slug!r} is not a value of the muscle_group enum")
    for index, item in enumerate(catalog.muscle_groups):
        body_part = item.get("body_part")
        if body_part not in parts:
            where = _label("muscle_groups", item, index)
            problems.append(f"{where}: body_part {body_part!r} is not in body_parts.json")


def _check_life_categories(catalog: Catalog, problems: list[str]) -> None:
    positions: Counter[object] = Counter()
    for index, item in enumerate(catalog.life_categories):
        where = _label("life_categories", item, index)
        position, low, high = item.get("position"), item.get("scale_min"), item.get("scale_max")
        positions[position] += 1
        if not _is_int(position) or not 0 <= position <= 1000:
            problems.append(f"{where}: position must be an integer from 0 to 1000")
        if not (_is_int(low) and _is_int(high) and 0 <= low < high <= 100):
            problems.append(f"{where}: scale must be integers with 0 <= scale_min < scale_max")
        if not isinstance(item.get("hooper"), bool):
            problems.append(f"{where}: hooper must be true or false")
        elif item["hooper"] and (low, high) != HOOPER_SCALE:
            problems.append(f"{where}: a Hooper item is scored {HOOPER_SCALE[0]}-{HOOPER_SCALE[1]}")
        for text in _check_names(
            f"{where} descriptions", item.get("descriptions"), problems
        ).values():
            if len(text) > 500:
                problems.append(f"{where}: description {text[:40]!r}... is over 500 characters")
    for position, count in positions.items():
        if count > 1:
            problems.append(f"life_categories: position {position!r} appears {count} times")
    hooper = {str(i.get("slug")) for i in catalog.life_categories if i.get("hooper") is True}
    if hooper != set(HOOPER_ITEMS):
        problems.append(
            f"life_categories: the Hooper items must be exactly {', '.join(HOOPER_ITEMS)}, "
            f"got {', '.join(sorted(hooper)) or 'none'}"
        )


def _check_grips(catalog: Catalog, problems: list[str]) -> None:
    for index, item in enumerate(catalog.grips):
        where = _label("grips", item, index)
        if item.get("orientation") not in GRIP_ORIENTATIONS:
            problems.append(f"{where}: orientation {item.get('orientation')!r} is not allowed")
        if item.get("width") not in GRIP_WIDTHS:
            problems.append(f"{where}: width {item.get('width')!r} is not allowed")


def _check_bar_types(catalog: Catalog, problems: list[str]) -> None:
    for index, item in enumerate(catalog.bar_types):
        where = _label("bar_types", item, index)
        mass_g, mass, unit = item.get("mass_g"), item.get("mass"), item.get("unit")
        if not _is_int(mass_g) or mass_g <= 0:
            problems.append(f"{where}: mass_g must be a positive integer, got {mass_g!r}")
        if unit not in BAR_UNITS:
            problems.append(f"{where}: unit must be 'kg' or 'lb', got {unit!r}")
        if not isinstance(mass, (int, float)) or isinstance(mass, bool) or mass <= 0:
            problems.append(f"{where}: mass must be a positive number, got {mass!r}")
        elif _is_int(mass_g) and isinstance(unit, str) and unit in BAR_UNITS:
            expected = round(mass * BAR_UNITS[unit])
            if abs(expected - mass_g) > 1:
                problems.append(f"{where}: mass_g {mass_g} != {mass} {unit} ({expected} g)")
        for field in ("length_mm", "sleeve_diameter_mm"):
            value = item.get(field)
            if value is not None and (not _is_int(value) or value <= 0):
                problems.append(f"{where}: {field} must be a positive integer or null")
        if not isinstance(item.get("loads_plates"), bool):
            problems.append(f"{where}: loads_plates must be true or false")


def _check_profile(where: str, profile: object, problems: list[str]) -> None:
    if not isinstance(profile, dict):
        problems.append(f"{where}: profile must be an object")
        return
    if sorted(profile) != sorted(PROFILE_KEYS):
        problems.append(f"{where}: profile keys must be exactly {', '.join(PROFILE_KEYS)}")
    if not isinstance(profile.get("adjustable"), bool):
        problems.append(f"{where}: profile.adjustable must be true or false")
    for key in ("increment_g", "base_weight_g", "stack_max_g"):
        value = profile.get(key)
        if value is not None and (not _is_int(value) or value < 0):
            problems.append(f"{where}: profile.{key} must be a non-negative integer or null")
    fixed = profile.get("fixed_weights_g")
    if fixed is not None:
        if not isinstance(fixed, list) or not fixed or not all(_is_int(w) for w in fixed):
            problems.append(f"{where}: profile.fixed_weights_g must be a list of integers")
        elif any(w <= 0 for w in fixed) or fixed != sorted(set(fixed)):
            problems.append(f"{where}: profile.fixed_weights_g must be positive and ascending")


def _check_equipment(catalog: Catalog, problems: list[str]) -> None:
    load_types = _slugs(catalog.load_types)
    bar_types = _slugs(catalog.bar_types)
    grips = _slugs(catalog.grips)
    bars_with_equipment: set[str] = set()
    for index, item in enumerate(catalog.equipment):
        where = _label("equipment", item, index)
        category = item.get("category")
        if category not in EQUIPMENT_CATEGORIES:
            problems.append(f"{where}: category {category!r} is not allowed")
        if item.get("load_type") not in load_types:
            problems.append(f"{where}: load_type {item.get('load_type')!r} is unknown")
        bar_type = item.get("bar_type")
        if bar_type is not None:
            if bar_type not in bar_types:
                problems.append(f"{where}: bar_type {bar_type!r} is unknown")
            else:
                bars_with_equipment.add(str(bar_type))
        elif category == "bar":
            problems.append(f"{where}: a bar must name its bar_type")
        _check_profile(where, item.get("profile"), problems)
        grip_defaults = _str_list(item.get("grip_defaults"))
        if grip_defaults is None:
            problems.append(f"{where}: grip_defaults must be a list of grip slugs")
        else:
            _check_refs(where, "grip_defaults", grip_defaults, grips, problems)
        handles = _str_list(item.get("handle_orientations"))
        if not handles:
            problems.append(f"{where}: handle_orientations must be a non-empty list")
        else:
            for value in handles:
                if value not in HANDLE_ORIENTATIONS:
                    problems.append(f"{where}: handle orientation {value!r} is not allowed")
            if "none" in handles and len(handles) > 1:
                problems.append(f"{where}: handle orientation 'none' cannot be combined")
    for slug in sorted(bar_types - bars_with_equipment):
        problems.append(f"bar_types[{slug}]: no equipment item uses this bar type")


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def _check_exercise_fields(
    where: str, item: Record, refs: Mapping[str, set[str]], problems: list[str]
) -> None:
    names = item.get("names")
    if not isinstance(item.get("name"), str) or (
        isinstance(names, dict) and item.get("name") != names.get("en")
    ):
        problems.append(f"{where}: name must be a string equal to names.en")
    description = item.get("description")
    if not isinstance(description, str) or not description.endswith("."):
        problems.append(f"{where}: description must be a sentence ending with '.'")
    elif _sentences(description) != 1:
        problems.append(f"{where}: description should be one sentence")
    instructions = item.get("instructions")
    if not isinstance(instructions, str) or not 2 <= _sentences(instructions) <= 4:
        problems.append(f"{where}: instructions should be 2-4 sentences")
    primary = item.get("primary_muscle")
    if primary not in refs["muscles"]:
        problems.append(f"{where}: primary_muscle {primary!r} is unknown")
    secondary = _str_list(item.get("secondary_muscles"))
    if secondary is None:
        problems.append(f"{where}: secondary_muscles must be a list of muscle slugs")
    else:
        _check_refs(where, "secondary_muscles", secondary, refs["muscles"], problems)
        if primary in secondary:
            problems.append(f"{where}: secondary_muscles repeats the primary muscle")
    equipment = _str_list(item.get("equipment"))
    if not equipment:
        problems.append(f"{where}: equipment must list at least one equipment slug")
    else:
        _check_refs(where, "equipment", equipment, refs["equipment"], problems)
    difficulty = item.get("difficulty")
    if not _is_int(difficulty) or not 1 <= difficulty <= 5:
        problems.append(f"{where}: difficulty must be an integer from 1 to 5")
    for flag in ("is_compound", "is_unilateral"):
        if not isinstance(item.get(flag), bool):
            problems.append(f"{where}: {flag} must be true or false")
    if item.get("movement_pattern") not in refs["patterns"]:
        problems.append(f"{where}: movement_pattern {item.get('movement_pattern')!r} unknown")
    if item.get("load_type") not in refs["load_types"]:
        problems.append(f"{where}: load_type {item.get('load_type')!r} is unknown")
    grips = _str_list(item.get("default_grips"))
    if grips is None:
        problems.append(f"{where}: default_grips must be a list of grip slugs")
    else:
        _check_refs(where, "default_grips", grips, refs["grips"], problems)
    _check_ai(where, item.get("ai"), problems)


def _check_ai(where: str, ai: object, problems: list[str]) -> None:
    if not isinstance(ai, dict):
        problems.append(f"{where}: ai must be an object")
        return
    if ai.get("skill_level") not in SKILL_LEVELS:
        problems.append(f"{where}: ai.skill_level {ai.get('skill_level')!r} is not allowed")
    contra = _str_list(ai.get("contraindications"))
    if contra is None:
        problems.append(f"{where}: ai.contraindications must be a list of tags")
    else:
        _check_refs(where, "ai.contraindications", contra, set(CONTRAINDICATIONS), problems)
    if not isinstance(ai.get("plate_loaded"), bool):
        problems.append(f"{where}: ai.plate_loaded must be true or false")
    unit = ai.get("rep_unit", "reps")
    if not isinstance(unit, str) or unit not in REP_LIMITS:
        problems.append(f"{where}: ai.rep_unit {unit!r} is not one of {', '.join(REP_LIMITS)}")
        return
    reps = ai.get("rep_range")
    if not isinstance(reps, list) or len(reps) != 2 or not all(_is_int(r) for r in reps):
        problems.append(f"{where}: ai.rep_range must be [min, max] integers")
        return
    low, high = REP_LIMITS[unit]
    if not low <= reps[0] <= reps[1] <= high:
        problems.append(f"{where}: ai.rep_range {reps} is not sane for {unit} ({low}-{high})")


def _check_exercises(catalog: Catalog, problems: list[str]) -> None:
    refs = {
        "muscles": _slugs(catalog.muscle_groups),
        "equipment": _slugs(catalog.equipment),
        "patterns": _slugs(catalog.movement_patterns),
        "load_types": _slugs(catalog.load_types),
        "grips": _slugs(catalog.grips),
    }
    # every exercise name in every locale, normalised -> owning slugs
    name_owners: dict[str, set[str]] = defaultdict(set)
    for item in catalog.exercises:
        names = item.get("names")
        if isinstance(names, dict) and isinstance(item.get("slug"), str):
            for value in names.values():
                if isinstance(value, str):
                    name_owners[normalise_name(value)].add(str(item["slug"]))
    alias_owners: dict[str, list[str]] = defaultdict(list)
    for index, item in enumerate(catalog.exercises):
        where = _label("exercises", item, index)
        _check_exercise_fields(where, item, refs, problems)
        aliases = _str_list(item.get("aliases"))
        if aliases is None:
            problems.append(f"{where}: aliases must be a list of strings")
            continue
        slug = str(item.get("slug"))
        own_name = normalise_name(str(item.get("name", "")))
        seen: set[str] = set()
        for alias in aliases:
            key = normalise_name(alias)
            if not key:
                problems.append(f"{where}: alias {alias!r} is empty once normalised")
                continue
            if key in seen:
                problems.append(f"{where}: alias {alias!r} duplicates another alias")
            seen.add(key)
            if key == own_name:
                problems.append(f"{where}: alias {alias!r} only repeats the name")
            others = name_owners.get(key, set()) - {slug}
            if others:
                problems.append(
                    f"{where}: alias {alias!r} equals a name of {', '.join(sorted(others))}"
                )
            alias_owners[key].append(slug)
    for key, owners in alias_owners.items():
        if len(set(owners)) > 1:
            problems.append(
                f"exercises: alias {key!r} is shared by {', '.join(sorted(set(owners)))}"
            )


def _check_coverage(catalog: Catalog, problems: list[str]) -> None:
    counts = (
        ("exercises", len(catalog.exercises), MIN_EXERCISES),
        ("equipment", len(catalog.equipment), MIN_EQUIPMENT),
        ("bar_types", len(catalog.bar_types), MIN_BAR_TYPES),
    )
    for name, count, minimum in counts:
        if count < minimum:
            problems.append(f"{name}: {count} items, at least {minimum} expected")
    exercise_slugs = _slugs(catalog.exercises)
    for slug in CANONICAL_EXERCISES:
        if slug not in exercise_slugs:
            problems.append(f"exercises: canonical exercise {slug!r} is missing")
    primaries = Counter(x.get("primary_muscle") for x in catalog.exercises)
    for slug in sorted(_slugs(catalog.muscle_groups)):
        if primaries[slug] < MIN_PRIMARY_PER_MUSCLE:
            problems.append(
                f"muscle_groups[{slug}]: primary muscle of {primaries[slug]} exercises, "
                f"at least {MIN_PRIMARY_PER_MUSCLE} expected"
            )
    used_loads = {x.get("load_type") for x in catalog.exercises}
    for slug in sorted(_slugs(catalog.load_types) - used_loads):
        problems.append(f"load_types[{slug}]: no exercise uses this load type")
    used_equipment: set[str] = set()
    for item in catalog.exercises:
        used_equipment.update(_str_list(item.get("equipment")) or [])
    equipment = _slugs(catalog.equipment)
    if equipment:
        share = len(equipment & used_equipment) / len(equipment)
        if share < MIN_EQUIPMENT_USED:
            unused = ", ".join(sorted(equipment - used_equipment))
            problems.append(
                f"equipment: only {share:.0%} of items are used by an exercise "
                f"(at least {MIN_EQUIPMENT_USED:.0%} expected); unused: {unused}"
            )

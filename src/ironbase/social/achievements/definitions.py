"""The shipped achievement definitions (``data/achievements.json``), read and checked.

Pure: no database. Each definition has a ``slug``, a ``kind`` the engine knows, a
``threshold`` (a count, days, weeks, kg, or a body-weight ratio), an ``exercise`` (catalog
slug) for the per-exercise kinds, and a name in every catalog language.

``bodyweight_ratio`` compares a set's load with the body weight of its day (the newest
entry of the fitness profile's history on or before it); without one, nobody earns it.
``UNEVALUATED_KINDS`` names kinds shipped before the engine knows them (none today).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from types import MappingProxyType
from typing import Any

from ironbase.kit.locales import SUPPORTED_LOCALES

KINDS = (
    "sessions",
    "week_streak",
    "day_streak",
    "tonnage_total",
    "tonnage_session",
    "heaviest_load",
    "bodyweight_ratio",
    "month_sessions",
    "consistent_weeks",
    "records",
    "challenge_wins",
)
EXERCISE_KINDS = frozenset({"heaviest_load", "bodyweight_ratio"})
UNEVALUATED_KINDS: frozenset[str] = frozenset()
TRANSLATION_PREFIX = "achievement."


@dataclass(frozen=True, slots=True)
class Definition:
    slug: str
    kind: str
    threshold: Decimal
    exercise: str | None
    names: MappingProxyType[str, str]
    position: int


def _definition(position: int, raw: dict[str, Any]) -> Definition:
    kind = raw["kind"]
    if kind not in KINDS:
        raise ValueError(f"{raw['slug']}: unknown kind {kind}")
    exercise = raw.get("exercise")
    if (exercise is not None) != (kind in EXERCISE_KINDS):
        raise ValueError(f"{raw['slug']}: an exercise is for {sorted(EXERCISE_KINDS)} only")
    threshold = Decimal(str(raw["threshold"]))
    if threshold <= 0:
        raise ValueError(f"{raw['slug']}: the threshold must be positive")
    return Definition(
        slug=raw["slug"],
        kind=kind,
        threshold=threshold,
        exercise=exercise,
        names=MappingProxyType(dict(raw["names"])),
        position=position,
    )


def load() -> tuple[Definition, ...]:
    text = resources.files("ironbase.social.achievements") / "data" / "achievements.json"
    items = json.loads(text.read_text("utf-8"))
    definitions = tuple(_definition(n, raw) for n, raw in enumerate(items))
    slugs = [d.slug for d in definitions]
    if len(set(slugs)) != len(slugs):
        raise ValueError("achievement slugs repeat")
    return definitions


def missing_names(definitions: tuple[Definition, ...]) -> list[tuple[str, str]]:
    """(slug, locale) for every name a definition lacks or leaves blank."""
    return [
        (d.slug, locale)
        for d in definitions
        for locale in SUPPORTED_LOCALES
        if not d.names.get(locale, "").strip()
    ]

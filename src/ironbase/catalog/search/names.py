"""Exact exercise names: another app's name for an exercise, to that exercise or to none.

Not a ranked search: an import must not guess. A name resolves when exactly one exercise
carries it, compared as search compares (case, accents and punctuation folded: ``joined``),
first among aliases (they exist for other apps' names: ``Bench Press (Barbell)``), then
among the names in every catalog language, last among retired exercises. Equipment in
brackets is understood: ``Incline Bench Press (Dumbbell)`` also tries ``Dumbbell Incline
Bench Press`` and ``Incline Dumbbell Bench Press``. A name two exercises share resolves to
neither. Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ironbase.catalog.search.engine import Term, joined, words

_BRACKETED = re.compile(r"^(?P<base>.*?\S)\s*\((?P<inside>[^()]+)\)\s*$")
# Variants move the bracket's words to every gap of the name: bounded for long names.
MAX_VARIANT_WORDS = 12

Tier = Mapping[str, frozenset[str]]


def name_keys(name: str) -> Iterator[str]:
    """The comparison keys to try for ``name``, most literal first, each once."""
    seen: set[str] = set()
    first = joined(name)
    if first:
        seen.add(first)
        yield first
    match = _BRACKETED.match(name)
    if match is None:
        return
    base, inside = words(match["base"]), words(match["inside"])
    if not base or not inside or len(base) + len(inside) > MAX_VARIANT_WORDS:
        return
    for gap in range(len(base) + 1):
        key = "".join(base[:gap] + inside + base[gap:])
        if key not in seen:
            seen.add(key)
            yield key


def _frozen(found: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    return {key: frozenset(ids) for key, ids in found.items()}


@dataclass(frozen=True, slots=True)
class NameTable:
    """Keys to exercise ids, in tiers: aliases, then names in any language, then the names
    and aliases of retired exercises (an old export still names them)."""

    tiers: tuple[Tier, ...] = ()

    @classmethod
    def build(cls, terms: Iterable[Term], retired: frozenset[str] = frozenset()) -> NameTable:
        aliases: defaultdict[str, set[str]] = defaultdict(set)
        names: defaultdict[str, set[str]] = defaultdict(set)
        old: defaultdict[str, set[str]] = defaultdict(set)
        for term in terms:
            key = term.key
            if not key:
                continue
            if term.exercise_id in retired:
                old[key].add(term.exercise_id)
            else:
                (aliases if term.locale is None else names)[key].add(term.exercise_id)
        return cls((_frozen(aliases), _frozen(names), _frozen(old)))

    def resolve(self, name: str) -> str | None:
        """The one exercise (id as text) called ``name``, else None (unknown or shared)."""
        for key in name_keys(name):
            for tier in self.tiers:
                found = tier.get(key)
                if found:
                    return next(iter(found)) if len(found) == 1 else None
        return None


@dataclass(frozen=True, slots=True)
class ExerciseNames:
    """The caller's own exercises first (someone who made "Zercher Squat" meant it), then
    the catalog."""

    own: NameTable
    catalog: NameTable

    def resolve(self, name: str) -> str | None:
        return self.own.resolve(name) or self.catalog.resolve(name)

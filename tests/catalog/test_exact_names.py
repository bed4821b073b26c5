"""Exact names for imports: one exercise or none, never a guess (pure)."""

from __future__ import annotations

import json
from pathlib import Path

from ironbase.catalog.search.engine import Term
from ironbase.catalog.search.names import ExerciseNames, NameTable, name_keys

DATA = Path(__file__).parents[2] / "src" / "ironbase" / "catalog" / "data" / "exercises.json"


def table(*terms: Term, retired: frozenset[str] = frozenset()) -> NameTable:
    return NameTable.build(terms, retired)


def test_case_accents_and_punctuation_fold() -> None:
    names = table(Term("a", "Développé couché", "fr"), Term("b", "Pull-Up", None))
    assert names.resolve("developpe COUCHE") == "a"
    assert names.resolve("pull up") == names.resolve("PULLUP") == "b"
    assert names.resolve("push up") is None


def test_equipment_in_brackets_moves_into_the_name() -> None:
    names = table(Term("a", "Incline Dumbbell Bench Press", "en"), Term("b", "Barbell Row", "en"))
    assert names.resolve("Incline Bench Press (Dumbbell)") == "a"
    assert names.resolve("Row (Barbell)") == "b"
    assert names.resolve("Row (Cable)") is None
    assert list(name_keys("Row (Barbell)")) == ["rowbarbell", "barbellrow"]


def test_aliases_come_before_names_and_a_shared_name_means_nobody() -> None:
    names = table(Term("a", "Press", "en"), Term("b", "Press", None), Term("c", "Fly", "en"))
    assert names.resolve("press") == "b"
    shared = table(Term("a", "Fly", "en"), Term("b", "Fly", "es"))
    assert shared.resolve("fly") is None


def test_retired_exercises_answer_last() -> None:
    names = table(Term("old", "Row", "en"), Term("new", "Row", None), retired=frozenset({"old"}))
    assert names.resolve("row") == "new"
    only_old = table(Term("old", "Shrug", "en"), retired=frozenset({"old"}))
    assert only_old.resolve("shrug") == "old"


def test_ones_own_exercises_come_first() -> None:
    own = table(Term("mine", "Bench Press", "en"))
    catalog = table(Term("catalog", "Bench Press", "en"), Term("squat", "Squat", None))
    both = ExerciseNames(own, catalog)
    assert (both.resolve("bench press"), both.resolve("squat")) == ("mine", "squat")


def test_every_shipped_alias_and_name_resolves_to_its_exercise() -> None:
    """The shipped catalog has no name two exercises share, so each one is exact."""
    exercises = json.loads(DATA.read_text())
    terms = [Term(x["id"], x["name"], "en") for x in exercises]
    terms += [Term(x["id"], n, locale) for x in exercises for locale, n in x["names"].items()]
    terms += [Term(x["id"], a, None) for x in exercises for a in x.get("aliases", [])]
    names = NameTable.build(terms)
    for term in terms:
        assert names.resolve(term.text) == term.exercise_id, term

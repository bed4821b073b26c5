"""The shipped definitions: enough of them, every kind the issue names, a name in each of
the six languages, exercises the catalog has (pure: the files only)."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources
from types import MappingProxyType

from ironbase.kit.locales import SUPPORTED_LOCALES
from ironbase.social.achievements.definitions import KINDS, load, missing_names


def test_at_least_fifty_definitions_of_every_kind() -> None:
    definitions = load()
    assert len(definitions) >= 50
    assert {d.kind for d in definitions} == set(KINDS)
    assert len({d.slug for d in definitions}) == len(definitions)


def test_every_name_in_all_six_languages() -> None:
    definitions = load()
    assert missing_names(definitions) == []
    assert all(set(d.names) == set(SUPPORTED_LOCALES) for d in definitions)
    # Translated, not copied: most names differ from the English one.
    for locale in SUPPORTED_LOCALES[1:]:
        same = [d.slug for d in definitions if d.names[locale] == d.names["en"]]
        assert len(same) < len(definitions) // 4, (locale, same)


def test_the_check_finds_a_missing_name() -> None:
    definitions = load()
    broken = definitions[0]
    names = dict(broken.names)
    del names["it"]
    names["de"] = " "
    altered = (replace(broken, names=MappingProxyType(names)), *definitions[1:])
    assert missing_names(altered) == [(broken.slug, "de"), (broken.slug, "it")]


def test_exercises_are_the_catalogs() -> None:
    catalog = resources.files("ironbase.catalog") / "data" / "exercises.json"
    slugs = {e["slug"] for e in json.loads(catalog.read_text("utf-8"))}
    named = {d.exercise for d in load() if d.exercise}
    assert named
    assert named <= slugs

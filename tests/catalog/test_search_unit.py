"""The search engine's parts, without a database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ironbase.catalog.search.engine import (
    EXACT,
    PREFIX,
    SearchIndex,
    Term,
    build_index,
    edit_distance,
    fold,
    joined,
)
from ironbase.kit.locales import locale_chain


def test_folding_removes_accents_case_and_punctuation() -> None:
    assert fold("Développé Couché") == "developpe couche"
    assert joined("Bankdrücken (Langhantel)") == "bankdruckenlanghantel"
    assert joined("Bench-Press") == joined("bench press") == "benchpress"
    assert fold("Straße") == "strasse"


def test_edit_distance_counts_a_transposition_as_one() -> None:
    assert edit_distance("sqaut", "squat", 2) == 1
    assert edit_distance("dumbell", "dumbbell", 2) == 1
    assert edit_distance("curl", "row", 1) == 2  # stops early: anything above the limit
    assert edit_distance("press", "press", 0) == 0


@given(st.text(alphabet="abcdef", max_size=8), st.text(alphabet="abcdef", max_size=8))
def test_edit_distance_is_symmetric_and_bounded(a: str, b: str) -> None:
    d = edit_distance(a, b, 20)
    assert d == edit_distance(b, a, 20)
    assert d <= max(len(a), len(b))
    assert (d == 0) == (a == b)


def test_locale_chain_falls_back_to_language_then_english() -> None:
    supported = ("en", "es", "pt")
    assert locale_chain("pt-BR", supported) == ["pt", "en"]
    assert locale_chain("es", supported) == ["es", "en"]
    assert locale_chain("zh-Hant-TW", supported) == ["en"]
    assert locale_chain(None, supported) == ["en"]


def _index() -> SearchIndex:
    return build_index(
        [
            Term("squat", "Barbell Back Squat", "en"),
            Term("squat", "Squat (Barbell)", None),
            Term("squat", "Sentadilla trasera con barra", "es"),
            Term("box", "Box Squat", "en"),
            Term("row", "Barbell Row", "en"),
            Term("curl", "Barbell Curl", "en"),
        ],
        boosts={"squat": 8},
    )


def test_ranking_tiers() -> None:
    index = build_index(
        [Term("a", "Row", "en"), Term("b", "Rower Sprint", "en"), Term("c", "Upright Row", "en")]
    )
    hits = index.search("row")
    assert [h.exercise_id for h in hits] == ["a", "b", "c"]
    assert hits[0].score >= EXACT
    assert PREFIX - 20 <= hits[1].score < EXACT


def test_typos_words_and_other_languages() -> None:
    index = _index()
    assert index.search("sqaut")[0].exercise_id == "squat"
    assert index.search("back barbell")[0].exercise_id == "squat"
    assert index.search("sentadilla", locale="es")[0].exercise_id == "squat"
    assert index.search("zzz") == []
    assert index.search("  ") == []


def test_short_words_must_match_exactly() -> None:
    index = build_index([Term("row", "Row", "en"), Term("tow", "Tow Sled", "en")])
    assert [h.exercise_id for h in index.search("row")] == ["row"]

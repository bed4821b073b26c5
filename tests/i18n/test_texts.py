"""The in-memory texts (pure) and the shipped strings file: complete in six languages, and
holding every key the code names."""

from __future__ import annotations

import re
from http import HTTPStatus
from pathlib import Path

import pytest

from ironbase.i18n.check import check_texts
from ironbase.i18n.shipped import shipped_strings
from ironbase.kit.i18n import Texts, fill, merged, table_from_rows
from ironbase.kit.locales import SUPPORTED_LOCALES
from ironbase.kit.notify import NotificationKind, text_key
from ironbase.models.admin import NOTIFICATION_KINDS

SOURCE = Path(__file__).resolve().parents[2] / "src" / "ironbase"
TABLE = {
    "greeting": {"en": "Hello {name}", "pt": "Olá {name}", "de": "Hallo {name}"},
    "only.english": {"en": "Just this"},
}


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        (["pt", "en"], ("Olá {name}", "pt")),
        (["es", "en"], ("Hello {name}", "en")),
        (["de", "en"], ("Hallo {name}", "de")),
        (["it"], None),
    ],
)
def test_lookup_follows_the_chain(chain: list[str], expected: tuple[str, str] | None) -> None:
    assert Texts(TABLE).lookup("greeting", chain) == expected


def test_render_fills_names_and_nothing_else() -> None:
    texts = Texts(TABLE)
    assert texts.render("greeting", ["pt", "en"], {"name": "Ana"}) == "Olá Ana"
    assert texts.render("missing", ["en"], default="fallback") == "fallback"
    # Only {name} placeholders: no attribute access, no format specs, no surprises.
    assert fill("{name.__class__} {name!r} {0} {other}", {"name": "x"}) == (
        "{name.__class__} {name!r} {0} {other}"
    )
    assert fill("{name}", {"name": "y" * 1000}) == "y" * 200


def test_bundles_fall_back_to_english_and_snapshots_have_versions() -> None:
    texts = Texts(TABLE)
    assert texts.bundle("pt") == {"greeting": "Olá {name}", "only.english": "Just this"}
    assert texts.bundle("it")["greeting"] == "Hello {name}"
    changed = Texts(merged(TABLE, {"greeting": {"it": "Ciao {name}"}}))
    assert changed.bundle("it")["greeting"] == "Ciao {name}"
    assert changed.version != texts.version
    assert Texts(dict(TABLE)).version == texts.version


def test_rows_become_a_table_and_later_tables_win() -> None:
    rows = [("a", "en", "A"), ("a", "de", "Ä"), ("b", "en", "B")]
    assert table_from_rows(rows) == {"a": {"en": "A", "de": "Ä"}, "b": {"en": "B"}}
    assert merged({"a": {"en": "A", "de": "X"}}, {"a": {"de": "Ä"}}) == {
        "a": {"en": "A", "de": "Ä"}
    }


def test_the_check_names_missing_keys_per_language_and_stray_placeholders() -> None:
    table = {**TABLE, "bad": {"en": "No names", "fr": "Avec {nom}"}, "xx": {"pt-BR": "Oi"}}
    report = check_texts(table)
    missing = {language.locale: language.missing for language in report.languages}
    assert missing["en"] == ["xx"]
    assert missing["it"] == ["bad", "greeting", "only.english", "xx"]
    assert report.bad_placeholders == [("bad", "fr", ["nom"])]
    assert report.unknown_locales == {"pt-BR": 1}
    assert report.errors == sum(len(m) for m in missing.values()) + 1


def test_the_shipped_strings_are_complete_in_every_language() -> None:
    report = check_texts(shipped_strings())
    assert report.errors == 0, (report.bad_placeholders, report.languages)
    assert report.unknown_locales == {}
    assert {language.locale for language in report.languages} == set(SUPPORTED_LOCALES)


def test_status_titles_are_the_http_phrases_in_english() -> None:
    for key, by_locale in shipped_strings().items():
        if key.startswith("http.status."):
            assert by_locale["en"] == HTTPStatus(int(key.rsplit(".", 1)[1])).phrase


def test_every_key_the_code_names_is_shipped() -> None:
    shipped = shipped_strings()
    named = {
        match
        for path in SOURCE.rglob("*.py")
        for match in re.findall(r"\"(problem\.(?:detail|title)\.[a-z-]+)\"", path.read_text())
    }
    assert len(named) >= 10, named
    assert named <= set(shipped), named - set(shipped)
    for kind in NotificationKind:
        assert {f"{text_key(kind)}.title", f"{text_key(kind)}.body"} <= set(shipped)
    assert {kind.value for kind in NotificationKind} == set(NOTIFICATION_KINDS)

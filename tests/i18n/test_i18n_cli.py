"""``ironbase i18n check``: a table of missing keys per language; exit 1 on errors."""

from __future__ import annotations

import uuid

import pytest
from typer.testing import CliRunner

from ironbase.cli import app as cli
from ironbase.db.setup import DatabaseTarget
from tests.conftest import run_sql


@pytest.fixture
def cli_env(
    database_target: DatabaseTarget, seeded_catalog: None, monkeypatch: pytest.MonkeyPatch
) -> DatabaseTarget:
    monkeypatch.setenv(
        "DATABASE_URL", database_target.admin_url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("IRONBASE_AUTHENTICATOR_PASSWORD", database_target.authenticator_password)
    monkeypatch.setenv("COLUMNS", "200")  # one table row per language, keys unwrapped
    return database_target


def test_the_shipped_and_seeded_strings_pass(cli_env: DatabaseTarget) -> None:
    result = CliRunner().invoke(cli, ["i18n", "check"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    for locale in ("en", "es", "de", "fr", "pt", "it"):
        assert f"│ {locale} " in result.output


def test_a_key_missing_in_languages_fails_and_is_named(cli_env: DatabaseTarget) -> None:
    key = f"test.check.{uuid.uuid4().hex[:8]}"
    run_sql(
        cli_env,
        "insert into text_translations (key, locale, value) values (:key, 'en', 'Only English')",
        key=key,
    )
    try:
        result = CliRunner().invoke(cli, ["i18n", "check"])
        assert result.exit_code == 1, result.output
        assert key in result.output
        assert "5 errors" in result.output  # es, de, fr, pt, it
    finally:
        run_sql(cli_env, "delete from text_translations where key = :key", key=key)
    assert CliRunner().invoke(cli, ["i18n", "check"]).exit_code == 0


def test_a_translation_with_a_placeholder_english_lacks_fails(cli_env: DatabaseTarget) -> None:
    original = run_sql(
        cli_env,
        "select value from text_translations "
        "where key = 'problem.detail.forbidden' and locale = 'fr'",
    )
    assert original, "the strings were not seeded"
    run_sql(
        cli_env,
        "update text_translations set value = 'Interdit pour {who}' "
        "where key = 'problem.detail.forbidden' and locale = 'fr'",
    )
    try:
        result = CliRunner().invoke(cli, ["i18n", "check"])
        assert result.exit_code == 1, result.output
        assert "problem.detail.forbidden (fr)" in result.output
        assert "who" in result.output
    finally:
        run_sql(
            cli_env,
            "update text_translations set value = :value "
            "where key = 'problem.detail.forbidden' and locale = 'fr'",
            value=original[0][0],
        )

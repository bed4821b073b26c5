"""Log lines: text for people in development and tests, JSON in production (or when asked)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from ironbase.config import Environment, LogFormat, Settings
from ironbase.kit.logging import configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers, root.level = handlers, level
    for name in ("uvicorn.error", "alembic"):
        logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.mark.parametrize(
    ("environment", "configured", "expected"),
    [
        (Environment.development, None, LogFormat.text),
        (Environment.test, None, LogFormat.text),
        (Environment.production, None, LogFormat.json),
        (Environment.development, LogFormat.json, LogFormat.json),
        (Environment.production, LogFormat.text, LogFormat.text),
    ],
)
def test_log_format_follows_the_environment_unless_set(
    environment: Environment, configured: LogFormat | None, expected: LogFormat
) -> None:
    settings = Settings(environment=environment, log_format=configured)
    assert settings.effective_log_format is expected


@pytest.mark.usefixtures("restore_logging")
def test_text_lines_are_not_json_and_json_lines_are(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "text")
    logging.getLogger("ironbase.demo").info("hello", extra={"user": "x"})
    text_line = capsys.readouterr().err.strip()
    assert "INFO ironbase.demo: hello user=x" in text_line
    with pytest.raises(ValueError, match=r"Expecting value|Extra data"):
        json.loads(text_line)

    configure_logging("INFO", "json")
    logging.getLogger("ironbase.demo").info("hello", extra={"user": "x"})
    entry = json.loads(capsys.readouterr().err.strip())
    assert entry["msg"] == "hello"
    assert entry["user"] == "x"


@pytest.mark.usefixtures("restore_logging")
def test_text_hides_uvicorn_and_alembic_chatter_unless_verbose(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO", "text")
    logging.getLogger("alembic.runtime.migration").info("Context impl PostgresqlImpl.")
    assert capsys.readouterr().err == ""
    configure_logging("INFO", "text", verbose=True)
    logging.getLogger("alembic.runtime.migration").info("Context impl PostgresqlImpl.")
    assert "Context impl" in capsys.readouterr().err

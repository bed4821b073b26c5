"""Log lines on stderr, each carrying the request id of the request that wrote it.

JSON lines for machines (production), short text lines for people (development, tests).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import Any

import orjson

from ironbase.kit.context import request_id_var

_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message"}

# Chatty at INFO and of no use to someone starting the server on a laptop; --verbose shows them.
QUIET_WHEN_TEXT = ("uvicorn.error", "alembic")


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {key: value for key, value in record.__dict__.items() if key not in _STANDARD_ATTRS}


def _utc_timestamp(created: float) -> str:
    return dt.datetime.fromtimestamp(created, dt.UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object a line (orjson, UTC times): cheap enough for a line per request."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": _utc_timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        entry.update(_extras(record))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """``12:03:04 WARNING ironbase.auth: message key=value [request id]``."""

    def format(self, record: logging.LogRecord) -> str:
        parts = [
            self.formatTime(record, "%H:%M:%S"),
            record.levelname,
            f"{record.name}:",
            record.getMessage(),
        ]
        parts.extend(f"{key}={value}" for key, value in _extras(record).items())
        request_id = request_id_var.get()
        if request_id:
            parts.append(f"[{request_id}]")
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(
    level: str = "INFO", log_format: str = "json", *, verbose: bool = False
) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # uvicorn's own access log would duplicate ours, without the request id.
    logging.getLogger("uvicorn.access").disabled = True
    quiet = log_format == "text" and not verbose
    for name in QUIET_WHEN_TEXT:
        logging.getLogger(name).setLevel(logging.WARNING if quiet else logging.NOTSET)

"""JSON responses built straight from rows: no Pydantic re-validation on the way out.

Endpoints keep ``response_model`` for the OpenAPI document; the schemathesis run checks
that what they send matches it. Returning a Response makes FastAPI skip its own
validation and serialisation, which measured as most of a hot read's CPU time.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import asyncpg
import orjson
from asyncpg.pgproto import pgproto
from starlette.responses import Response


def _default(value: Any) -> Any:
    # orjson handles uuid, datetime, dataclasses and enums itself; these remain.
    if isinstance(value, pgproto.UUID):  # asyncpg's own uuid class, not uuid.UUID
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, asyncpg.Record):
        return dict(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(content: Any) -> bytes:
    # OPT_UTC_Z: "...Z" for UTC, as Pydantic writes it, so responses keep their exact text.
    return orjson.dumps(content, default=_default, option=orjson.OPT_UTC_Z)


class JSONBytes(Response):
    """``application/json`` rendered by orjson (records, uuids, datetimes, decimals)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def record_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return dict(row)


def page_body(items: Iterable[Mapping[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    return {"items": [dict(item) for item in items], "next_cursor": next_cursor}


def json_response(content: Any, status_code: int = 200) -> JSONBytes:
    return JSONBytes(content, status_code=status_code)


__all__: Sequence[str] = ("JSONBytes", "dumps", "json_response", "page_body", "record_dict")

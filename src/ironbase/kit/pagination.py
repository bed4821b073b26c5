"""Keyset pagination: ``?limit=&cursor=``, a stable order, an opaque cursor.

The cursor is the sort key of the last row returned, base64url-encoded JSON. It is opaque to
clients; a tampered or foreign cursor is a 422, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from ironbase.kit.errors import InvalidInput

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Cursor = Annotated[
    str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, arity: int) -> list[Any] | None:
    """The sort key inside ``cursor`` (a list of ``arity`` values), or None for the first page."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor", "The cursor is not one this server issued.") from exc
    if not isinstance(key, list) or len(key) != arity:
        raise InvalidInput("cursor", "The cursor is not one this server issued.")
    return key


def page_of(rows: Sequence[T], limit: int, key_of: Any) -> tuple[list[T], str | None]:
    """Given up to ``limit + 1`` rows, the page and the cursor of the next one (if any)."""
    items = list(rows[:limit])
    has_more = len(rows) > limit
    return items, (encode_cursor(key_of(items[-1])) if has_more and items else None)

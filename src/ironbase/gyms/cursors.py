"""Typed keyset cursors of the gyms domain: a forged or foreign cursor is a 422, never a 500."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ironbase.kit.errors import InvalidInput
from ironbase.kit.pagination import decode_cursor


def _finite(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def _decode(cursor: str | None, parsers: tuple[Callable[[Any], Any], ...]) -> list[Any] | None:
    key = decode_cursor(cursor, len(parsers))
    if key is None:
        return None
    try:
        return [parse(value) for parse, value in zip(parsers, key, strict=True)]
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise InvalidInput("cursor", "The cursor is not one this server issued.") from exc


def _uuid(value: Any) -> uuid.UUID:
    return uuid.UUID(str(value))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def text_then_id(cursor: str | None) -> list[Any] | None:
    """(sort name, id)."""
    return _decode(cursor, (_text, _uuid))


def distance_then_id(cursor: str | None) -> list[Any] | None:
    """(distance in km, id)."""
    return _decode(cursor, (_finite, _uuid))


def time_then_id(cursor: str | None) -> list[Any] | None:
    """(timestamp, id)."""
    return _decode(cursor, (lambda v: dt.datetime.fromisoformat(_text(v)), _uuid))


def exact_mass(cursor: str | None) -> Fraction | None:
    """An exact mass in grams, written as a fraction ("226796185/1000")."""
    key = _decode(cursor, (lambda v: Fraction(_text(v)),))
    return None if key is None else key[0]

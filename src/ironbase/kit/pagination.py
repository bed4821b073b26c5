"""Keyset pagination: ``?limit=&cursor=``, a stable order, an opaque signed cursor.

A cursor is ``<payload>.<tag>``: the payload is base64url of compact JSON
``[kind, [key values]]`` (the sort key of the last row returned, and which list and order it
belongs to); the tag is HMAC-SHA256 of the payload under a key derived from the server's
secret. The tag is checked, in constant time, before anything parses the payload: a forged
cursor costs one hash and answers 422. A genuine one is still decoded by one strict routine
(shape, kind, types, sizes, digits), so a cursor never reaches the database or an exact
arithmetic as anything but a small, well-typed value.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import math
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Any, Generic, Protocol, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel

from ironbase.kit.errors import InvalidInput

T = TypeVar("T")
V = TypeVar("V")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Room for the longest key a list issues: 200 characters of text, each up to 4 bytes of UTF-8,
# base64-encoded with its signature (about 1,200 characters).
MAX_CURSOR_LENGTH = 2048
# A distinct label: the cursor key can never sign or verify an access token, and back.
CURSOR_KEY_LABEL = b"ironbase-cursor-v1"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
_FOREIGN = "The cursor is not one this server issued for this list."

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


class BadCursor(ValueError):
    """A cursor that fails any check; always answered as a 422 on `cursor`."""


# --- typed key fields: each writes a JSON scalar and reads it back strictly ------------


class CursorField(Protocol[V]):
    def dump(self, value: V) -> str | int | float: ...

    def load(self, raw: object) -> V: ...


@dataclass(frozen=True, slots=True)
class Text:
    max_length: int = 200

    def dump(self, value: str) -> str:
        return value

    def load(self, raw: object) -> str:
        # NUL and lone surrogates cannot travel to PostgreSQL as text.
        if not isinstance(raw, str) or len(raw) > self.max_length or "\x00" in raw:
            raise BadCursor("text")
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BadCursor("text") from exc
        return raw


@dataclass(frozen=True, slots=True)
class Uuid:
    def dump(self, value: uuid.UUID) -> str:
        return str(value)

    def load(self, raw: object) -> uuid.UUID:
        if not isinstance(raw, str) or len(raw) != 36:
            raise BadCursor("uuid")
        try:
            return uuid.UUID(raw)
        except ValueError as exc:
            raise BadCursor("uuid") from exc


@dataclass(frozen=True, slots=True)
class Int:
    low: int
    high: int

    def dump(self, value: int) -> int:
        return value

    def load(self, raw: object) -> int:
        # bool is an int in Python, not in a cursor.
        if type(raw) is not int or not self.low <= raw <= self.high:
            raise BadCursor("int")
        return raw


@dataclass(frozen=True, slots=True)
class Real:
    """A finite float within [low, high] (written with repr, so it round-trips exactly)."""

    low: float
    high: float

    def dump(self, value: float) -> float:
        return float(value)

    def load(self, raw: object) -> float:
        if type(raw) not in (int, float):
            raise BadCursor("real")
        number = float(raw)  # type: ignore[arg-type]
        if not (math.isfinite(number) and self.low <= number <= self.high):
            raise BadCursor("real")
        return number


@dataclass(frozen=True, slots=True)
class Timestamp:
    """An aware datetime, written in ISO 8601 in UTC: one spelling per instant, so a time
    that a zone repeats when its clocks go back (fold) reads back as the same instant."""

    def dump(self, value: dt.datetime) -> str:
        try:
            return value.astimezone(dt.UTC).isoformat()
        except OverflowError:  # within hours of year 1 or 9999: no fold to worry about there
            return value.isoformat()

    def load(self, raw: object) -> dt.datetime:
        if not isinstance(raw, str) or len(raw) > 40:
            raise BadCursor("timestamp")
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError as exc:
            raise BadCursor("timestamp") from exc
        if value.tzinfo is None:
            raise BadCursor("timestamp")
        return value


_FRACTION = re.compile(r"(-?[0-9]+)(?:/([0-9]+))?")


@dataclass(frozen=True, slots=True)
class Ratio:
    """An exact rational ``"n/d"`` with at most ``max_digits`` digits in each part: built from
    two bounded integers, never from a decimal exponent."""

    max_digits: int = 24

    def dump(self, value: Fraction) -> str:
        return f"{value.numerator}/{value.denominator}"

    def load(self, raw: object) -> Fraction:
        match = _FRACTION.fullmatch(raw) if isinstance(raw, str) else None
        if match is None:
            raise BadCursor("ratio")
        numerator, denominator = match.group(1), match.group(2) or "1"
        too_long = max(len(numerator.lstrip("-")), len(denominator)) > self.max_digits
        if too_long or int(denominator) == 0:
            raise BadCursor("ratio")
        return Fraction(int(numerator), int(denominator))


@dataclass(frozen=True, slots=True)
class CursorKind:
    """One list in one order: its name is signed into the cursor, so a cursor of one list or
    order is refused by every other."""

    name: str
    fields: tuple[CursorField[Any], ...]


# --- the strict routine ------------------------------------------------------------------


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > 19:
        raise BadCursor("integer too long")
    return int(text)


def _small_float(text: str) -> float:
    if len(text) > 32:
        raise BadCursor("number too long")
    return float(text)


def _no_constant(text: str) -> Any:
    raise BadCursor(f"{text} is not a cursor value")


def _b64decode(text: str) -> bytes:
    if not _BASE64URL.fullmatch(text):
        raise BadCursor("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise BadCursor("not base64url") from exc


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def parse_payload(payload: bytes, kind: CursorKind) -> tuple[Any, ...]:
    """The key values of a verified payload: ``[kind.name, [values]]`` and nothing else."""
    try:
        document = json.loads(
            payload.decode("utf-8"),
            parse_int=_small_int,
            parse_float=_small_float,
            parse_constant=_no_constant,
        )
    except (ValueError, RecursionError) as exc:
        raise BadCursor("not JSON") from exc
    if not (
        isinstance(document, list)
        and len(document) == 2
        and document[0] == kind.name
        and isinstance(document[1], list)
        and len(document[1]) == len(kind.fields)
    ):
        raise BadCursor("wrong shape or kind")
    return tuple(field.load(raw) for field, raw in zip(kind.fields, document[1], strict=True))


class CursorCodec:
    """Signs and verifies cursors with a key derived from the server secret."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def from_secret(cls, secret: str) -> CursorCodec:
        return cls(hmac.new(secret.encode(), CURSOR_KEY_LABEL, hashlib.sha256).digest())

    def _tag(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()

    def encode(self, kind: CursorKind, key: Sequence[Any]) -> str:
        values = [field.dump(v) for field, v in zip(kind.fields, key, strict=True)]
        payload = json.dumps([kind.name, values], separators=(",", ":"), ensure_ascii=False)
        return self.sign(payload.encode())

    def sign(self, payload: bytes) -> str:
        return f"{_b64encode(payload)}.{_b64encode(self._tag(payload))}"

    def verify(self, cursor: str) -> bytes:
        """The payload of a cursor this server signed; BadCursor for anything else."""
        if len(cursor) > MAX_CURSOR_LENGTH or cursor.count(".") != 1:
            raise BadCursor("not a signed cursor")
        encoded_payload, encoded_tag = cursor.split(".")
        payload, tag = _b64decode(encoded_payload), _b64decode(encoded_tag)
        if not hmac.compare_digest(tag, self._tag(payload)):
            raise BadCursor("bad signature")
        return payload


def _refuse() -> InvalidInput:
    return InvalidInput("cursor", _FOREIGN)


@dataclass(frozen=True, slots=True)
class PageCursor:
    """The verified ``cursor`` of one list request, and the codec that signs the next one."""

    codec: CursorCodec
    payload: bytes | None = None

    def after(self, kind: CursorKind) -> tuple[Any, ...] | None:
        """The sort key to resume after, or None for the first page; 422 if it is not a
        cursor of ``kind``."""
        if self.payload is None:
            return None
        try:
            return parse_payload(self.payload, kind)
        except BadCursor as exc:
            raise _refuse() from exc

    def next_cursor(self, kind: CursorKind, key: Sequence[Any]) -> str:
        return self.codec.encode(kind, key)

    def page(
        self,
        rows: Sequence[T],
        limit: int,
        kind: CursorKind,
        key_of: Callable[[T], Sequence[Any]],
    ) -> tuple[list[T], str | None]:
        """Given up to ``limit + 1`` rows, the page and the cursor of the next one (if any)."""
        items = list(rows[:limit])
        more = len(rows) > limit and bool(items)
        return items, (self.codec.encode(kind, key_of(items[-1])) if more else None)


async def page_cursor(
    request: Request,
    cursor: Annotated[
        str | None,
        Query(max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page."),
    ] = None,
) -> PageCursor:
    """Checks the signature as the request arrives: a forged cursor never reaches a query."""
    codec: CursorCodec = request.app.state.cursors
    if cursor is None:
        return PageCursor(codec)
    try:
        return PageCursor(codec, codec.verify(cursor))
    except BadCursor as exc:
        raise _refuse() from exc


Cursor = Annotated[PageCursor, Depends(page_cursor)]

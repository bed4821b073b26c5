"""The keyset cursors of the gyms domain: one signed kind per list and order, each with a
typed decoder (a forged, foreign or malformed cursor is a 422 before any query)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, cast

from ironbase.kit.pagination import CursorKind, PageCursor, Ratio, Real, Text, Timestamp, Uuid

# Half the Earth's circumference bounds any distance a `near` search can sort by.
_DISTANCE_KM = Real(0.0, 20_040.0)

CITIES_BY_NAME = CursorKind("cities.name", (Text(), Uuid()))
GYMS_BY_NAME = CursorKind("gyms.name", (Text(), Uuid()))
GYMS_BY_DISTANCE = CursorKind("gyms.distance", (_DISTANCE_KM, Uuid()))
MEMBERSHIPS_BY_JOINED = CursorKind("memberships.joined", (Timestamp(), Uuid()))
ROLE_REQUESTS_NEWEST = CursorKind("role-requests.newest", (Timestamp(), Uuid()))
# Totals in grams: the solver's largest total has a few digits, a lb fraction a few more.
LOADS_BY_TOTAL = CursorKind("loads.total", (Ratio(max_digits=24),))


def _pair(cursor: PageCursor, kind: CursorKind) -> list[Any] | None:
    key = cursor.after(kind)
    return None if key is None else list(key)


def text_then_id(cursor: PageCursor, kind: CursorKind) -> list[Any] | None:
    """(sort name, id) of ``CITIES_BY_NAME`` or ``GYMS_BY_NAME``."""
    return _pair(cursor, kind)


def distance_then_id(cursor: PageCursor) -> list[Any] | None:
    """(distance in km, id)."""
    return _pair(cursor, GYMS_BY_DISTANCE)


def time_then_id(cursor: PageCursor, kind: CursorKind) -> list[Any] | None:
    """(aware timestamp, id) of ``MEMBERSHIPS_BY_JOINED`` or ``ROLE_REQUESTS_NEWEST``."""
    return _pair(cursor, kind)


def exact_mass(cursor: PageCursor) -> Fraction | None:
    """An exact total in grams (``"226796185/1000"``)."""
    key = cursor.after(LOADS_BY_TOTAL)
    return None if key is None else cast(Fraction, key[0])


def next_mass(cursor: PageCursor, total: Fraction | None) -> str | None:
    """The cursor of the page after the one that ended at ``total`` (None: no more pages)."""
    return None if total is None else cursor.next_cursor(LOADS_BY_TOTAL, [total])

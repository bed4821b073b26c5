"""The keyset cursors of gyms, cities and memberships: one signed kind per list and order,
each with a typed decoder (a forged, foreign or malformed cursor is a 422 before any query).
The subpackages keep the kinds of their own lists (``roles.cursors``, ``inventory.cursors``)."""

from __future__ import annotations

from typing import Any

from ironbase.kit.pagination import CursorKind, PageCursor, Real, Text, Timestamp, Uuid

# Half the Earth's circumference bounds any distance a `near` search can sort by.
_DISTANCE_KM = Real(0.0, 20_040.0)

CITIES_BY_NAME = CursorKind("cities.name", (Text(), Uuid()))
GYMS_BY_NAME = CursorKind("gyms.name", (Text(), Uuid()))
GYMS_BY_DISTANCE = CursorKind("gyms.distance", (_DISTANCE_KM, Uuid()))
MEMBERSHIPS_BY_JOINED = CursorKind("memberships.joined", (Timestamp(), Uuid()))


def _pair(cursor: PageCursor, kind: CursorKind) -> list[Any] | None:
    key = cursor.after(kind)
    return None if key is None else list(key)


def text_then_id(cursor: PageCursor, kind: CursorKind) -> list[Any] | None:
    """(sort name, id) of ``CITIES_BY_NAME`` or ``GYMS_BY_NAME``."""
    return _pair(cursor, kind)


def distance_then_id(cursor: PageCursor) -> list[Any] | None:
    """(distance in km, id)."""
    return _pair(cursor, GYMS_BY_DISTANCE)


def joined_then_id(cursor: PageCursor) -> list[Any] | None:
    """(aware timestamp, gym id) of ``MEMBERSHIPS_BY_JOINED``."""
    return _pair(cursor, MEMBERSHIPS_BY_JOINED)

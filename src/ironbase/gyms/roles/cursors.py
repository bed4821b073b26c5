"""The keyset cursor of a gym's role requests (newest first), with its typed decoder."""

from __future__ import annotations

from typing import Any

from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid

ROLE_REQUESTS_NEWEST = CursorKind("role-requests.newest", (Timestamp(), Uuid()))


def newest_after(cursor: PageCursor) -> list[Any] | None:
    """(aware timestamp, id) of the last request of the previous page."""
    key = cursor.after(ROLE_REQUESTS_NEWEST)
    return None if key is None else list(key)

"""Keyset cursors of the ledger (newest recorded first) and of agreements (newest first)."""

from __future__ import annotations

from typing import Any

from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid

LEDGER_NEWEST = CursorKind("commission-ledger.newest", (Timestamp(), Uuid()))
AGREEMENTS_NEWEST = CursorKind("commission-agreements.newest", (Timestamp(), Uuid()))


def after(cursor: PageCursor, kind: CursorKind) -> list[Any] | None:
    key = cursor.after(kind)
    return None if key is None else list(key)

"""The keyset cursors of the ambassador lists, with their typed decoders."""

from __future__ import annotations

import datetime as dt
import uuid

from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid

REFERRALS_NEWEST = CursorKind("ambassador-referrals.newest", (Timestamp(), Uuid()))
APPLICATIONS_OLDEST = CursorKind("ambassadors.oldest", (Timestamp(), Uuid()))


def after(cursor: PageCursor, kind: CursorKind) -> tuple[dt.datetime, uuid.UUID] | None:
    key = cursor.after(kind)
    return None if key is None else (key[0], key[1])

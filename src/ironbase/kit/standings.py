"""Ranked standings (challenges, battles): a page of a leaderboard whose ranks continue
across pages.

Standings are stored as integers per metric (gram-reps for volume, milligrams for e1RM,
else a count) and ordered by (value desc, reached_at, user_id): the cursor carries that key
and the rank of the last row, so the next page is one index range and its ranks go on.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from ironbase.kit.pagination import CursorKind, Int, PageCursor, Timestamp, Uuid

#: What one stored unit of a metric is worth in the unit the API shows (kg, or a count).
SCALE = {"volume": 1000, "e1rm": 1_000_000}

StandingKey = tuple[int, dt.datetime, uuid.UUID]


def leaderboard_kind(name: str) -> CursorKind:
    """The cursor of a leaderboard: (value, reached_at, user_id, rank of that row)."""
    return CursorKind(name, (Int(0, 2**63 - 1), Timestamp(), Uuid(), Int(1, 10**9)))


def resume(cursor: PageCursor, kind: CursorKind) -> tuple[StandingKey | None, int]:
    """Where the previous page ended, and the rank of its last row (0 on the first page)."""
    key = cursor.after(kind)
    if key is None:
        return None, 0
    return (key[0], key[1], key[2]), key[3]


def ranked_page(
    rows: Sequence[asyncpg.Record],
    *,
    limit: int,
    rank: int,
    metric: str,
    cursor: PageCursor,
    kind: CursorKind,
    extra: Sequence[str] = (),
) -> dict[str, Any]:
    """The page of up to ``limit + 1`` rows: ranked items (``extra`` columns copied as they
    are) with values in the API's unit, and the cursor of the next page."""
    scale = SCALE.get(metric, 1)
    page = rows[:limit]
    items = [
        {
            "rank": rank + n,
            "user_id": r["user_id"],
            "display_name": r["display_name"],
            **{column: r[column] for column in extra},
            "value": r["value"] / scale,
        }
        for n, r in enumerate(page, 1)
    ]
    next_cursor = None
    if len(rows) > limit and page:
        last = page[-1]
        next_cursor = cursor.next_cursor(
            kind, (last["value"], last["reached_at"], last["user_id"], rank + len(page))
        )
    return {"items": items, "next_cursor": next_cursor}

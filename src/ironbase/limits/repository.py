"""The one statement of the rate limits: count this request in its windows.

``rate_limit_hit`` (a definer function, see the 0008 migration) upserts every key's current
window (``on conflict do update set count = count + 1 returning count``), in key order, and
returns each count with the seconds left in its window. It runs as the pool's login in its
own implicit transaction, asynchronously committed: one round trip, a row lock held for
that statement only, and no WAL flush to wait for. Every so often it also deletes spent
windows (at most 1,000 rows a time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from ironbase.db.pg import Query, fetch_outside_transaction

_HIT = Query(
    "select key, count, seconds_left "
    "from public.rate_limit_hit(cast(:keys as text[]), cast(:windows as integer[]), :prune)"
)


@dataclass(frozen=True, slots=True)
class Counted:
    key: str
    count: int
    seconds_left: float


async def hit(
    pool: asyncpg.Pool, keys: Sequence[str], windows: Sequence[int], *, prune: bool
) -> dict[str, Counted]:
    """Each key's count in its current window, this request included."""
    rows = await fetch_outside_transaction(
        pool, _HIT, keys=list(keys), windows=list(windows), prune=prune
    )
    return {r["key"]: Counted(r["key"], int(r["count"]), float(r["seconds_left"])) for r in rows}

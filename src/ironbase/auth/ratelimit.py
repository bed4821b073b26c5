"""Counters in ``admin_check_rate_limit``, shared by every API process.

Two kinds of row live there: fixed-window counters (``hit``/``peek``: one row per key and
window) and failure streaks (``Streak``: one row per key, ``window_start`` holding the time of
the streak's last attempt and ``count`` its length), which back off exponentially.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ironbase.db.pg import Query, Tx
from ironbase.kit.errors import ProblemError

_WINDOW_START = "to_timestamp(floor(extract(epoch from now()) / :window) * :window)"

_HIT = Query(
    f"""
    insert into admin_check_rate_limit as r (key, window_start, count)
    values (:key, {_WINDOW_START}, 1)
    on conflict (key, window_start) do update set count = r.count + 1
    returning r.count, extract(epoch from r.window_start + make_interval(secs => :window) - now())
    """
)
_PEEK = Query(
    f"""
    select count, extract(epoch from window_start + make_interval(secs => :window) - now())
    from admin_check_rate_limit where key = :key and window_start = {_WINDOW_START}
    """
)
# Old windows of the same key are useless; dropping them keeps the table small without a job.
_PRUNE = Query(
    f"delete from admin_check_rate_limit where key = :key and window_start < {_WINDOW_START}"
)


@dataclass(frozen=True, slots=True)
class Limit:
    max_count: int
    window_seconds: int


@dataclass(frozen=True, slots=True)
class WindowState:
    count: int
    seconds_left: float


def too_many_requests(seconds_left: float, what: str, *, commit: bool = True) -> ProblemError:
    retry_after = max(1, math.ceil(seconds_left))
    return ProblemError(
        429,
        f"Too many {what}. Try again in {retry_after} seconds.",
        kind="rate-limited",
        headers={"Retry-After": str(retry_after)},
        commit=commit,
    )


async def hit(tx: Tx, key: str, limit: Limit) -> WindowState:
    await tx.execute(_PRUNE, key=key, window=limit.window_seconds)
    row = await tx.row(_HIT, key=key, window=limit.window_seconds)
    assert row is not None  # an upsert with RETURNING always returns its row
    return WindowState(int(row[0]), float(row[1]))


async def peek(tx: Tx, key: str, limit: Limit) -> WindowState:
    row = await tx.row(_PEEK, key=key, window=limit.window_seconds)
    if row is None:
        return WindowState(0, float(limit.window_seconds))
    return WindowState(int(row[0]), float(row[1]))


@dataclass(frozen=True, slots=True)
class Backoff:
    """``free`` attempts, then each one waits ``first_delay * 2**k`` (capped) after the last;
    a streak left alone for ``forget_after`` seconds beyond its wait is forgotten."""

    free: int
    first_delay: float
    max_delay: float
    forget_after: float

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.max_delay, self.first_delay * 2.0 ** min(failures - self.free, 62))


@dataclass(frozen=True, slots=True)
class Streak:
    failures: int
    wait_seconds: float  # > 0: the next attempt must wait this long


_LOCK_KEY = Query("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
_READ_STREAK = Query(
    "select count, extract(epoch from now() - window_start) "
    "from admin_check_rate_limit where key = :key"
)
_DROP_KEY = Query("delete from admin_check_rate_limit where key = :key")
_START_STREAK = Query(
    "insert into admin_check_rate_limit (key, window_start, count) values (:key, now(), :count)"
)
_REFUND_ONE = Query(
    "update admin_check_rate_limit set count = count - 1 where key = :key and count > 1"
)
_DROP_IF_LAST = Query("delete from admin_check_rate_limit where key = :key and count = 1")


async def lock_key(tx: Tx, key: str) -> None:
    """Serialise read-decide-write on ``key`` until the transaction ends (keep it short)."""
    await tx.execute(_LOCK_KEY, key=key)


async def read_streak(tx: Tx, key: str, backoff: Backoff) -> Streak:
    """The streak on ``key`` now; call under ``lock_key`` when the answer decides a write."""
    row = await tx.row(_READ_STREAK, key=key)
    if row is None:
        return Streak(0, 0.0)
    failures, elapsed = int(row[0]), float(row[1])
    delay = backoff.delay(failures)
    if elapsed >= delay + backoff.forget_after:
        return Streak(0, 0.0)
    return Streak(failures, max(0.0, delay - elapsed))


async def extend_streak(tx: Tx, key: str, failures: int) -> None:
    """Record one more attempt (the streak now has ``failures + 1``), stamped now."""
    await tx.execute(_DROP_KEY, key=key)
    await tx.execute(_START_STREAK, key=key, count=failures + 1)


async def clear(tx: Tx, key: str) -> None:
    await tx.execute(_DROP_KEY, key=key)


async def refund_one(tx: Tx, key: str) -> None:
    """Give back one attempt (of a streak or of the current fixed window's counter)."""
    await tx.execute(_DROP_IF_LAST, key=key)
    await tx.execute(_REFUND_ONE, key=key)

"""Fixed-window counters in ``admin_check_rate_limit``: shared by every API process."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.kit.errors import ProblemError

_WINDOW_START = "to_timestamp(floor(extract(epoch from now()) / :window) * :window)"

_HIT = text(
    f"""
    insert into admin_check_rate_limit as r (key, window_start, count)
    values (:key, {_WINDOW_START}, 1)
    on conflict (key, window_start) do update set count = r.count + 1
    returning r.count, extract(epoch from r.window_start + make_interval(secs => :window) - now())
    """
)
_PEEK = text(
    f"""
    select count, extract(epoch from window_start + make_interval(secs => :window) - now())
    from admin_check_rate_limit where key = :key and window_start = {_WINDOW_START}
    """
)
# Old windows of the same key are useless; dropping them keeps the table small without a job.
_PRUNE = text(
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


def too_many_requests(seconds_left: float, what: str) -> ProblemError:
    retry_after = max(1, math.ceil(seconds_left))
    return ProblemError(
        429,
        f"Too many {what}. Try again in {retry_after} seconds.",
        kind="rate-limited",
        headers={"Retry-After": str(retry_after)},
        commit=True,
    )


async def hit(session: AsyncSession, key: str, limit: Limit) -> WindowState:
    params = {"key": key, "window": limit.window_seconds}
    await session.execute(_PRUNE, params)
    count, seconds_left = (await session.execute(_HIT, params)).one()
    return WindowState(int(count), float(seconds_left))


async def peek(session: AsyncSession, key: str, limit: Limit) -> WindowState:
    params = {"key": key, "window": limit.window_seconds}
    row = (await session.execute(_PEEK, params)).one_or_none()
    if row is None:
        return WindowState(0, float(limit.window_seconds))
    return WindowState(int(row[0]), float(row[1]))

"""Admit a request or refuse it with 429, counting it against the person and the address."""

from __future__ import annotations

import itertools
import math
import uuid
from dataclasses import dataclass

import asyncpg

from ironbase.config import RateLimit
from ironbase.kit.errors import ProblemError
from ironbase.limits import repository as repo
from ironbase.limits.subjects import address_key, address_subject, user_key

# Spent windows are deleted by every this many-th check of a process (a few rows each
# time in steady state), so the table stays small without a scheduled job.
PRUNE_EVERY = 1000
_checks = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Subject:
    """Whom one request counts against: the signed-in person (if any) and the address."""

    user_id: uuid.UUID | None
    address: str | None


def _counters(bucket: str, limit: RateLimit, subject: Subject) -> dict[str, tuple[int, str]]:
    """key -> (the most allowed in a window, who is over it, for the message)."""
    counters: dict[str, tuple[int, str]] = {}
    if subject.user_id is not None:
        counters[user_key(bucket, subject.user_id)] = (limit.per_user, "from you")
    address = address_subject(subject.address)
    if address is not None:
        counters[address_key(bucket, address)] = (limit.per_address, "from your address")
    return counters


def too_many(bucket: str, who: str, seconds_left: float) -> ProblemError:
    retry_after = max(1, math.ceil(seconds_left))
    return ProblemError(
        429,
        f"Too many requests of this kind ({bucket}) {who}. Try again in {retry_after} seconds.",
        kind="rate-limited",
        title="Too Many Requests",
        headers={"Retry-After": str(retry_after)},
    )


async def check(pool: asyncpg.Pool, bucket: str, limit: RateLimit, subject: Subject) -> None:
    """Count the request; 429 if it is over any of its limits. Every attempt counts,
    refused ones too: a client that keeps trying stays refused until its window ends."""
    counters = _counters(bucket, limit, subject)
    if not counters:
        return  # neither a person nor an address to count against (no socket peer)
    prune = next(_checks) % PRUNE_EVERY == 0
    windows = [limit.window_seconds] * len(counters)
    counted = await repo.hit(pool, list(counters), windows, prune=prune)
    over = [
        (counted[key].seconds_left, who)
        for key, (allowed, who) in counters.items()
        if counted[key].count > allowed
    ]
    if over:
        seconds_left, who = max(over)
        raise too_many(bucket, who, seconds_left)

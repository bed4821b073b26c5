"""Retrying what the database refused only because of timing.

Two cases, each with a narrow contract so that it survives a change of driver (the
request path may move from SQLAlchemy sessions to a bare asyncpg pool):

- ``retry_transient(call)``: re-run a whole unit of work (a request's transaction) when it
  failed with a serialization failure (40001) or a deadlock (40P01), a bounded number of
  times with small jittered pauses. The unit must start a fresh transaction each time.

A connection found dead before the request's first statement is replaced in
``ironbase.db.pg`` (it knows the pool); checking every connection before use would cost a
round trip on every request to protect the rare one after a database restart.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
RETRYABLE_SQLSTATES = frozenset({SERIALIZATION_FAILURE, DEADLOCK_DETECTED})


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a driver error, bare (asyncpg) or wrapped (SQLAlchemy's ``orig``)."""
    for candidate in (exc, getattr(exc, "orig", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def is_transient_conflict(exc: BaseException) -> bool:
    return sqlstate(exc) in RETRYABLE_SQLSTATES


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``retries`` re-runs after the first try; pauses grow from ``base_delay`` with full
    jitter (uniform below the cap) so that colliding requests spread out."""

    retries: int = 3
    base_delay: float = 0.005
    max_delay: float = 0.05

    def delay(self, retry: int) -> float:
        cap = min(self.max_delay, self.base_delay * 2**retry)
        return random.uniform(0, cap)  # noqa: S311 - jitter, not a secret


async def retry_transient(
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy = RetryPolicy(),
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """``await call()``, again after a transient conflict, at most ``policy.retries`` times;
    the last conflict (or any other error) propagates."""
    for retry in range(policy.retries + 1):
        try:
            return await call()
        except Exception as exc:
            if retry == policy.retries or not is_transient_conflict(exc):
                raise
        await sleep(policy.delay(retry))
    raise AssertionError("unreachable")  # pragma: no cover

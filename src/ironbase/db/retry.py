"""Retrying what the database refused only because of timing.

Two cases, each with a narrow contract so that it survives a change of driver (the
request path may move from SQLAlchemy sessions to a bare asyncpg pool):

- ``retry_transient(call)``: re-run a whole unit of work (a request's transaction) when it
  failed with a serialization failure (40001) or a deadlock (40P01), a bounded number of
  times with small jittered pauses. The unit must start a fresh transaction each time.
- ``reconnect_once(open_and_start)``: when the very first statement on a pooled connection
  fails because the connection is dead (the server restarted or terminated it), nothing of
  the request has run yet, so it is safe to take another connection once. Checking every
  connection before use (``pool_pre_ping``) would cost a round trip on every request to
  protect the rare one after a database restart; this costs nothing when all is well.
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


# Connection exceptions (class 08) and the server ending the backend (57P01).
ADMIN_SHUTDOWN = "57P01"


def is_dead_connection(exc: BaseException) -> bool:
    """The connection was lost (SQLAlchemy marks it invalidated), not the statement refused."""
    if getattr(exc, "connection_invalidated", False) or isinstance(exc, ConnectionError):
        return True
    state = sqlstate(exc) or ""
    return state.startswith("08") or state == ADMIN_SHUTDOWN


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


async def reconnect_once(open_and_start: Callable[[], Awaitable[T]]) -> T:
    """``open_and_start()`` must take a connection and run the unit's first statement, and
    clean up after itself on failure; it is called a second time only for a dead connection."""
    try:
        return await open_and_start()
    except Exception as exc:
        if not is_dead_connection(exc):
            raise
    return await open_and_start()

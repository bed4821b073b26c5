"""``Depends(rate_limited("plates"))``: the one way a route is rate limited.

Put it in the route's ``dependencies=[...]``: FastAPI resolves those first, so a refused
request costs one statement and opens no transaction. The check runs outside the request's
transaction on purpose: a rollback (a 4xx, a retried conflict) must not undo the count, and
the counter row must not stay locked for a whole request.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from ironbase.auth.dependencies import get_caller
from ironbase.config import DEFAULT_RATE_LIMITS, Settings
from ironbase.kit.caller import AuthContext
from ironbase.kit.context import client_ip_var
from ironbase.limits import service
from ironbase.limits.subjects import BUCKET_NAME

# The retrying route runs a request's dependencies again after a transient conflict; the
# buckets already counted for this request are remembered in its scope.
_COUNTED = "ironbase.rate_limits_counted"

RateLimitCheck = Callable[[Request, AuthContext], Awaitable[None]]


@functools.cache
def rate_limited(bucket: str) -> RateLimitCheck:
    """The dependency counting a request in ``bucket`` (one of ``DEFAULT_RATE_LIMITS``;
    settings change its figures). Signed-in callers count per person and per address,
    anonymous ones per address."""
    if not BUCKET_NAME.fullmatch(bucket) or bucket not in DEFAULT_RATE_LIMITS:
        raise ValueError(f"unknown rate-limit bucket {bucket!r}: add it to DEFAULT_RATE_LIMITS")

    async def check(request: Request, caller: Annotated[AuthContext, Depends(get_caller)]) -> None:
        counted: set[str] = request.scope.setdefault(_COUNTED, set())
        if bucket in counted:
            return
        settings: Settings = request.app.state.settings
        subject = service.Subject(caller.user_id, client_ip_var.get())
        counted.add(bucket)
        await service.check(request.app.state.pool, bucket, settings.rate_limits[bucket], subject)

    check.__name__ = f"rate_limited_{bucket}"
    return check

"""A route whose whole handler, transaction included, is re-run after a transient conflict.

Every request is one transaction, committed when the function-scoped ``Tx`` dependency
closes. A serialization failure or a deadlock (raised by a statement or by the commit) rolls
it all back, so running the handler again with a fresh transaction is safe; only when the
retries are spent does the client get the 503 (see ``ironbase.db.retry``).

Use it as ``APIRouter(route_class=RetryingRoute)``. The request body is cached by Starlette
on the ``Request``, so each try reads the same body.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from contextlib import AsyncExitStack
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from ironbase.db.retry import RetryPolicy, retry_transient

# Where FastAPI keeps the exit stack of function-scoped dependencies (it closes them, and so
# commits, after the handler returns). Each try gets its own, so the commit is inside it.
FUNCTION_STACK = "fastapi_function_astack"

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def retrying(handler: Handler, policy: RetryPolicy) -> Handler:
    async def once(request: Request) -> Response:
        outer = request.scope.get(FUNCTION_STACK)
        try:
            # Leaving the block closes the stack (commits) before the response is returned.
            async with AsyncExitStack() as stack:
                request.scope[FUNCTION_STACK] = stack
                return await handler(request)
        finally:
            request.scope[FUNCTION_STACK] = outer

    async def run(request: Request) -> Response:
        return await retry_transient(lambda: once(request), policy)

    return run


class RetryingRoute(APIRoute):
    retry_policy = RetryPolicy()

    def get_route_handler(self) -> Handler:
        return retrying(super().get_route_handler(), self.retry_policy)

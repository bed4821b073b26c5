"""Request dependencies of the gyms routes that compute (the plate solver)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel

from ironbase.auth.dependencies import CurrentUser
from ironbase.db import pg
from ironbase.gyms import service
from ironbase.kit.responses import JSONBytes


async def _transactions(request: Request, caller: CurrentUser) -> service.Transactions:
    """Short transactions as the caller, opened by the service only around its reads:
    the endpoints that run the solver hold no pooled connection while it computes."""
    pool = request.app.state.pool
    return lambda: pg.request_transaction(pool, caller)


Transactions = Annotated[service.Transactions, Depends(_transactions)]


def computed(result: BaseModel) -> JSONBytes:
    """A solver's answer, already built (and checked) as its schema's model."""
    return JSONBytes(result.model_dump(mode="json"))

"""/v1/sync/changes: the offline client's feed of its training rows' changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.kit.units import MassUnit
from ironbase.training.sync import service
from ironbase.training.sync.schemas import ChangesPage

router = APIRouter(tags=["sync"], route_class=RetryingRoute)

DEFAULT_LIMIT = 500
MAX_LIMIT = 1000
# Up to 18 digits: every such number is a bigint, and a person's log never gets that far.
MAX_CURSOR_DIGITS = 18

Since = Annotated[
    str,
    Query(
        pattern=r"^[0-9]+$",
        max_length=MAX_CURSOR_DIGITS,
        description="A `next_cursor` from an earlier page; `0` (the default): from the start.",
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Log entries per page.")]
Unit = Annotated[
    MassUnit | None, Query(description="Unit of the sets' masses; default: your unit system.")
]


@router.get("/sync/changes", response_model=ChangesPage)
async def changes(
    caller: CurrentUser,
    tx: Tx,
    since: Since = "0",
    limit: Limit = DEFAULT_LIMIT,
    unit: Unit = None,
) -> JSONBytes:
    return JSONBytes(await service.changes(tx, caller, int(since), limit, unit))

"""/v1/me/flags: which feature flags are on for the caller."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.flags import service
from ironbase.flags.dependencies import AppVersion
from ironbase.flags.schemas import MyFlags
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["flags"], route_class=RetryingRoute)


@router.get("/me/flags", response_model=MyFlags)
async def read_my_flags(caller: CurrentUser, tx: Tx, version: AppVersion) -> JSONBytes:
    """Every flag, on or off for you; send `X-App-Version` for flags with a minimum."""
    return JSONBytes(await service.my_flags(tx, version))

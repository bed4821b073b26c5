"""/v1/me: the caller's own profile."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.users import service
from ironbase.users.schemas import Me, MeUpdate

router = APIRouter(tags=["users"], route_class=RetryingRoute)


@router.get("/me", response_model=Me)
async def read_me(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_me(tx, caller))


@router.patch("/me", response_model=Me)
async def patch_me(body: MeUpdate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.update_me(tx, caller, body))

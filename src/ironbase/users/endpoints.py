"""/v1/me: the caller's own profile."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Db
from ironbase.kit.retry import RetryingRoute
from ironbase.users import service
from ironbase.users.schemas import Me, MeUpdate

router = APIRouter(tags=["users"], route_class=RetryingRoute)


@router.get("/me", response_model=Me)
async def read_me(caller: CurrentUser, db: Db) -> Me:
    return await service.get_me(db, caller)


@router.patch("/me", response_model=Me)
async def patch_me(body: MeUpdate, caller: CurrentUser, db: Db) -> Me:
    return await service.update_me(db, caller, body)

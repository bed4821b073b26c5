"""/v1/admin/flags: administrators create, change and remove feature flags (audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.flags import service
from ironbase.flags.schemas import Flag, FlagCreate, FlagUpdate
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.models.flags import KEY_FORMAT, MAX_KEY_LENGTH

router = APIRouter(prefix="/admin", tags=["admin", "flags"], route_class=RetryingRoute)

FlagKeyPath = Annotated[str, Path(max_length=MAX_KEY_LENGTH, pattern=KEY_FORMAT)]


@router.get("/flags", response_model=Page[Flag])
async def list_flags(
    admin: CurrentAdmin, tx: Tx, cursor: Cursor, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_flags(tx, limit, cursor))


@router.post("/flags", status_code=201, response_model=Flag)
async def create_flag(body: FlagCreate, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.create_flag(tx, admin, body), status_code=201)


@router.get("/flags/{key}", response_model=Flag)
async def read_flag(key: FlagKeyPath, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_flag(tx, key))


@router.patch("/flags/{key}", response_model=Flag)
async def update_flag(key: FlagKeyPath, body: FlagUpdate, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.update_flag(tx, admin, key, body))


@router.delete("/flags/{key}", status_code=204)
async def delete_flag(key: FlagKeyPath, admin: CurrentAdmin, tx: Tx) -> Response:
    await service.delete_flag(tx, admin, key)
    return Response(status_code=204)

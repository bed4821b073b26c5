"""/v1/users/{id} (profile cards), /v1/me/card (what the card shows), /v1/blocks."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.social import service
from ironbase.social.schemas import Block, Card, CardSettings, CardSettingsUpdate

router = APIRouter(tags=["social"], route_class=RetryingRoute)


@router.get("/users/{user_id}", response_model=Card)
async def read_card(user_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_card(tx, caller, user_id))


@router.get("/me/card", response_model=CardSettings)
async def read_card_settings(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_settings(tx, caller))


@router.patch("/me/card", response_model=CardSettings)
async def patch_card_settings(body: CardSettingsUpdate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.update_settings(tx, caller, body))


@router.get("/blocks", response_model=Page[Block])
async def list_blocks(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_blocks(tx, caller, cursor, limit))


@router.post("/blocks/{user_id}", status_code=204)
async def block(user_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.block(tx, caller, user_id)
    return Response(status_code=204)


@router.delete("/blocks/{user_id}", status_code=204)
async def unblock(user_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.unblock(tx, caller, user_id)
    return Response(status_code=204)

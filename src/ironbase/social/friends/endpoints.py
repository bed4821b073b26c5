"""/v1/friends and /v1/friends/requests."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.limits.dependencies import rate_limited
from ironbase.social.friends import service
from ironbase.social.friends.schemas import (
    Direction,
    EmailRequestReceived,
    Friend,
    FriendRequest,
    FriendRequestCreate,
    FriendRequestListed,
)

router = APIRouter(tags=["social", "friends"], route_class=RetryingRoute)


@router.get("/friends", response_model=Page[Friend])
async def list_friends(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_friends(tx, caller, cursor, limit))


@router.get("/friends/requests", response_model=Page[FriendRequestListed])
async def list_requests(
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    limit: Limit = DEFAULT_LIMIT,
    direction: Annotated[
        Direction | None, Query(description="Only requests to you, or only yours.")
    ] = None,
) -> JSONBytes:
    return JSONBytes(await service.list_requests(tx, caller, direction, cursor, limit))


@router.post(
    "/friends/requests",
    response_model=FriendRequest,
    status_code=201,
    responses={
        200: {"model": FriendRequest, "description": "Already requested (or accepted theirs)"},
        202: {"model": EmailRequestReceived, "description": "By email: the same answer always"},
    },
    dependencies=[Depends(rate_limited("friend_requests"))],
)
async def send_request(body: FriendRequestCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    status, content = await service.send_request(tx, caller, body)
    return JSONBytes(content, status_code=status)


@router.post("/friends/requests/{request_id}/accept", status_code=204)
async def accept(request_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.accept(tx, caller, request_id)
    return Response(status_code=204)


@router.post("/friends/requests/{request_id}/decline", status_code=204)
async def decline(request_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.decline(tx, caller, request_id)
    return Response(status_code=204)


@router.post("/friends/requests/{request_id}/cancel", status_code=204)
async def cancel(request_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.cancel(tx, caller, request_id)
    return Response(status_code=204)


@router.delete("/friends/{user_id}", status_code=204)
async def unfriend(user_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.unfriend(tx, caller, user_id)
    return Response(status_code=204)

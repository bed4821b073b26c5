"""/v1/cities, /v1/gyms and memberships (/v1/me/gyms)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from ironbase.auth.dependencies import AppSettings, CurrentUser, Tx
from ironbase.gyms import service
from ironbase.gyms.schemas import (
    City,
    Gym,
    GymCreate,
    GymDetail,
    GymUpdate,
    Membership,
    MembershipCreate,
    MembershipUpdate,
)
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["gyms"], route_class=RetryingRoute)

Search = Annotated[
    str | None, Query(max_length=120, description="Part of the name; accents and case ignored.")
]


@router.get("/cities", response_model=Page[City])
async def list_cities(
    cursor: Cursor, tx: Tx, q: Search = None, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    content = await service.list_cities(tx, q, limit, cursor)
    return JSONBytes(content)


@router.get("/gyms", response_model=Page[Gym])
async def list_gyms(
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    q: Search = None,
    near: Annotated[
        str | None, Query(max_length=64, description="`latitude,longitude`: nearest first.")
    ] = None,
    radius_km: Annotated[float, Query(gt=0, le=service.MAX_RADIUS_KM)] = 25.0,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    content = await service.list_gyms(
        tx, q=q, near=near, radius_km=radius_km, limit=limit, cursor=cursor
    )
    return JSONBytes(content)


@router.post("/gyms", response_model=GymDetail, status_code=201)
async def create_gym(
    body: GymCreate, caller: CurrentUser, tx: Tx, settings: AppSettings
) -> JSONBytes:
    content = await service.create_gym(tx, caller, body, quota=settings.max_gyms_created_per_user)
    return JSONBytes(content, status_code=201)


@router.get("/gyms/{gym_id}", response_model=GymDetail)
async def read_gym(gym_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    content = await service.get_gym(tx, caller, gym_id)
    return JSONBytes(content)


@router.patch("/gyms/{gym_id}", response_model=GymDetail)
async def update_gym(gym_id: uuid.UUID, body: GymUpdate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    content = await service.update_gym(tx, caller, gym_id, body)
    return JSONBytes(content)


@router.post("/gyms/{gym_id}/join", response_model=Membership, status_code=201)
async def join_gym(
    gym_id: uuid.UUID, caller: CurrentUser, tx: Tx, body: MembershipCreate | None = None
) -> JSONBytes:
    content = await service.join(tx, caller, gym_id, body or MembershipCreate())
    return JSONBytes(content, status_code=201)


@router.delete("/gyms/{gym_id}/membership", status_code=204)
async def leave_gym(gym_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.leave(tx, caller, gym_id)
    return Response(status_code=204)


@router.get("/me/gyms", response_model=Page[Membership])
async def my_gyms(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    content = await service.my_gyms(tx, caller, limit, cursor)
    return JSONBytes(content)


@router.patch("/me/gyms/{gym_id}", response_model=Membership)
async def update_membership(
    gym_id: uuid.UUID, body: MembershipUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    content = await service.update_membership(tx, caller, gym_id, body)
    return JSONBytes(content)

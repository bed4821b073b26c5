"""/v1/cities, /v1/gyms, memberships and gym role requests (plus the plate routes)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from ironbase.auth.dependencies import AppSettings, CurrentUser, Tx
from ironbase.gyms import role_service, service
from ironbase.gyms.plate_endpoints import router as plate_router
from ironbase.gyms.schemas import (
    City,
    Gym,
    GymCreate,
    GymDetail,
    GymEquipmentUpdate,
    GymUpdate,
    Membership,
    MembershipCreate,
    MembershipUpdate,
    RequestStatus,
    RoleDecision,
    RoleRequest,
    RoleRequestCreate,
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


@router.put("/gyms/{gym_id}/equipment", response_model=GymDetail)
async def replace_equipment(
    gym_id: uuid.UUID, body: GymEquipmentUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    content = await service.replace_equipment(tx, caller, gym_id, body)
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


@router.post(
    "/gyms/{gym_id}/role-requests",
    response_model=RoleRequest,
    status_code=201,
)
async def request_role(
    gym_id: uuid.UUID, body: RoleRequestCreate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    content = await role_service.request_role(tx, caller, gym_id, body)
    return JSONBytes(content, status_code=201)


@router.get("/gyms/{gym_id}/role-requests", response_model=Page[RoleRequest])
async def list_role_requests(
    gym_id: uuid.UUID,
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    status: RequestStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    content = await role_service.list_requests(
        tx, caller, gym_id, status=status, limit=limit, cursor=cursor
    )
    return JSONBytes(content)


@router.post("/gyms/{gym_id}/role-requests/{request_id}/approve", response_model=RoleRequest)
async def approve_role_request(
    gym_id: uuid.UUID,
    request_id: uuid.UUID,
    caller: CurrentUser,
    tx: Tx,
    body: RoleDecision | None = None,
) -> JSONBytes:
    decision = body or RoleDecision()
    content = await role_service.decide(tx, caller, gym_id, request_id, approve=True, body=decision)
    return JSONBytes(content)


@router.post("/gyms/{gym_id}/role-requests/{request_id}/reject", response_model=RoleRequest)
async def reject_role_request(
    gym_id: uuid.UUID,
    request_id: uuid.UUID,
    caller: CurrentUser,
    tx: Tx,
    body: RoleDecision | None = None,
) -> JSONBytes:
    decision = body or RoleDecision()
    content = await role_service.decide(
        tx, caller, gym_id, request_id, approve=False, body=decision
    )
    return JSONBytes(content)


router.include_router(plate_router)

"""/v1/cities, /v1/gyms, memberships and gym role requests (plus the plate routes)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from ironbase.auth.dependencies import AppSettings, CurrentUser, Db
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
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["gyms"], route_class=RetryingRoute)

Search = Annotated[
    str | None, Query(max_length=120, description="Part of the name; accents and case ignored.")
]


@router.get("/cities", response_model=Page[City])
async def list_cities(
    db: Db, cursor: Cursor, q: Search = None, limit: Limit = DEFAULT_LIMIT
) -> Page[City]:
    return await service.list_cities(db, q, limit, cursor)


@router.get("/gyms", response_model=Page[Gym])
async def list_gyms(
    caller: CurrentUser,
    db: Db,
    cursor: Cursor,
    q: Search = None,
    near: Annotated[
        str | None, Query(max_length=64, description="`latitude,longitude`: nearest first.")
    ] = None,
    radius_km: Annotated[float, Query(gt=0, le=service.MAX_RADIUS_KM)] = 25.0,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[Gym]:
    return await service.list_gyms(
        db, q=q, near=near, radius_km=radius_km, limit=limit, cursor=cursor
    )


@router.post("/gyms", response_model=GymDetail, status_code=201)
async def create_gym(
    body: GymCreate, caller: CurrentUser, db: Db, settings: AppSettings
) -> GymDetail:
    return await service.create_gym(db, caller, body, quota=settings.max_gyms_created_per_user)


@router.get("/gyms/{gym_id}", response_model=GymDetail)
async def read_gym(gym_id: uuid.UUID, caller: CurrentUser, db: Db) -> GymDetail:
    return await service.get_gym(db, caller, gym_id)


@router.patch("/gyms/{gym_id}", response_model=GymDetail)
async def update_gym(gym_id: uuid.UUID, body: GymUpdate, caller: CurrentUser, db: Db) -> GymDetail:
    return await service.update_gym(db, caller, gym_id, body)


@router.put("/gyms/{gym_id}/equipment", response_model=GymDetail)
async def replace_equipment(
    gym_id: uuid.UUID, body: GymEquipmentUpdate, caller: CurrentUser, db: Db
) -> GymDetail:
    return await service.replace_equipment(db, caller, gym_id, body)


@router.post("/gyms/{gym_id}/join", response_model=Membership, status_code=201)
async def join_gym(
    gym_id: uuid.UUID, caller: CurrentUser, db: Db, body: MembershipCreate | None = None
) -> Membership:
    return await service.join(db, caller, gym_id, body or MembershipCreate())


@router.delete("/gyms/{gym_id}/membership", status_code=204)
async def leave_gym(gym_id: uuid.UUID, caller: CurrentUser, db: Db) -> Response:
    await service.leave(db, caller, gym_id)
    return Response(status_code=204)


@router.get("/me/gyms", response_model=Page[Membership])
async def my_gyms(
    caller: CurrentUser, db: Db, cursor: Cursor, limit: Limit = DEFAULT_LIMIT
) -> Page[Membership]:
    return await service.my_gyms(db, caller, limit, cursor)


@router.patch("/me/gyms/{gym_id}", response_model=Membership)
async def update_membership(
    gym_id: uuid.UUID, body: MembershipUpdate, caller: CurrentUser, db: Db
) -> Membership:
    return await service.update_membership(db, caller, gym_id, body)


@router.post(
    "/gyms/{gym_id}/role-requests",
    response_model=RoleRequest,
    status_code=201,
)
async def request_role(
    gym_id: uuid.UUID, body: RoleRequestCreate, caller: CurrentUser, db: Db
) -> RoleRequest:
    return await role_service.request_role(db, caller, gym_id, body)


@router.get("/gyms/{gym_id}/role-requests", response_model=Page[RoleRequest])
async def list_role_requests(
    gym_id: uuid.UUID,
    caller: CurrentUser,
    db: Db,
    cursor: Cursor,
    status: RequestStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Page[RoleRequest]:
    return await role_service.list_requests(
        db, caller, gym_id, status=status, limit=limit, cursor=cursor
    )


@router.post("/gyms/{gym_id}/role-requests/{request_id}/approve", response_model=RoleRequest)
async def approve_role_request(
    gym_id: uuid.UUID,
    request_id: uuid.UUID,
    caller: CurrentUser,
    db: Db,
    body: RoleDecision | None = None,
) -> RoleRequest:
    decision = body or RoleDecision()
    return await role_service.decide(db, caller, gym_id, request_id, approve=True, body=decision)


@router.post("/gyms/{gym_id}/role-requests/{request_id}/reject", response_model=RoleRequest)
async def reject_role_request(
    gym_id: uuid.UUID,
    request_id: uuid.UUID,
    caller: CurrentUser,
    db: Db,
    body: RoleDecision | None = None,
) -> RoleRequest:
    decision = body or RoleDecision()
    return await role_service.decide(db, caller, gym_id, request_id, approve=False, body=decision)


router.include_router(plate_router)

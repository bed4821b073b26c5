"""/v1/gyms/{id}/role-requests: asking to run a gym, and its admins' decisions."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.gyms.roles import service
from ironbase.gyms.roles.schemas import RequestStatus, RoleDecision, RoleRequest, RoleRequestCreate
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["gyms"], route_class=RetryingRoute)


@router.post(
    "/gyms/{gym_id}/role-requests",
    response_model=RoleRequest,
    status_code=201,
)
async def request_role(
    gym_id: uuid.UUID, body: RoleRequestCreate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    content = await service.request_role(tx, caller, gym_id, body)
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
    content = await service.list_requests(
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
    content = await service.decide(tx, caller, gym_id, request_id, approve=True, body=decision)
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
    content = await service.decide(tx, caller, gym_id, request_id, approve=False, body=decision)
    return JSONBytes(content)

"""/v1/me/ambassador (apply, the profile, referrals) and /v1/admin/ambassadors (decide)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from ironbase.ambassadors import service
from ironbase.ambassadors.schemas import (
    AdminAmbassador,
    Ambassador,
    AmbassadorApplication,
    AmbassadorDecision,
    Referral,
)
from ironbase.auth.dependencies import CurrentAdmin, CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.models.ambassadors import AmbassadorStatus

router = APIRouter(tags=["ambassadors"], route_class=RetryingRoute)


@router.get("/me/ambassador", response_model=Ambassador)
async def read_my_profile(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_mine(tx, caller))


@router.put(
    "/me/ambassador",
    response_model=Ambassador,
    responses={201: {"model": Ambassador, "description": "A new application."}},
)
async def apply(body: AmbassadorApplication, caller: CurrentUser, tx: Tx) -> JSONBytes:
    """Apply (201), edit the application or profile (200), or apply again after a
    rejection (201). Status and code are the administrators'."""
    content, created = await service.apply(tx, caller, body)
    return JSONBytes(content, status_code=201 if created else 200)


@router.delete("/me/ambassador", status_code=204)
async def withdraw(caller: CurrentUser, tx: Tx) -> Response:
    """Withdraw an application or a rejected profile (an approved one: 409)."""
    await service.withdraw(tx, caller)
    return Response(status_code=204)


@router.get("/me/ambassador/referrals", response_model=Page[Referral])
async def list_referrals(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_referrals(tx, caller, cursor, limit=limit))


@router.get("/admin/ambassadors", response_model=Page[AdminAmbassador])
async def list_profiles(
    admin: CurrentAdmin,
    cursor: Cursor,
    tx: Tx,
    status: AmbassadorStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    content = await service.list_profiles(tx, admin, cursor, status=status, limit=limit)
    return JSONBytes(content)


@router.get("/admin/ambassadors/{user_id}", response_model=AdminAmbassador)
async def read_profile(user_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_profile(tx, admin, user_id))


@router.post("/admin/ambassadors/{user_id}/decision", response_model=AdminAmbassador)
async def decide(
    user_id: uuid.UUID, body: AmbassadorDecision, admin: CurrentAdmin, tx: Tx
) -> JSONBytes:
    """Approve (issues the referral code), reject, suspend or reinstate; audited."""
    return JSONBytes(await service.decide(tx, admin, user_id, body))

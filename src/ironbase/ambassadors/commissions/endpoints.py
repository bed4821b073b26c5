"""Commissions: administrators' agreements, events and statements; the ambassador's own
ledger, agreements and statement."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from ironbase.ambassadors.commissions import service
from ironbase.ambassadors.commissions.schemas import (
    Accrual,
    Agreement,
    AgreementCreate,
    CommissionEvent,
    EventOutcome,
    Statement,
)
from ironbase.auth.dependencies import CurrentAdmin, CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["ambassadors"], route_class=RetryingRoute)

PeriodFrom = Annotated[
    AwareDatetime | None, Query(alias="from", description="start of the period (inclusive)")
]
PeriodTo = Annotated[
    AwareDatetime | None, Query(alias="to", description="end of the period (exclusive)")
]


@router.post(
    "/admin/ambassadors/{user_id}/commission-agreements",
    response_model=Agreement,
    status_code=201,
)
async def create_agreement(
    user_id: uuid.UUID, body: AgreementCreate, admin: CurrentAdmin, tx: Tx
) -> JSONBytes:
    content = await service.create_agreement(tx, admin, user_id, body)
    return JSONBytes(content, status_code=201)


@router.get("/admin/ambassadors/{user_id}/commission-agreements", response_model=Page[Agreement])
async def list_agreements(
    user_id: uuid.UUID,
    admin: CurrentAdmin,
    tx: Tx,
    cursor: Cursor,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    return JSONBytes(await service.list_agreements(tx, user_id, limit=limit, cursor=cursor))


@router.post(
    "/admin/ambassadors/{user_id}/commission-agreements/{agreement_id}/revoke",
    response_model=Agreement,
)
async def revoke_agreement(
    user_id: uuid.UUID, agreement_id: uuid.UUID, admin: CurrentAdmin, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.revoke_agreement(tx, admin, user_id, agreement_id))


@router.post(
    "/admin/commission-events",
    response_model=EventOutcome,
    responses={201: {"model": EventOutcome, "description": "an accrual was written"}},
)
async def record_event(body: CommissionEvent, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    """201 when an accrual (or reversal) was written; 200 for a duplicate or an event that
    does not qualify (nothing stored)."""
    del admin  # the route is the administrators' (billing's); the ledger names no actor
    content, written = await service.record_event(tx, body)
    return JSONBytes(content, status_code=201 if written else 200)


@router.get("/admin/ambassadors/{user_id}/statement", response_model=Statement)
async def admin_statement(
    user_id: uuid.UUID,
    admin: CurrentAdmin,
    tx: Tx,
    period_from: PeriodFrom = None,
    period_to: PeriodTo = None,
) -> JSONBytes:
    return JSONBytes(await service.admin_statement(tx, user_id, period_from, period_to))


@router.get("/me/ambassador/commissions", response_model=Page[Accrual])
async def my_commissions(
    caller: CurrentUser, tx: Tx, cursor: Cursor, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.ledger(tx, caller, limit=limit, cursor=cursor))


@router.get("/me/ambassador/commission-agreements", response_model=Page[Agreement])
async def my_agreements(
    caller: CurrentUser, tx: Tx, cursor: Cursor, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.my_agreements(tx, caller, limit=limit, cursor=cursor))


@router.get("/me/ambassador/statement", response_model=Statement)
async def my_statement(
    caller: CurrentUser,
    tx: Tx,
    period_from: PeriodFrom = None,
    period_to: PeriodTo = None,
) -> JSONBytes:
    return JSONBytes(await service.my_statement(tx, caller, period_from, period_to))

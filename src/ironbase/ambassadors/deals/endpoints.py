"""Gym deals: the ambassador's (/me/ambassador/gym-deals) and a gym's admins'
(/gyms/{gym_id}/ambassador-deals)."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter

from ironbase.ambassadors.deals import service
from ironbase.ambassadors.deals.schemas import DealStatus, GymDeal, GymDealCreate
from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["ambassadors"], route_class=RetryingRoute)


@router.post("/me/ambassador/gym-deals", response_model=GymDeal, status_code=201)
async def propose_deal(body: GymDealCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.propose(tx, caller, body), status_code=201)


@router.get("/me/ambassador/gym-deals", response_model=Page[GymDeal])
async def my_deals(
    caller: CurrentUser,
    tx: Tx,
    cursor: Cursor,
    status: DealStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    content = await service.list_mine(tx, caller, status=status, limit=limit, cursor=cursor)
    return JSONBytes(content)


@router.post("/me/ambassador/gym-deals/{deal_id}/{step}", response_model=GymDeal)
async def step_my_deal(
    deal_id: uuid.UUID, step: Literal["withdraw", "end"], caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.ambassador_step(tx, caller, deal_id, step))


@router.get("/gyms/{gym_id}/ambassador-deals", response_model=Page[GymDeal])
async def gym_deals(
    gym_id: uuid.UUID,
    caller: CurrentUser,
    tx: Tx,
    cursor: Cursor,
    status: DealStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    content = await service.list_for_gym(
        tx, caller, gym_id, status=status, limit=limit, cursor=cursor
    )
    return JSONBytes(content)


@router.post("/gyms/{gym_id}/ambassador-deals/{deal_id}/{step}", response_model=GymDeal)
async def step_gym_deal(
    gym_id: uuid.UUID,
    deal_id: uuid.UUID,
    step: Literal["accept", "decline", "end"],
    caller: CurrentUser,
    tx: Tx,
) -> JSONBytes:
    return JSONBytes(await service.gym_step(tx, caller, gym_id, deal_id, step))

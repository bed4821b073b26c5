"""/v1/battles: ambassadors' battles on the training log, invitations and leaderboards."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from ironbase.ambassadors.battles import service
from ironbase.ambassadors.battles.schemas import (
    Battle,
    BattleCreate,
    BattleUpdate,
    Invitation,
    InvitationsCreate,
    Standing,
    TeamStanding,
)
from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.limits.dependencies import rate_limited

router = APIRouter(tags=["battles"], route_class=RetryingRoute)
LIMITED = [Depends(rate_limited("battles"))]


class Invitations(BaseModel):
    items: list[Invitation]


class TeamStandings(BaseModel):
    items: list[TeamStanding]


@router.post("/battles", response_model=Battle, status_code=201, dependencies=LIMITED)
async def create_battle(body: BattleCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.create(tx, caller, body), status_code=201)


@router.get("/battles", response_model=Page[Battle])
async def list_battles(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_page(tx, caller, cursor, limit))


@router.get("/battles/{battle_id}", response_model=Battle)
async def read_battle(battle_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get(tx, caller, battle_id))


@router.patch("/battles/{battle_id}", response_model=Battle, dependencies=LIMITED)
async def update_battle(
    battle_id: uuid.UUID, body: BattleUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.update(tx, caller, battle_id, body))


@router.delete("/battles/{battle_id}", status_code=204)
async def cancel_battle(battle_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.cancel(tx, caller, battle_id)
    return Response(status_code=204)


@router.post(
    "/battles/{battle_id}/invitations",
    response_model=Invitations,
    status_code=201,
    dependencies=LIMITED,
)
async def invite_to_battle(
    battle_id: uuid.UUID, body: InvitationsCreate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.invite(tx, caller, battle_id, body), status_code=201)


@router.get("/me/battle-invitations", response_model=Page[Invitation])
async def my_battle_invitations(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.my_invitations(tx, caller, cursor, limit))


@router.post(
    "/battle-invitations/{invitation_id}/accept",
    response_model=Invitation,
    dependencies=LIMITED,
)
async def accept_invitation(invitation_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.answer(tx, caller, invitation_id, accept=True))


@router.post("/battle-invitations/{invitation_id}/decline", response_model=Invitation)
async def decline_invitation(invitation_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.answer(tx, caller, invitation_id, accept=False))


@router.get("/battles/{battle_id}/leaderboard", response_model=Page[Standing])
async def battle_leaderboard(
    battle_id: uuid.UUID,
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    return JSONBytes(await service.leaderboard(tx, caller, battle_id, cursor, limit))


@router.get("/battles/{battle_id}/teams", response_model=TeamStandings)
async def battle_teams(battle_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.team_standings(tx, caller, battle_id))

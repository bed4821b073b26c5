"""/v1/challenges: time-boxed challenges on the training log, and their leaderboards."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Response

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.limits.dependencies import rate_limited
from ironbase.social.challenges import service
from ironbase.social.challenges.schemas import Challenge, ChallengeCreate, Membership, Standing

router = APIRouter(tags=["challenges"], route_class=RetryingRoute)
LIMITED = [Depends(rate_limited("challenges"))]


@router.get("/challenges", response_model=Page[Challenge])
async def list_challenges(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_page(tx, caller, cursor, limit))


@router.post("/challenges", response_model=Challenge, status_code=201, dependencies=LIMITED)
async def create_challenge(body: ChallengeCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.create(tx, caller, body), status_code=201)


@router.get("/challenges/{challenge_id}", response_model=Challenge)
async def read_challenge(challenge_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get(tx, caller, challenge_id))


@router.post("/challenges/{challenge_id}/join", response_model=Membership, dependencies=LIMITED)
async def join_challenge(challenge_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.join(tx, caller, challenge_id))


@router.delete("/challenges/{challenge_id}/membership", status_code=204)
async def leave_challenge(challenge_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.leave(tx, caller, challenge_id)
    return Response(status_code=204)


@router.get("/challenges/{challenge_id}/leaderboard", response_model=Page[Standing])
async def challenge_leaderboard(
    challenge_id: uuid.UUID,
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    return JSONBytes(await service.leaderboard(tx, caller, challenge_id, cursor, limit))

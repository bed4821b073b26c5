"""/v1/me/mentor-profile and the public /v1/mentors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.coaching.mentors import service
from ironbase.coaching.mentors.schemas import MentorProfile, MentorProfileIn
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["coaching"], route_class=RetryingRoute)


@router.get("/me/mentor-profile", response_model=MentorProfile)
async def read_mine(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_mine(tx, caller))


@router.put(
    "/me/mentor-profile",
    response_model=MentorProfile,
    responses={201: {"model": MentorProfile, "description": "Created"}},
)
async def put_mine(body: MentorProfileIn, caller: CurrentUser, tx: Tx) -> JSONBytes:
    created, profile = await service.put_mine(tx, caller, body)
    return JSONBytes(profile, status_code=201 if created else 200)


@router.get("/mentors", response_model=Page[MentorProfile])
async def list_mentors(
    cursor: Cursor,
    tx: Tx,
    q: Annotated[
        str | None,
        Query(max_length=service.MAX_QUERY, description="Words in the bio or specialties."),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    """Every mentor profile, by user id; readable without a token."""
    return JSONBytes(await service.search(tx, q, cursor, limit))

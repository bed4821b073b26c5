"""/v1/coach-links: invitations, requests, accepting, changing scopes, ending."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Response

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.coaching.links import service
from ironbase.coaching.links.schemas import Link, LinkAccept, LinkCreate, LinkUpdate
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.limits.dependencies import rate_limited

router = APIRouter(tags=["coaching"], route_class=RetryingRoute)


@router.post(
    "/coach-links",
    response_model=Link,
    status_code=201,
    dependencies=[Depends(rate_limited("coach_links"))],
)
async def create_link(body: LinkCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    """Invite a coach (`coach_id`, with your scopes) or, as a coach, ask a client
    (`client_id`: they choose the scopes on accepting)."""
    return JSONBytes(await service.create(tx, caller, body), status_code=201)


@router.get("/coach-links", response_model=Page[Link])
async def list_links(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    """Your links as a client and as a coach, newest first, each with its history."""
    return JSONBytes(await service.list_links(tx, caller, cursor, limit))


@router.get("/coach-links/{link_id}", response_model=Link)
async def read_link(link_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get(tx, caller, link_id))


@router.post("/coach-links/{link_id}/accept", response_model=Link)
async def accept_link(
    link_id: uuid.UUID, caller: CurrentUser, tx: Tx, body: LinkAccept | None = None
) -> JSONBytes:
    """The side that was asked accepts; a client accepting a coach's request sends the
    scopes (and optional expiry)."""
    return JSONBytes(await service.accept(tx, caller, link_id, body or LinkAccept()))


@router.patch("/coach-links/{link_id}", response_model=Link)
async def patch_link(
    link_id: uuid.UUID, body: LinkUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    """The client changes the scopes or the expiry (effective with the next request)."""
    return JSONBytes(await service.update(tx, caller, link_id, body))


@router.delete("/coach-links/{link_id}", status_code=204)
async def end_link(link_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    """Either side ends the link (or declines, or withdraws, a request): access ends now."""
    await service.end(tx, caller, link_id)
    return Response(status_code=204)

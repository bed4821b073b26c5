"""/v1/cycle: consent, events and the summary (owner-only; 409 without consent)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Response

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.fitness.cycle import service
from ironbase.fitness.cycle.schemas import Consent, CycleEvent, CycleEventCreate, CycleSummary
from ironbase.kit import time as clock
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.kit.time import day_query

router = APIRouter(tags=["cycle"], route_class=RetryingRoute)

Since = Annotated[dt.date | None, day_query("First day (inclusive).", alias="from")]
Until = Annotated[dt.date | None, day_query("Last day (inclusive).", alias="to")]


@router.get("/cycle/consent", response_model=Consent)
async def read_consent(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_consent(tx, caller))


@router.put("/cycle/consent", response_model=Consent)
async def give_consent(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.give_consent(tx, caller, clock.utcnow()))


@router.delete("/cycle/consent", status_code=204)
async def revoke_consent(caller: CurrentUser, tx: Tx) -> Response:
    """Revokes consent and deletes every cycle event."""
    await service.revoke_consent(tx, caller)
    return Response(status_code=204)


@router.get("/cycle/events", response_model=Page[CycleEvent])
async def list_events(
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    # Days are the person's calendar days as logged; "today" bounds only the default range.
    today = clock.utcnow().date() + dt.timedelta(days=1)
    page = await service.list_events(
        tx, caller, cursor, since=since, until=until, limit=limit, today=today
    )
    return JSONBytes(page)


@router.post("/cycle/events", response_model=CycleEvent, status_code=201)
async def add_event(body: CycleEventCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    today = clock.utcnow().date() + dt.timedelta(days=1)
    return JSONBytes(await service.add_event(tx, caller, body, today), status_code=201)


@router.delete("/cycle/events/{event_id}", status_code=204)
async def delete_event(event_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_event(tx, caller, event_id)
    return Response(status_code=204)


@router.get("/cycle/summary", response_model=CycleSummary)
async def summary(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.summary(tx, caller))

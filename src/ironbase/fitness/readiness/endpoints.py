"""/v1/readiness: daily check-ins, their list, and today's readiness."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.fitness.readiness import service
from ironbase.fitness.readiness.schemas import Checkin, CheckinCreate, CheckinWritten, Today
from ironbase.kit import time as clock
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.time import day_query
from ironbase.kit.units import DecimalJsonRoute

router = APIRouter(tags=["readiness"], route_class=DecimalJsonRoute)

Since = Annotated[dt.date | None, day_query("First local day (inclusive).", alias="from")]
Until = Annotated[dt.date | None, day_query("Last local day (inclusive).", alias="to")]


@router.post(
    "/readiness",
    response_model=CheckinWritten,
    status_code=201,
    responses={200: {"model": CheckinWritten, "description": "Today's check-in, replaced."}},
)
async def check_in(body: CheckinCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    """Today's check-in (your time zone decides the day); a second one replaces the first."""
    written = await service.record_checkin(tx, caller, body, clock.utcnow())
    return JSONBytes(written, status_code=200 if written["replaced"] else 201)


@router.get("/readiness", response_model=Page[Checkin])
async def list_checkins(
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    page = await service.list_checkins(
        tx, caller, cursor, since=since, until=until, limit=limit, now=clock.utcnow()
    )
    return JSONBytes(page)


@router.get("/readiness/today", response_model=Today)
async def today(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.today_json(tx, caller, clock.utcnow()))

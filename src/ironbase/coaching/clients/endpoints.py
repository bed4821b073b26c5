"""/v1/coach/clients…: a coach's clients and what the scopes let the coach read and do;
/v1/workouts/{id}/coach-notes and /v1/me/coach-logs: what the client sees of it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from ironbase.auth.dependencies import CurrentUser, Transactions, Tx
from ironbase.coaching.clients import service
from ironbase.coaching.clients.schemas import (
    Client,
    CoachLogEntry,
    Note,
    NoteCreate,
    ProgramAssign,
)
from ironbase.fitness.readiness.schemas import Checkin
from ironbase.kit import time as clock
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.time import day_query
from ironbase.kit.units import DecimalJsonRoute, MassUnit
from ironbase.programs.schemas import ProgramSummary
from ironbase.training.stats.schemas import RecordsOut
from ironbase.training.workouts.schemas import Workout

router = APIRouter(tags=["coaching"], route_class=DecimalJsonRoute)

Unit = Annotated[MassUnit | None, Query(description="Unit of the masses; default: yours.")]
Since = Annotated[
    dt.datetime | None, Query(alias="from", description="Started at or after (inclusive).")
]
Until = Annotated[dt.datetime | None, Query(alias="to", description="Started before (exclusive).")]
FirstDay = Annotated[dt.date | None, day_query("First local day (inclusive).", alias="from")]
LastDay = Annotated[dt.date | None, day_query("Last local day (inclusive).", alias="to")]
Include = Annotated[
    Literal["summary"] | None,
    Query(description="`summary`: the workouts without their exercises and sets."),
]
_NO_LINK: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not your client, or the link does not grant this scope."}
}


@router.get("/coach/clients", response_model=Page[Client])
async def list_clients(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    """The clients you coach now (active, unexpired links)."""
    return JSONBytes(await service.list_clients(tx, caller, cursor, limit))


@router.get("/coach/clients/{client_id}/workouts", response_model=Page[Workout], responses=_NO_LINK)
async def client_workouts(
    client_id: uuid.UUID,
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    include: Include = None,
    unit: Unit = None,
) -> JSONBytes:
    """The client's workouts, newest first (scope `training:read`)."""
    page = await service.client_workouts(
        tx, caller, client_id, cursor, since=since, until=until, limit=limit,
        summary=include == "summary", asked=unit,
    )  # fmt: skip
    return JSONBytes(page)


@router.get("/coach/clients/{client_id}/records", response_model=RecordsOut, responses=_NO_LINK)
async def client_records(
    client_id: uuid.UUID, caller: CurrentUser, tx: Transactions, unit: Unit = None
) -> JSONBytes:
    """The client's records (scope `training:read`)."""
    return JSONBytes(await service.client_records(tx, caller, client_id, unit))


@router.get(
    "/coach/clients/{client_id}/readiness", response_model=Page[Checkin], responses=_NO_LINK
)
async def client_readiness(
    client_id: uuid.UUID,
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    since: FirstDay = None,
    until: LastDay = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    """The client's check-ins (scope `readiness:read`), scored without any cycle data."""
    page = await service.client_readiness(
        tx, caller, client_id, cursor, since=since, until=until, limit=limit, now=clock.utcnow()
    )
    return JSONBytes(page)


@router.post(
    "/coach/clients/{client_id}/programs",
    response_model=ProgramSummary,
    status_code=201,
    responses=_NO_LINK,
)
async def assign_program(
    client_id: uuid.UUID, body: ProgramAssign, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    """One of your programs or templates as the client's draft (scope `programs:write`):
    the plan without your loads; the client activates it with PATCH /v1/programs/{id}."""
    content = await service.assign_program(tx, caller, client_id, body)
    return JSONBytes(content, status_code=201)


@router.post(
    "/coach/clients/{client_id}/workouts/{workout_id}/notes",
    response_model=Note,
    status_code=201,
    responses=_NO_LINK,
)
async def add_note(
    client_id: uuid.UUID, workout_id: uuid.UUID, body: NoteCreate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    """A note on the client's workout (scope `comments:write`)."""
    content = await service.add_note(tx, caller, client_id, workout_id, body.body)
    return JSONBytes(content, status_code=201)


@router.get("/workouts/{workout_id}/coach-notes", response_model=Page[Note])
async def workout_notes(
    workout_id: uuid.UUID, caller: CurrentUser, cursor: Cursor, tx: Tx,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:  # fmt: skip
    """Your coaches' notes on your workout, oldest first."""
    return JSONBytes(await service.notes_on_workout(tx, caller, workout_id, cursor, limit))


@router.get("/me/coach-logs", response_model=Page[CoachLogEntry])
async def coach_logs(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    """What the generator and your coaches did for you, newest first."""
    return JSONBytes(await service.coach_log(tx, caller, cursor, limit))

"""/v1/programs: generated training programs, their checks and adaptations, and starting a
workout from one."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from ironbase.auth.dependencies import CurrentUser, Transactions, Tx
from ironbase.kit import time as clock
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.limits.dependencies import rate_limited
from ironbase.programs import service, starting
from ironbase.programs.schemas import (
    ChangesOut,
    CheckOut,
    ProgramCreate,
    ProgramOut,
    ProgramStart,
    ProgramStartedWorkout,
    ProgramSummary,
    ProgramUpdate,
)

router = APIRouter(tags=["programs"], route_class=RetryingRoute)

#: The rate-limit bucket of the routes that generate or check programs (CPU work).
BUCKET = "program_generation"
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input, or no program meets the request (`violations`, "
          "`relaxations`)."},
    503: {"description": "The program could not be made right now; nothing was stored."},
}  # fmt: skip


def _now() -> dt.datetime:
    return clock.utcnow()


@router.post(
    "/programs",
    response_model=ProgramOut,
    status_code=201,
    responses=_PROBLEMS,
    dependencies=[Depends(rate_limited(BUCKET))],
)
async def create_program(
    body: ProgramCreate, caller: CurrentUser, tx: Transactions, request: Request
) -> JSONBytes:
    """A program generated for you (what the body leaves out comes from your fitness
    profile), checked against every invariant before it is stored, with the reasons."""
    proposer = getattr(request.app.state, "program_proposer", None)
    content = await service.create_program(tx, caller, body, _now(), proposer)
    return JSONBytes(content, status_code=201)


@router.get("/programs", response_model=Page[ProgramSummary])
async def list_programs(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_programs(tx, caller, cursor, limit=limit))


@router.get("/programs/{program_id}", response_model=ProgramOut)
async def get_program(program_id: uuid.UUID, caller: CurrentUser, tx: Transactions) -> JSONBytes:
    """The whole program, after every finished workout of it has adapted it."""
    return JSONBytes(await service.get_program(tx, caller, program_id))


@router.patch("/programs/{program_id}", response_model=ProgramSummary)
async def patch_program(
    program_id: uuid.UUID, body: ProgramUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    """A new title or status (one active program at a time: 409 names the active one)."""
    return JSONBytes(await service.update_program(tx, caller, program_id, body, _now()))


@router.delete("/programs/{program_id}", status_code=204)
async def delete_program(program_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_program(tx, caller, program_id)
    return Response(status_code=204)


@router.get("/programs/{program_id}/changes", response_model=ChangesOut)
async def program_changes(
    program_id: uuid.UUID, caller: CurrentUser, tx: Transactions
) -> JSONBytes:
    """Every load your logged workouts moved, oldest first."""
    return JSONBytes(await service.program_changes(tx, caller, program_id))


@router.get(
    "/programs/{program_id}/check",
    response_model=CheckOut,
    dependencies=[Depends(rate_limited(BUCKET))],
)
async def check_program(program_id: uuid.UUID, caller: CurrentUser, tx: Transactions) -> JSONBytes:
    """The invariant checker on the stored program: each invariant, passed or not."""
    return JSONBytes(await service.check_program(tx, caller, program_id))


@router.post(
    "/programs/{program_id}/workouts/{workout_id}/start",
    response_model=ProgramStartedWorkout,
    status_code=201,
)
async def start_workout(
    program_id: uuid.UUID,
    workout_id: uuid.UUID,
    caller: CurrentUser,
    tx: Transactions,
    body: ProgramStart | None = None,
) -> JSONBytes:
    """A training-log workout prefilled from the prescription, lowered by today's
    readiness (never raised), with plates per set at the program's gym."""
    content = await starting.start_workout(
        tx, caller, program_id, workout_id, body or ProgramStart(), _now()
    )
    return JSONBytes(content, status_code=201)

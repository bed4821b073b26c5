"""/v1/workouts and /v1/sets: the caller's workouts with their exercises and sets."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.units import DecimalJsonRoute, MassUnit
from ironbase.training.workouts import service
from ironbase.training.workouts.schemas import (
    ExerciseIn,
    LoggedWorkoutSet,
    SetIn,
    SetUpdate,
    Workout,
    WorkoutCreate,
    WorkoutDocument,
    WorkoutExercise,
    WorkoutUpdate,
)

# Exact numbers in bodies (2.5 kg stays Decimal('2.5')); retried like every route.
router = APIRouter(tags=["workouts"], route_class=DecimalJsonRoute)

Unit = Annotated[
    MassUnit | None,
    Query(description="Unit of the masses in the body and the answer; default: your unit system."),
]
Since = Annotated[
    dt.datetime | None, Query(alias="from", description="Started at or after (inclusive).")
]
Until = Annotated[dt.datetime | None, Query(alias="to", description="Started before (exclusive).")]
Include = Annotated[
    Literal["summary"] | None,
    Query(description="`summary`: the workouts without their exercises and sets."),
]


@router.get("/workouts", response_model=Page[Workout])
async def list_workouts(
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    include: Include = None,
    unit: Unit = None,
) -> JSONBytes:
    page = await service.list_workouts(
        tx,
        caller,
        cursor,
        since=since,
        until=until,
        limit=limit,
        summary=include == "summary",
        asked=unit,
    )
    return JSONBytes(page)


@router.post("/workouts", response_model=Workout, status_code=201)
async def create_workout(
    body: WorkoutCreate, caller: CurrentUser, tx: Tx, unit: Unit = None
) -> JSONBytes:
    return JSONBytes(await service.create_workout(tx, caller, body, unit), status_code=201)


@router.get("/workouts/{workout_id}", response_model=Workout)
async def read_workout(
    workout_id: uuid.UUID, caller: CurrentUser, tx: Tx, unit: Unit = None
) -> JSONBytes:
    return JSONBytes(await service.get_workout(tx, caller, workout_id, unit))


@router.put("/workouts/{workout_id}", response_model=Workout)
async def put_workout(
    workout_id: uuid.UUID, body: WorkoutDocument, caller: CurrentUser, tx: Tx, unit: Unit = None
) -> JSONBytes:
    return JSONBytes(await service.write_document(tx, caller, workout_id, body, unit))


@router.patch("/workouts/{workout_id}", response_model=Workout)
async def patch_workout(
    workout_id: uuid.UUID, body: WorkoutUpdate, caller: CurrentUser, tx: Tx, unit: Unit = None
) -> JSONBytes:
    return JSONBytes(await service.update_workout(tx, caller, workout_id, body, unit))


@router.delete("/workouts/{workout_id}", status_code=204)
async def delete_workout(workout_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_workout(tx, caller, workout_id)
    return Response(status_code=204)


@router.post("/workouts/{workout_id}/exercises", response_model=WorkoutExercise, status_code=201)
async def add_exercise(
    workout_id: uuid.UUID, body: ExerciseIn, caller: CurrentUser, tx: Tx, unit: Unit = None
) -> JSONBytes:
    content = await service.add_exercise(tx, caller, workout_id, body, unit)
    return JSONBytes(content, status_code=201)


@router.post(
    "/workouts/{workout_id}/exercises/{workout_exercise_id}/sets",
    response_model=LoggedWorkoutSet,
    status_code=201,
)
async def add_set(
    workout_id: uuid.UUID,
    workout_exercise_id: uuid.UUID,
    body: SetIn,
    caller: CurrentUser,
    tx: Tx,
    unit: Unit = None,
) -> JSONBytes:
    content = await service.add_set(tx, caller, workout_id, workout_exercise_id, body, unit)
    return JSONBytes(content, status_code=201)


@router.patch("/sets/{set_id}", response_model=LoggedWorkoutSet)
async def patch_set(
    set_id: uuid.UUID, body: SetUpdate, caller: CurrentUser, tx: Tx, unit: Unit = None
) -> JSONBytes:
    return JSONBytes(await service.update_set(tx, caller, set_id, body, unit))


@router.delete("/sets/{set_id}", status_code=204)
async def delete_set(set_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_set(tx, caller, set_id)
    return Response(status_code=204)

"""/v1/admin/exercises: administrators curate the catalog's exercises.

Bodies are built by the services in the documented shapes and sent without re-validation.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.catalog.exercises import admin_service
from ironbase.catalog.exercises.schemas import (
    ExerciseAdminCreate,
    ExerciseAdminUpdate,
    ExerciseDetail,
)
from ironbase.catalog.parameters import LangChain
from ironbase.kit.locales import chain_for
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)


@router.post("/exercises", status_code=201, response_model=ExerciseDetail)
async def create_catalog_exercise(
    body: ExerciseAdminCreate, admin: CurrentAdmin, tx: Tx, chain: LangChain
) -> JSONBytes:
    created = await admin_service.create_exercise(tx, admin, body, chain)
    return JSONBytes(created, status_code=201)


@router.patch("/exercises/{exercise_id}", response_model=ExerciseDetail)
async def update_catalog_exercise(
    exercise_id: uuid.UUID,
    body: ExerciseAdminUpdate,
    admin: CurrentAdmin,
    tx: Tx,
    chain: LangChain,
) -> JSONBytes:
    return JSONBytes(await admin_service.update_exercise(tx, admin, exercise_id, body, chain))


@router.post("/exercises/{exercise_id}/retire", response_model=ExerciseDetail)
async def retire_exercise(exercise_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    chain = chain_for(None, None)
    return JSONBytes(await admin_service.set_retired(tx, admin, exercise_id, True, chain))


@router.post("/exercises/{exercise_id}/restore", response_model=ExerciseDetail)
async def restore_exercise(exercise_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    chain = chain_for(None, None)
    return JSONBytes(await admin_service.set_retired(tx, admin, exercise_id, False, chain))

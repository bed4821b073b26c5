"""/v1/admin: catalog curation and data-quality reports (administrators only).

Bodies are built by the services in the documented shapes and sent without re-validation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.catalog import admin_service, quality
from ironbase.catalog.endpoints import Lang
from ironbase.catalog.schemas import (
    EquipmentAdminCreate,
    EquipmentAdminUpdate,
    EquipmentOut,
    ExerciseAdminCreate,
    ExerciseAdminUpdate,
    ExerciseDetail,
)
from ironbase.catalog.service import chain_for
from ironbase.kit.pagination import (
    DEFAULT_LIMIT,
    Cursor,
    CursorKind,
    Limit,
    Page,
    Timestamp,
    Uuid,
)
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)

REPORTS_NEWEST = CursorKind("data-quality-reports.newest", (Timestamp(), Uuid()))


class QualityReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    status: str
    error_count: int
    warning_count: int
    summary: dict[str, Any]
    findings: list[dict[str, Any]]
    created_by: uuid.UUID | None
    created_at: dt.datetime


@router.post("/exercises", status_code=201, response_model=ExerciseDetail)
async def create_catalog_exercise(
    body: ExerciseAdminCreate, admin: CurrentAdmin, tx: Tx, lang: Lang = None
) -> JSONBytes:
    created = await admin_service.create_exercise(tx, admin, body, chain_for(lang, None))
    return JSONBytes(created, status_code=201)


@router.patch("/exercises/{exercise_id}", response_model=ExerciseDetail)
async def update_catalog_exercise(
    exercise_id: uuid.UUID,
    body: ExerciseAdminUpdate,
    admin: CurrentAdmin,
    tx: Tx,
    lang: Lang = None,
) -> JSONBytes:
    chain = chain_for(lang, None)
    return JSONBytes(await admin_service.update_exercise(tx, admin, exercise_id, body, chain))


@router.post("/exercises/{exercise_id}/retire", response_model=ExerciseDetail)
async def retire_exercise(exercise_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    chain = chain_for(None, None)
    return JSONBytes(await admin_service.set_retired(tx, admin, exercise_id, True, chain))


@router.post("/exercises/{exercise_id}/restore", response_model=ExerciseDetail)
async def restore_exercise(exercise_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    chain = chain_for(None, None)
    return JSONBytes(await admin_service.set_retired(tx, admin, exercise_id, False, chain))


@router.post("/equipment", status_code=201, response_model=EquipmentOut)
async def create_equipment(
    body: EquipmentAdminCreate, admin: CurrentAdmin, tx: Tx, lang: Lang = None
) -> JSONBytes:
    created = await admin_service.create_equipment(tx, admin, body, chain_for(lang, None))
    return JSONBytes(created, status_code=201)


@router.patch("/equipment/{equipment_id}", response_model=EquipmentOut)
async def update_equipment(
    equipment_id: uuid.UUID,
    body: EquipmentAdminUpdate,
    admin: CurrentAdmin,
    tx: Tx,
    lang: Lang = None,
) -> JSONBytes:
    chain = chain_for(lang, None)
    return JSONBytes(await admin_service.update_equipment(tx, admin, equipment_id, body, chain))


@router.post("/equipment/{equipment_id}/retire", response_model=EquipmentOut)
async def retire_equipment(equipment_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    chain = chain_for(None, None)
    return JSONBytes(
        await admin_service.set_equipment_retired(tx, admin, equipment_id, True, chain)
    )


@router.post("/equipment/{equipment_id}/restore", response_model=EquipmentOut)
async def restore_equipment(equipment_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    chain = chain_for(None, None)
    return JSONBytes(
        await admin_service.set_equipment_retired(tx, admin, equipment_id, False, chain)
    )


@router.post("/catalog/check", status_code=201, response_model=QualityReportOut)
async def check_catalog(admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    """Run the catalog's data-quality checks and store the report."""
    report = await quality.run_catalog_checks(tx)
    report_id = await quality.store_report(tx, report, admin.user_id)
    stored = await quality.get_report(tx, report_id)
    return JSONBytes(stored, status_code=201)


@router.get("/data-quality-reports", response_model=Page[QualityReportOut])
async def list_reports(
    admin: CurrentAdmin, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    key = cursor.after(REPORTS_NEWEST)
    after = None if key is None else (key[0], key[1])
    rows = await quality.list_reports(tx, limit=limit, after=after)
    items, next_cursor = cursor.page(
        rows, limit, REPORTS_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    return JSONBytes({"items": items, "next_cursor": next_cursor})

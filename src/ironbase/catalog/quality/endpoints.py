"""/v1/admin: the catalog's data-quality checks and their stored reports (administrators
only). Bodies are sent as read, without re-validation (ADR 0006)."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.catalog.quality import service
from ironbase.catalog.quality.schemas import QualityReportOut
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)


@router.post("/catalog/check", status_code=201, response_model=QualityReportOut)
async def check_catalog(admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    """Run the catalog's data-quality checks and store the report."""
    return JSONBytes(await service.check_and_read(tx, admin.user_id), status_code=201)


@router.get("/data-quality-reports", response_model=Page[QualityReportOut])
async def list_reports(
    admin: CurrentAdmin, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    items, next_cursor = await service.list_reports(tx, limit, cursor)
    return JSONBytes({"items": items, "next_cursor": next_cursor})

"""/v1/admin/overview: the operators' numbers at a glance (administrators only)."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.admin.overview import service
from ironbase.admin.overview.schemas import Overview
from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)


@router.get("/overview", response_model=Overview)
async def overview(admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    """People and pro people, workouts and sets per day (last 30 days, UTC), open and unread
    notifications, the last data-quality report; from small tables kept by triggers, so it
    costs the same whatever the size of the training log."""
    return JSONBytes(await service.overview(tx))

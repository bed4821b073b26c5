"""/v1/admin/gyms: platform administration of gyms (administrators only, audited)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.gyms.admin import service
from ironbase.gyms.admin.schemas import GymVerify
from ironbase.gyms.schemas import GymDetail
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)


@router.patch("/gyms/{gym_id}", response_model=GymDetail)
async def verify_gym(gym_id: uuid.UUID, body: GymVerify, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    """Mark a gym verified or not."""
    return JSONBytes(await service.verify(tx, admin, gym_id, body))

"""/v1/gyms/{id}/equipment: what a gym has, replaced by its admins and staff."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.gyms.equipment import service
from ironbase.gyms.equipment.schemas import GymEquipmentUpdate
from ironbase.gyms.schemas import GymDetail
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["gyms"], route_class=RetryingRoute)


@router.put("/gyms/{gym_id}/equipment", response_model=GymDetail)
async def replace_equipment(
    gym_id: uuid.UUID, body: GymEquipmentUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    content = await service.replace_equipment(tx, caller, gym_id, body)
    return JSONBytes(content)

"""/v1/admin/equipment: administrators curate the catalog's equipment.

Bodies are built by the services in the documented shapes and sent without re-validation.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.catalog.equipment import admin_service
from ironbase.catalog.equipment.schemas import (
    EquipmentAdminCreate,
    EquipmentAdminUpdate,
    EquipmentOut,
)
from ironbase.catalog.parameters import LangChain
from ironbase.kit.locales import chain_for
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)


@router.post("/equipment", status_code=201, response_model=EquipmentOut)
async def create_equipment(
    body: EquipmentAdminCreate, admin: CurrentAdmin, tx: Tx, chain: LangChain
) -> JSONBytes:
    created = await admin_service.create_equipment(tx, admin, body, chain)
    return JSONBytes(created, status_code=201)


@router.patch("/equipment/{equipment_id}", response_model=EquipmentOut)
async def update_equipment(
    equipment_id: uuid.UUID,
    body: EquipmentAdminUpdate,
    admin: CurrentAdmin,
    tx: Tx,
    chain: LangChain,
) -> JSONBytes:
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

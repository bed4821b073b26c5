"""The gym's fixed increments for a member: the dumbbell to take, and where to pin a
machine's stack."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from ironbase.auth.dependencies import CurrentUser
from ironbase.gyms.dependencies import Transactions, computed
from ironbase.gyms.fixed import service
from ironbase.gyms.fixed.schemas import DumbbellPick, StackPick
from ironbase.kit.responses import JSONBytes
from ironbase.kit.units import BoundedDecimal, DecimalJsonRoute, MassUnit
from ironbase.limits.dependencies import rate_limited

# Queries keep numbers exact (Decimal), like the other plate routes.
# Both routes run a solver: they count against the "plates" limit, like the calculator.
router = APIRouter(
    tags=["gyms", "plates"],
    route_class=DecimalJsonRoute,
    dependencies=[Depends(rate_limited("plates"))],
)

Target = Annotated[
    Decimal,
    BoundedDecimal,
    Query(gt=0, le=2500, max_digits=9, decimal_places=3, description="In `unit`."),
]
EquipmentRef = Annotated[str, Path(max_length=120, description="Catalog id or slug.")]


@router.get("/me/gyms/{gym_id}/dumbbells", response_model=DumbbellPick)
async def pick_dumbbell(
    gym_id: uuid.UUID,
    target: Target,
    caller: CurrentUser,
    tx: Transactions,
    unit: MassUnit | None = None,
) -> JSONBytes:
    """The gym's dumbbell for ``target`` (the mass of one dumbbell)."""
    return computed(await service.dumbbells(tx, caller, gym_id, target=target, unit=unit))


@router.get("/me/gyms/{gym_id}/machines/{equipment}", response_model=StackPick)
async def snap_to_stack(
    gym_id: uuid.UUID,
    equipment: EquipmentRef,
    target: Target,
    caller: CurrentUser,
    tx: Transactions,
    unit: MassUnit | None = None,
) -> JSONBytes:
    """Where to put the pin of a machine the gym has, topped with your miniweights there."""
    return computed(await service.machine(tx, caller, gym_id, equipment, target=target, unit=unit))

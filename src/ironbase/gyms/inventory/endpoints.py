"""Plates: the calculator, and a person's own plates, miniweights and collars at a gym with
what they can load there."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.flags.dependencies import require_flag
from ironbase.gyms.dependencies import Transactions, computed
from ironbase.gyms.inventory import service
from ironbase.gyms.inventory.schemas import (
    Collars,
    CollarsUpdate,
    LoadPage,
    Miniweights,
    MiniweightsUpdate,
    Plates,
    PlatesUpdate,
    SolveRequest,
    SolveResult,
    WarmupRequest,
    WarmupResult,
)
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit
from ironbase.kit.responses import JSONBytes
from ironbase.kit.units import BoundedDecimal, DecimalJsonRoute, MassUnit
from ironbase.limits.dependencies import rate_limited

# Bodies keep JSON numbers exact (Decimal), so 1e-999999999 is refused, not read as 0.
router = APIRouter(tags=["gyms", "plates"], route_class=DecimalJsonRoute)

# Every route that runs the solver counts against the "plates" limit (before any work).
SOLVER_LIMIT = Depends(rate_limited("plates"))
# Warm-up ladders are the solver's heaviest work: operators can switch them off, or narrow
# them, by creating the flag (no flag: on for everyone).
WARMUP_FLAG = Depends(require_flag("plates.warmup", when_absent=True))


def _mass(description: str, alias: str | None = None) -> Any:
    return Query(
        ge=0, le=2500, max_digits=9, decimal_places=3, alias=alias, description=description
    )


@router.post("/plates/solve", response_model=SolveResult, dependencies=[SOLVER_LIMIT])
async def solve(body: SolveRequest, caller: CurrentUser, tx: Transactions) -> JSONBytes:
    return computed(await service.solve(tx, caller, body))


@router.post(
    "/plates/warmup", response_model=WarmupResult, dependencies=[SOLVER_LIMIT, WARMUP_FLAG]
)
async def warmup(body: WarmupRequest, caller: CurrentUser, tx: Transactions) -> JSONBytes:
    return computed(await service.warmup(tx, caller, body))


@router.get("/me/gyms/{gym_id}/plates", response_model=Plates)
async def read_plates(gym_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_plates(tx, caller, gym_id))


@router.put("/me/gyms/{gym_id}/plates", response_model=Plates)
async def put_plates(
    gym_id: uuid.UUID, body: PlatesUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.put_plates(tx, caller, gym_id, body))


@router.get("/me/gyms/{gym_id}/miniweights", response_model=Miniweights)
async def read_miniweights(gym_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_miniweights(tx, caller, gym_id))


@router.put("/me/gyms/{gym_id}/miniweights", response_model=Miniweights)
async def put_miniweights(
    gym_id: uuid.UUID, body: MiniweightsUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.put_miniweights(tx, caller, gym_id, body))


@router.get("/me/gyms/{gym_id}/collars", response_model=Collars)
async def read_collars(gym_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_collars(tx, caller, gym_id))


@router.put("/me/gyms/{gym_id}/collars", response_model=Collars)
async def put_collars(
    gym_id: uuid.UUID, body: CollarsUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    """Replace the set: one entry per bar type, and one with ``bar_type`` null for the rest."""
    return JSONBytes(await service.put_collars(tx, caller, gym_id, body))


@router.get(
    "/me/gyms/{gym_id}/loads",
    response_model=SolveResult | LoadPage,
    dependencies=[SOLVER_LIMIT],
)
async def loads(
    gym_id: uuid.UUID,
    caller: CurrentUser,
    tx: Transactions,
    cursor: Cursor,
    target: Annotated[
        Decimal | None, BoundedDecimal, _mass("Solve this total; omit to list loads.")
    ] = None,
    unit: MassUnit | None = None,
    bar_type: Annotated[str | None, Query(max_length=120, description="Id or slug.")] = None,
    low: Annotated[Decimal | None, BoundedDecimal, _mass("Lightest load (bar).", "min")] = None,
    high: Annotated[
        Decimal | None, BoundedDecimal, _mass("Heaviest load listed (all plates).", "max")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    return computed(
        await service.loads(
            tx,
            caller,
            gym_id,
            target=target,
            unit=unit,
            bar_type=bar_type,
            low=low,
            high=high,
            limit=limit,
            cursor=cursor,
        )
    )

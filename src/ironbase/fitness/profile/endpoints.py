"""/v1/me/fitness-profile: goal, schedule, exclusions and body weight."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.fitness.profile import service
from ironbase.fitness.profile.schemas import (
    FitnessProfile,
    FitnessProfilePatch,
    FitnessProfilePut,
)
from ironbase.kit import time as clock
from ironbase.kit.responses import JSONBytes
from ironbase.kit.units import DecimalJsonRoute

router = APIRouter(tags=["fitness"], route_class=DecimalJsonRoute)


@router.get("/me/fitness-profile", response_model=FitnessProfile)
async def read_profile(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_profile(tx, caller, clock.utcnow()))


@router.put("/me/fitness-profile", response_model=FitnessProfile)
async def put_profile(body: FitnessProfilePut, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.put_profile(tx, caller, body, clock.utcnow()))


@router.patch("/me/fitness-profile", response_model=FitnessProfile)
async def patch_profile(body: FitnessProfilePatch, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.patch_profile(tx, caller, body, clock.utcnow()))

"""/v1/records, /v1/exercises/{id}/history, /v1/stats/volume and /v1/stats/summary."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from ironbase.auth.dependencies import CurrentUser, Transactions
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.kit.time import day_query
from ironbase.kit.units import MassUnit
from ironbase.training.stats import service
from ironbase.training.stats.schemas import GroupBy, HistoryOut, RecordsOut, SummaryOut, VolumeOut

router = APIRouter(tags=["stats"], route_class=RetryingRoute)

From = Annotated[dt.date | None, day_query("First local day (included).", alias="from")]
To = Annotated[dt.date | None, day_query("Last local day (included).")]
Unit = Annotated[MassUnit | None, Query(description="Unit of the masses; default: the caller's.")]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@router.get("/records", response_model=RecordsOut)
async def records(caller: CurrentUser, tx: Transactions, unit: Unit = None) -> JSONBytes:
    return JSONBytes(await service.get_records(tx, caller, unit))


@router.get("/exercises/{exercise_id}/history", response_model=HistoryOut)
async def exercise_history(
    exercise_id: uuid.UUID,
    caller: CurrentUser,
    tx: Transactions,
    from_: From = None,
    to: To = None,
    unit: Unit = None,
) -> JSONBytes:
    body = await service.exercise_history(tx, caller, exercise_id, from_, to, unit, _now())
    return JSONBytes(body)


@router.get("/stats/volume", response_model=VolumeOut)
async def volume(
    caller: CurrentUser,
    tx: Transactions,
    from_: From = None,
    to: To = None,
    group_by: GroupBy = "muscle",
    unit: Unit = None,
) -> JSONBytes:
    return JSONBytes(await service.get_volume(tx, caller, from_, to, group_by, unit, _now()))


@router.get("/stats/summary", response_model=SummaryOut)
async def summary(
    caller: CurrentUser, tx: Transactions, from_: From = None, to: To = None
) -> JSONBytes:
    return JSONBytes(await service.get_summary(tx, caller, from_, to, _now()))

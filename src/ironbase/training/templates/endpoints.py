"""/v1/templates: the caller's workout templates, and starting a workout from one."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from ironbase.auth.dependencies import CurrentUser, Transactions, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.units import DecimalJsonRoute, MassUnit
from ironbase.training.templates import service
from ironbase.training.templates.schemas import (
    StartedWorkout,
    Template,
    TemplateCreate,
    TemplateStart,
    TemplateUpdate,
)

# Exact numbers in bodies (RPE 8.5 stays Decimal('8.5')); retried like every route.
router = APIRouter(tags=["templates"], route_class=DecimalJsonRoute)

Include = Annotated[
    Literal["summary"] | None,
    Query(description="`summary`: the templates without their exercises."),
]
Unit = Annotated[
    MassUnit | None,
    Query(description="Unit of the masses in the answer; default: your unit system."),
]


@router.get("/templates", response_model=Page[Template])
async def list_templates(
    caller: CurrentUser,
    cursor: Cursor,
    tx: Tx,
    limit: Limit = DEFAULT_LIMIT,
    include: Include = None,
) -> JSONBytes:
    page = await service.list_templates(
        tx, caller, cursor, limit=limit, summary=include == "summary"
    )
    return JSONBytes(page)


@router.post("/templates", response_model=Template, status_code=201)
async def create_template(body: TemplateCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.create_template(tx, caller, body), status_code=201)


@router.get("/templates/{template_id}", response_model=Template)
async def read_template(template_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_template(tx, caller, template_id))


@router.patch("/templates/{template_id}", response_model=Template)
async def patch_template(
    template_id: uuid.UUID, body: TemplateUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.update_template(tx, caller, template_id, body))


@router.delete("/templates/{template_id}", status_code=204)
async def delete_template(template_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_template(tx, caller, template_id)
    return Response(status_code=204)


@router.post("/templates/{template_id}/start", response_model=StartedWorkout, status_code=201)
async def start_template(
    template_id: uuid.UUID,
    caller: CurrentUser,
    tx: Transactions,
    body: TemplateStart | None = None,
    unit: Unit = None,
) -> JSONBytes:
    """A new workout with the template's exercises and planned sets (not yet completed),
    prefilled from your last performance; with plates and a warm-up for barbell lifts at
    a gym where you keep plates (see `loading`)."""
    now = dt.datetime.now(dt.UTC)
    content = await service.start_template(
        tx, caller, template_id, body or TemplateStart(), unit, now
    )
    return JSONBytes(content, status_code=201)

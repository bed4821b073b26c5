"""/v1/me/exports (GDPR art. 15 and 20), DELETE /v1/me and DELETE /v1/admin/users/{id}
(art. 17)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from ironbase.auth.dependencies import AppSettings, CurrentAdmin, CurrentUser, Transactions, Tx
from ironbase.auth.service import Transaction
from ironbase.db import pg
from ironbase.kit.caller import AuthContext
from ironbase.kit.context import client_ip_var
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.limits.dependencies import rate_limited
from ironbase.privacy import service
from ironbase.privacy.schemas import Erased, EraseMe, Export, ExportStarted

router = APIRouter(tags=["privacy"], route_class=RetryingRoute)

_ZIP: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/zip": {}}, "description": "The export, a zip."}
}


@router.post(
    "/me/exports",
    status_code=202,
    response_model=ExportStarted,
    dependencies=[Depends(rate_limited("exports"))],
)
async def start_export(caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.start_export(tx, caller), status_code=202)


@router.get("/me/exports/{export_id}", response_model=Export)
async def read_export(export_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_export(tx, caller, export_id))


@router.get("/me/exports/{export_id}/file", response_class=Response, responses=_ZIP)
async def export_file(export_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    content, name = await service.export_file(tx, caller, export_id)
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.delete("/me", response_model=Erased)
async def erase_me(
    body: EraseMe,
    request: Request,
    caller: CurrentUser,
    transactions: Transactions,
    settings: AppSettings,
) -> JSONBytes:
    pool = request.app.state.pool
    auth_transaction: Transaction = lambda: pg.request_transaction(  # noqa: E731
        pool, AuthContext.auth_service()
    )
    erased = await service.erase_me(
        auth_transaction, transactions, caller, body.password, settings, client_ip_var.get()
    )
    return JSONBytes({"pseudonym": erased.pseudonym, "rows": erased.rows})


@router.delete("/admin/users/{user_id}", response_model=Erased, tags=["admin"])
async def erase_user(user_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    erased = await service.erase_user(tx, admin, user_id)
    return JSONBytes({"pseudonym": erased.pseudonym, "rows": erased.rows})

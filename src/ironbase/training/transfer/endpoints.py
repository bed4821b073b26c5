"""/v1/imports (files from other apps, their reports and name mappings) and /v1/exports."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from starlette.responses import StreamingResponse

from ironbase.auth.dependencies import CurrentUser, Transactions, Tx
from ironbase.catalog.search.cache import CatalogSearchCache
from ironbase.kit.errors import PROBLEM_JSON
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.kit.units import MassUnit
from ironbase.limits.dependencies import rate_limited
from ironbase.training.imports import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS
from ironbase.training.transfer import exporting, service
from ironbase.training.transfer.schemas import (
    ExportDocument,
    ImportReport,
    Mappings,
    RememberedName,
)
from ironbase.training.transfer.upload import Upload

router = APIRouter(tags=["imports and exports"], route_class=RetryingRoute)

# The body is read by the Upload dependency (bounded, streamed): documented here instead.
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": (
                                "A CSV export of Strong, Hevy, FitNotes, Fitbod or JEFIT "
                                f"(at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB and "
                                f"{MAX_IMPORT_ROWS} rows)."
                            ),
                        },
                        "unit": {
                            "type": "string",
                            "enum": ["kg", "lb"],
                            "description": "The mass unit, for files that do not say.",
                        },
                    },
                }
            }
        },
    }
}
_EXPORT_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The export: JSON (`ExportDocument`) or a Strong-layout CSV.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


# Counted before the upload is read: a refused client costs one statement, not a parse.
IMPORT_LIMIT = Depends(rate_limited("imports"))


def _catalog(request: Request) -> CatalogSearchCache:
    cache: CatalogSearchCache = request.app.state.catalog_search
    return cache


@router.post(
    "/imports",
    dependencies=[IMPORT_LIMIT],
    response_model=ImportReport,
    status_code=201,
    openapi_extra=_UPLOAD_BODY,
    responses={
        200: {"model": ImportReport, "description": "This file was imported before."},
        413: {
            "description": "The upload or the file is over the limits",
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        },
        422: {"description": "Not a file this API reads, or a bad line (named)"},
    },
)
async def create_import(
    request: Request, caller: CurrentUser, upload: Upload, transactions: Transactions
) -> JSONBytes:
    result = await service.import_file(
        transactions,
        caller,
        _catalog(request),
        upload.file,
        file_name=upload.file_name,
        unit=upload.unit,
    )
    return JSONBytes(result.report, status_code=201 if result.created else 200)


@router.get("/imports", response_model=Page[ImportReport])
async def list_imports(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_imports(tx, caller, cursor, limit))


@router.get("/imports/{import_id}", response_model=ImportReport)
async def read_import(import_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_import(tx, caller, import_id))


@router.delete("/imports/{import_id}", status_code=204)
async def delete_import(import_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_import(tx, caller, import_id)
    return Response(status_code=204)


@router.post(
    "/imports/{import_id}/mappings", dependencies=[IMPORT_LIMIT], response_model=ImportReport
)
async def map_names(
    import_id: uuid.UUID, body: Annotated[Mappings, Body()], caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.map_names(tx, caller, import_id, body))


@router.get("/name-mappings", response_model=Page[RememberedName])
async def list_remembered_names(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_remembered_names(tx, caller, cursor, limit))


@router.delete("/name-mappings/{mapping_id}", status_code=204)
async def forget_remembered_name(mapping_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.forget_remembered_name(tx, caller, mapping_id)
    return Response(status_code=204)


@router.get(
    "/exports",
    dependencies=[Depends(rate_limited("exports"))],
    response_model=ExportDocument,
    responses=_EXPORT_CONTENT,
)
async def export(
    caller: CurrentUser,
    transactions: Transactions,
    export_format: Annotated[
        exporting.ExportFormat,
        Query(alias="format", description="`json` (everything) or `csv` (Strong's layout)."),
    ] = "json",
    unit: Annotated[
        MassUnit | None, Query(description="Unit of the JSON's masses; default: yours.")
    ] = None,
) -> StreamingResponse:
    now = dt.datetime.now(dt.UTC)
    profile = await exporting.profile(transactions, caller, export_format, unit)
    if export_format == "csv":
        chunks = exporting.csv_chunks(transactions, caller, profile)
    else:
        chunks = exporting.json_chunks(transactions, caller, profile, now)
    name = exporting.file_name(export_format, now)
    return StreamingResponse(
        chunks,
        media_type=exporting.MEDIA_TYPES[export_format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

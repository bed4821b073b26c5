"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

import asyncpg
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ironbase.db import pg
from ironbase.db.setup import head_revision
from ironbase.kit.caller import AuthContext
from ironbase.kit.errors import problem_response
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["health"], route_class=RetryingRoute)
_SCHEMA_REVISION = pg.Query("select version_num from alembic_version")


@router.get("/health")
async def health() -> dict[str, str]:
    """The process is up. Says nothing about the database on purpose (liveness)."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
async def ready(request: Request) -> dict[str, Any] | JSONResponse:
    """Ready to serve: the database answers and its schema is at the head migration."""
    expected = head_revision()
    try:
        async with pg.request_transaction(request.app.state.pool, AuthContext.anonymous()) as tx:
            current = await tx.value(_SCHEMA_REVISION)
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
        return problem_response(
            503, "Service Unavailable", "The database is unreachable.", "not-ready"
        )
    if current != expected:
        return problem_response(
            503,
            "Service Unavailable",
            f"The database schema is at {current}, expected {expected}: run `ironbase db upgrade`.",
            "not-ready",
        )
    return {"status": "ready", "schema_revision": current}

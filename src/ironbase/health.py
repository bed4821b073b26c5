"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ironbase.auth.context import AuthContext
from ironbase.db.session import request_transaction
from ironbase.db.setup import head_revision
from ironbase.kit.errors import problem_response
from ironbase.kit.retry import RetryingRoute

router = APIRouter(tags=["health"], route_class=RetryingRoute)


@router.get("/health")
async def health() -> dict[str, str]:
    """The process is up. Says nothing about the database on purpose (liveness)."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
async def ready(request: Request) -> dict[str, Any] | JSONResponse:
    """Ready to serve: the database answers and its schema is at the head migration."""
    expected = head_revision()
    try:
        async with request_transaction(
            request.app.state.sessionmaker, AuthContext.anonymous()
        ) as db:
            current = (await db.execute(text("select version_num from alembic_version"))).scalar()
    except (SQLAlchemyError, OSError):
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

"""RFC 9457 problem details: every error a client sees has this one shape."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, StatementError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ironbase.kit.context import request_id_var

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://ironbase.dev/problems/"
log = logging.getLogger(__name__)


class ProblemError(Exception):
    """An error meant for the client. ``commit`` keeps the transaction's writes (e.g. counters)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        title: str | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        commit: bool = False,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind or _slug(HTTPStatus(status).phrase)
        self.title = title or HTTPStatus(status).phrase
        self.errors = list(errors) if errors else None
        self.headers = dict(headers or {})
        self.commit = commit


class NotFound(ProblemError):
    def __init__(self, what: str) -> None:
        super().__init__(404, f"{what} was not found.", kind="not-found")


class Conflict(ProblemError):
    def __init__(self, detail: str, kind: str = "conflict") -> None:
        super().__init__(409, detail, kind=kind)


class Unauthorized(ProblemError):
    def __init__(self, detail: str = "Missing or invalid credentials.", **kw: Any) -> None:
        super().__init__(
            401, detail, kind="unauthorized", headers={"WWW-Authenticate": "Bearer"}, **kw
        )


class Forbidden(ProblemError):
    def __init__(self, detail: str = "You are not allowed to do this.") -> None:
        super().__init__(403, detail, kind="forbidden")


class InvalidInput(ProblemError):
    """422 for input that parses but breaks a rule, with the field that broke it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(
            422,
            message,
            kind="validation-error",
            title="Invalid input",
            errors=[{"loc": field.split("."), "msg": message, "type": "value_error"}],
        )


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-").replace("'", "")


def problem_response(
    status: int,
    title: str,
    detail: str,
    kind: str,
    *,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
        "request_id": request_id_var.get(),
    }
    if errors:
        body["errors"] = list(errors)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _clean_validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Echoing the input back could reflect megabytes or secrets: keep location, message, type.
    return [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err.get("type")}
        for err in exc.errors()
    ]


async def _on_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status, exc.title, exc.detail, exc.kind, errors=exc.errors, headers=exc.headers
    )


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(
        422,
        "Invalid input",
        "The request does not match the expected shape; see `errors`.",
        "validation-error",
        errors=_clean_validation_errors(exc),
    )


async def _on_http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    return problem_response(
        exc.status_code, phrase, detail, _slug(phrase), headers=getattr(exc, "headers", None)
    )


def _sqlstate(exc: Exception) -> str:
    """SQLSTATE of an error from either request path (asyncpg directly, or SQLAlchemy)."""
    if isinstance(exc, asyncpg.PostgresError):
        return str(exc.sqlstate or "")
    orig = getattr(exc, "orig", None)
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")


async def _on_database(request: Request, exc: Exception) -> JSONResponse:
    """The database refused input the API let through (a NUL byte in text, a value out of
    a column's range, a race on a unique key): the client's 4xx, never a 500."""
    state = _sqlstate(exc)
    if state.startswith("22"):  # data exception
        return problem_response(
            422, "Invalid input", "A value cannot be stored as sent.", "validation-error"
        )
    if state.startswith("23"):  # integrity constraint violation
        return problem_response(
            409,
            "Conflict",
            "The change conflicts with existing data; reload and retry.",
            "conflict",
        )
    if state in ("40001", "40P01"):  # serialization failure, deadlock
        return problem_response(
            503,
            "Service Unavailable",
            "A concurrent change got in the way; retry.",
            "retry",
            headers={"Retry-After": "1"},
        )
    return await _on_unexpected(request, exc)


async def _on_unexpected(_: Request, exc: Exception) -> JSONResponse:
    return internal_error(exc)


def internal_error(exc: BaseException) -> JSONResponse:
    """Log ``exc`` without personal data and answer 500 problem+json with the request id."""
    extra = {
        "request_id": request_id_var.get(),  # on the record: a queued handler may format later
        "error": type(exc).__name__,
        "exc": _scrubbed_traceback(exc),
    }
    log.error("unhandled error", extra=extra)
    return problem_response(
        500, "Internal Server Error", "Something went wrong on our side.", "internal-error"
    )


_EMAIL_LIKE = re.compile(r"[^\s@\"'(),:;<>\[\]{}]+@[^\s@\"'(),:;<>\[\]{}]+")


def _scrubbed_traceback(exc: BaseException) -> str:
    """The traceback, minus what identifies people. SQLAlchemy errors print the failing
    statement's parameters, and the first statement of a request carries the caller's
    claims (email, session id): hide them. Anything else shaped like an email goes too."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StatementError):
            current.hide_parameters = True
        current = current.__cause__ or current.__context__
    text = "".join(traceback.format_exception(exc))
    return _EMAIL_LIKE.sub("<email>", text)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(DBAPIError, _on_database)
    app.add_exception_handler(asyncpg.PostgresError, _on_database)
    app.add_exception_handler(Exception, _on_unexpected)

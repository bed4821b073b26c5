"""RFC 9457 problem details: every error a client sees has this one shape.

Titles and details are written in the request's language (``Accept-Language``, falling back
pt-BR -> pt -> en) from the in-memory texts of ``kit.i18n``: a title by the problem's kind
(``problem.title.<kind>``) or else its status (``http.status.<code>``), a detail by the key
the error carries (``problem.detail.<name>``, with its params). An error without a key keeps
its English detail; ``errors`` items (field messages) stay English.
"""

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
from ironbase.kit.i18n import TEXTS
from ironbase.kit.locales import chain_for

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
        key: str | None = None,
        params: Mapping[str, Any] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        # Extension members of the problem (RFC 9457 section 3.2), beside the standard ones.
        self.extensions = dict(extensions or {})
        self.status = status
        self.detail = detail
        # The detail's text key (``detail`` is its English) and the values it names.
        self.key = key
        self.params = dict(params or {})
        self.kind = kind or _slug(HTTPStatus(status).phrase)
        self.title = title or HTTPStatus(status).phrase
        self.errors = list(errors) if errors else None
        self.headers = dict(headers or {})
        self.commit = commit


class NotFound(ProblemError):
    def __init__(self, what: str) -> None:
        super().__init__(
            404,
            f"{what} was not found.",
            kind="not-found",
            key="problem.detail.not-found",
            params={"what": what},
        )


class Conflict(ProblemError):
    def __init__(self, detail: str, kind: str = "conflict", key: str | None = None) -> None:
        super().__init__(409, detail, kind=kind, key=key)


_NO_CREDENTIALS = "Missing or invalid credentials."
_NOT_ALLOWED = "You are not allowed to do this."


class Unauthorized(ProblemError):
    """``key`` names the detail's text; the default detail has one of its own."""

    def __init__(self, detail: str = _NO_CREDENTIALS, key: str | None = None, **kw: Any) -> None:
        if key is None and detail == _NO_CREDENTIALS:
            key = "problem.detail.unauthorized"
        super().__init__(
            401, detail, kind="unauthorized", headers={"WWW-Authenticate": "Bearer"}, key=key, **kw
        )


class Forbidden(ProblemError):
    def __init__(self, detail: str = _NOT_ALLOWED, key: str | None = None) -> None:
        if key is None and detail == _NOT_ALLOWED:
            key = "problem.detail.forbidden"
        super().__init__(403, detail, kind="forbidden", key=key)


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


def problem_chain(accept_language: str | None) -> list[str]:
    """The languages of a problem: ``Accept-Language`` (first tag), else English. Problems
    are often answered before anyone is known, so the profile's locale plays no part."""
    return chain_for(None, accept_language[:200] if accept_language else None)


def problem_response(
    status: int,
    title: str,
    detail: str,
    kind: str,
    *,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    accept_language: str | None = None,
    key: str | None = None,
    params: Mapping[str, Any] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """``title`` and ``detail`` are the English; the body carries them in the request's
    language when the texts have them (``key`` names the detail's text)."""
    texts, chain = TEXTS.current, problem_chain(accept_language)
    found = texts.lookup(f"problem.title.{kind}", chain) or texts.lookup(
        f"http.status.{status}", chain
    )
    language = "en"
    if found is not None:
        title, language = found
    if key is not None:
        detail = texts.render(key, chain, params, default=detail) or detail
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
        "request_id": request_id_var.get(),
    }
    if errors:
        body["errors"] = list(errors)
    for name, value in (extensions or {}).items():
        body.setdefault(name, value)
    response_headers = {**(headers or {}), "Content-Language": language}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=response_headers)


def _accept_language(request: Request) -> str | None:
    return request.headers.get("accept-language")


def _clean_validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Echoing the input back could reflect megabytes or secrets: keep location, message, type.
    return [
        {"loc": list(err.get("loc", ())), "msg": str(err.get("msg", "")), "type": err.get("type")}
        for err in exc.errors()
    ]


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status,
        exc.title,
        exc.detail,
        exc.kind,
        errors=exc.errors,
        headers=exc.headers,
        accept_language=_accept_language(request),
        key=exc.key,
        params=exc.params,
        extensions=exc.extensions,
    )


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(
        422,
        "Invalid input",
        "The request does not match the expected shape; see `errors`.",
        "validation-error",
        errors=_clean_validation_errors(exc),
        accept_language=_accept_language(request),
        key="problem.detail.request-shape",
    )


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    return problem_response(
        exc.status_code,
        phrase,
        detail,
        _slug(phrase),
        headers=getattr(exc, "headers", None),
        accept_language=_accept_language(request),
        # Starlette's own errors (no route, wrong method) say only the phrase.
        key=f"http.status.{exc.status_code}" if detail == phrase else None,
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
    language = _accept_language(request)
    if state.startswith("22"):  # data exception
        return problem_response(
            422,
            "Invalid input",
            "A value cannot be stored as sent.",
            "validation-error",
            accept_language=language,
            key="problem.detail.value-not-storable",
        )
    if state.startswith("23"):  # integrity constraint violation
        return problem_response(
            409,
            "Conflict",
            "The change conflicts with existing data; reload and retry.",
            "conflict",
            accept_language=language,
            key="problem.detail.conflict",
        )
    if state in ("40001", "40P01"):  # serialization failure, deadlock
        return problem_response(
            503,
            "Service Unavailable",
            "A concurrent change got in the way; retry.",
            "retry",
            headers={"Retry-After": "1"},
            accept_language=language,
            key="problem.detail.retry",
        )
    return await _on_unexpected(request, exc)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    return internal_error(exc, _accept_language(request))


def internal_error(exc: BaseException, accept_language: str | None = None) -> JSONResponse:
    """Log ``exc`` without personal data and answer 500 problem+json with the request id."""
    extra = {
        "request_id": request_id_var.get(),  # on the record: a queued handler may format later
        "error": type(exc).__name__,
        "exc": _scrubbed_traceback(exc),
    }
    log.error("unhandled error", extra=extra)
    return problem_response(
        500,
        "Internal Server Error",
        "Something went wrong on our side.",
        "internal-error",
        accept_language=accept_language,
        key="problem.detail.internal-error",
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

"""The published OpenAPI document says what errors really look like.

FastAPI documents every 422 as ``application/json`` with its own ``HTTPValidationError``
shape, and no other error at all; the API answers every error as RFC 9457
``application/problem+json`` (kit/errors.py). This rewrites the document once, so clients and
the schema-driven fuzz test read the truth: each 422 and every other error (``default``) is a
``Problem``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from ironbase.kit.errors import PROBLEM_JSON

_REF = "#/components/schemas/{model}"


class ProblemItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str | None = None


class Problem(BaseModel):
    """RFC 9457 problem details, plus the request id and, for invalid input, the fields."""

    type: str
    title: str
    status: int
    detail: str
    request_id: str | None
    errors: list[ProblemItem] | None = None


def _problem_response(description: str) -> dict[str, Any]:
    schema = {"$ref": _REF.format(model="Problem")}
    return {"description": description, "content": {PROBLEM_JSON: {"schema": schema}}}


def _rewrite(document: dict[str, Any]) -> None:
    components = document.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template=_REF)
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    for item in document.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = _problem_response("Invalid input (`errors` says where)")
            responses["default"] = _problem_response("An error, as problem details")
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)


def document_problems(app: FastAPI) -> None:
    """Publish problem+json as the shape of every error response."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI caches it: rewrite the cached document once
        if "Problem" not in document.get("components", {}).get("schemas", {}):
            _rewrite(document)
        return document

    app.openapi = openapi  # type: ignore[method-assign]

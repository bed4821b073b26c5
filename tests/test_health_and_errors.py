"""Probes, and problem+json for the framework's own errors."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request

from ironbase.app import create_app
from ironbase.config import Settings
from ironbase.kit.logging import JsonFormatter
from tests.conftest import client_for

PROBLEM = "application/problem+json"


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_framework_errors_are_problem_json_with_request_id(client: httpx.AsyncClient) -> None:
    not_found = await client.get("/v1/nothing-here")
    wrong_method = await client.delete("/health")
    for response, status in ((not_found, 404), (wrong_method, 405)):
        assert response.status_code == status
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert body["status"] == status
        assert body["request_id"] == response.headers["x-request-id"]
        assert {"type", "title", "detail"} <= set(body)


async def test_request_id_is_echoed_when_safe_and_replaced_when_not(
    client: httpx.AsyncClient,
) -> None:
    kept = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    replaced = await client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert kept.headers["x-request-id"] == "abc-123"
    assert replaced.headers["x-request-id"] != "bad id with spaces"
    assert len(replaced.headers["x-request-id"]) == 32


async def test_openapi_and_docs_are_served(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert "/v1/auth/token" in spec["paths"]
    token_body = spec["paths"]["/v1/auth/token"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-www-form-urlencoded"} <= set(token_body)
    assert (await client.get("/docs")).status_code == 200


async def test_text_the_database_cannot_store_is_a_client_error(client: httpx.AsyncClient) -> None:
    """A NUL byte passes JSON and Pydantic but PostgreSQL text refuses it: 422, not 500."""
    from tests.conftest import sign_up

    user = await sign_up(client)
    before = (await client.get("/v1/me", headers=user.headers)).json()
    profile = await client.patch("/v1/me", headers=user.headers, json={"display_name": "Ada\u0000"})
    gyms = await client.get("/v1/gyms", headers=user.headers, params={"q": "gym\u0000"})
    for response in (profile, gyms):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
    assert (await client.get("/v1/me", headers=user.headers)).json() == before


EMAIL = "private-person@example.com"
SESSION = "0b6f1f5e-6a4e-4c43-9d43-5f0b1c3c2a11"


@pytest.fixture
async def failing_app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The real app plus two routes that fail the way a bug would, with claims at hand."""
    application = create_app(settings)

    @application.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    @application.get("/boom-sql")
    async def boom_sql(request: Request) -> None:
        claims = json.dumps({"email": EMAIL, "session_id": SESSION})
        async with request.app.state.pool.acquire() as conn:
            # 42883 (undefined function): not a client error, so a logged 500; the claims
            # travel as the statement's parameter, as a failing first statement's would.
            await conn.execute("select no_such_function($1::text)", claims)

    async with application.router.lifespan_context(application):
        yield application


async def test_500s_carry_the_request_id_and_log_no_personal_data(
    failing_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with client_for(failing_app) as http:
        responses = [await http.get(path) for path in ("/boom", "/boom-sql")]
    for response in responses:
        assert response.status_code == 500
        assert response.headers["content-type"] == PROBLEM
        request_id = response.headers["x-request-id"]
        assert response.json()["request_id"] == request_id
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert all(EMAIL not in line and SESSION not in line for line in lines)
    logged_ids = {json.loads(formatter.format(r))["request_id"] for r in errors}
    assert logged_ids == {r.headers["x-request-id"] for r in responses}

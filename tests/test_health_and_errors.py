"""Probes, and problem+json for the framework's own errors."""

from __future__ import annotations

import httpx

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

"""Property-based fuzzing of every documented operation over real HTTP (schemathesis):
whatever a client sends that the schema allows, or nearly allows, the answer is never a
5xx, every error is problem+json, and every documented response body matches its schema.
It runs once with a free account and once with a platform administrator.

Runs against `ironbase serve` in a subprocess on a database of its own, so the random
writes (gyms, private exercises, plates) cannot disturb the other tests' data.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from ironbase.app import create_app
from ironbase.config import Environment, Settings
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.reference import seed_reference_data
from ironbase.users.administration import grant_admin
from tests.conftest import (
    AUTHENTICATOR_PASSWORD,
    PASSWORD,
    TEST_JWT_SECRET,
    UNLIMITED,
    _server_url,
)
from tests.support import scratch_database, served_api

EXAMPLES_PER_OPERATION = int(os.environ.get("IRONBASE_FUZZ_EXAMPLES", "12"))
# The administrator pass repeats every operation: fewer examples keep CI within minutes.
ADMIN_EXAMPLES_PER_OPERATION = max(1, EXAMPLES_PER_OPERATION // 3)


@pytest.fixture(scope="session")
def fuzz_database() -> Iterator[DatabaseTarget]:
    with scratch_database(_server_url(), AUTHENTICATOR_PASSWORD, "ironbase_fuzz") as target:
        with system_transaction(target) as conn:
            seed_reference_data(conn)
        yield target


@pytest.fixture(scope="session")
def served(
    fuzz_database: DatabaseTarget, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    limits_off = {
        "IRONBASE_SIGNUPS_PER_WINDOW": "1000000",
        "IRONBASE_LOGIN_FAILURES_PER_WINDOW": "1000000",
        "IRONBASE_LOGIN_FAILURES_PER_IP": "1000000",
        "IRONBASE_RATE_LIMITS": json.dumps(UNLIMITED),
    }
    data_dir = tmp_path_factory.mktemp("fuzz")
    with served_api(fuzz_database, TEST_JWT_SECRET, data_dir, **limits_off) as base:
        yield base


def _sign_up(served: str) -> tuple[str, dict[str, str]]:
    email = f"fuzzer-{uuid.uuid4().hex[:8]}@example.com"
    response = httpx.post(f"{served}/v1/auth/signup", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return email, {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="session")
def bearer(served: str) -> dict[str, str]:
    return _sign_up(served)[1]


@pytest.fixture(scope="session")
def admin_bearer(served: str, fuzz_database: DatabaseTarget) -> dict[str, str]:
    """A platform administrator, made as an operator makes one (`ironbase users
    create-admin`), signed in again so that the token carries the role."""
    email, _ = _sign_up(served)
    with system_transaction(fuzz_database) as conn:
        grant_admin(conn, email, None)
    login = httpx.post(f"{served}/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _document() -> dict[str, object]:
    """The OpenAPI document the server will publish (building the app needs no database)."""
    settings = Settings(environment=Environment.test, jwt_secret=TEST_JWT_SECRET)
    return create_app(settings).openapi()


schema = schemathesis.openapi.from_dict(_document())
# No 5xx, and every body that has a documented schema (success and 422 alike) matches it,
# with the documented media type. Undocumented statuses (401, 404, 409) are problem+json.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _check(case: schemathesis.Case[Any], served: str, headers: dict[str, str]) -> None:
    response = case.call(base_url=served, headers=headers, timeout=30)
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/problem+json"), case.formatted_path


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_as_a_user(case: schemathesis.Case[Any], served: str, bearer: dict[str, str]) -> None:
    _check(case, served, bearer)


@schema.parametrize()
@settings(
    max_examples=ADMIN_EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_as_an_administrator(
    case: schemathesis.Case[Any], served: str, admin_bearer: dict[str, str]
) -> None:
    """Administrators reach code that a free account is refused before (admin lists,
    catalog curation, any gym's role requests)."""
    _check(case, served, admin_bearer)

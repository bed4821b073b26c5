"""Any signed claim set that is malformed is a 401 problem+json: never a 500, never a 422."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TEST_JWT_SECRET, SignedUpUser, client_for, sign_up

PROBLEM = "application/problem+json"
ABSENT = object()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _sub_variants(user_id: uuid.UUID) -> st.SearchStrategy[Any]:
    plain = str(user_id)
    return (
        st.sampled_from(
            [
                plain,
                plain.upper(),
                "{" + plain + "}",
                "urn:uuid:" + plain,
                user_id.hex,
                plain + "\n",
            ]
        )
        | json_values
    )


def _claim_sets(user_id: uuid.UUID) -> st.SearchStrategy[dict[str, Any]]:
    def maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.just(ABSENT) | values

    roles = st.lists(st.sampled_from(["admin", "coach"]) | json_values, max_size=3) | json_values
    fields = st.fixed_dictionaries(
        {
            "sub": _sub_variants(user_id),
            "email": maybe(st.just("ada@example.com") | json_values),
            "session_id": maybe(st.just(str(uuid.uuid4())) | json_values),
            "role": maybe(st.just("authenticated") | json_values),
            "app_metadata": maybe(st.fixed_dictionaries({"roles": roles}) | json_values),
        }
    )
    return fields.map(lambda d: {k: v for k, v in d.items() if v is not ABSENT})


def _token(claims: dict[str, Any]) -> str:
    now = int(time.time())
    return jwt.encode(
        {"aud": "authenticated", "iat": now, "exp": now + 600, **claims}, TEST_JWT_SECRET, "HS256"
    )


@pytest.fixture(scope="module")
async def claims_user(app: FastAPI) -> SignedUpUser:
    async with client_for(app) as http:
        return await sign_up(http)


async def _me(app: FastAPI, claims: dict[str, Any]) -> httpx.Response:
    async with client_for(app) as http:
        return await http.get("/v1/me", headers={"Authorization": f"Bearer {_token(claims)}"})


@pytest.mark.parametrize(
    "claims",
    [
        {"app_metadata": ["admin"]},
        {"app_metadata": {"roles": 7}},
        {"app_metadata": {"roles": [1, 2]}},
        {"app_metadata": "admin"},
        {"sub": "URN:UUID:{user}"},
        {"sub": "{{{user}}}"},
        {"sub": 12345},
        {"session_id": ["x"]},
        {"email": {"a": 1}},
        {"role": "service_role"},
    ],
)
async def test_malformed_claims_are_401(
    app: FastAPI, claims_user: SignedUpUser, claims: dict[str, Any]
) -> None:
    full: dict[str, Any] = {"sub": str(claims_user.id), **claims}
    if isinstance(full["sub"], str):
        full["sub"] = full["sub"].format(user=claims_user.id)
    response = await _me(app, full)
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["request_id"] == response.headers["x-request-id"]


async def test_well_formed_claims_still_work(app: FastAPI, claims_user: SignedUpUser) -> None:
    claims = {
        "sub": str(claims_user.id),
        "email": claims_user.email,
        "role": "authenticated",
        "session_id": str(uuid.uuid4()),
        "app_metadata": {"roles": []},
    }
    assert (await _me(app, claims)).status_code == 200


@given(data=st.data())
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
async def test_random_signed_claims_answer_401_or_success(
    app: FastAPI, claims_user: SignedUpUser, data: st.DataObject
) -> None:
    claims = data.draw(_claim_sets(claims_user.id))
    response = await _me(app, claims)
    assert response.status_code in (200, 401), (claims, response.text)
    if response.status_code == 401:
        assert response.headers["content-type"] == PROBLEM

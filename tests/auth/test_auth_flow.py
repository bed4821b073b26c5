"""Signup, login (JSON and OAuth2 form), refresh rotation and reuse, logout."""

from __future__ import annotations

import time
import uuid

import httpx
import jwt
import pytest

from tests.conftest import PASSWORD, TEST_JWT_SECRET, sign_up

PROBLEM = "application/problem+json"


async def test_signup_returns_tokens_and_normalises_email(client: httpx.AsyncClient) -> None:
    local = uuid.uuid4().hex[:10]
    response = await client.post(
        "/v1/auth/signup", json={"email": f"  {local.upper()}@Example.COM ", "password": PASSWORD}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == f"{local}@example.com"
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    claims = jwt.decode(
        body["access_token"], TEST_JWT_SECRET, algorithms=["HS256"], audience="authenticated"
    )
    assert claims["sub"] == body["user"]["id"]
    assert claims["role"] == "authenticated"
    assert claims["email"] == f"{local}@example.com"
    assert claims["app_metadata"] == {"roles": []}
    assert claims["exp"] - claims["iat"] == 900


async def test_duplicate_email_is_a_conflict(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    response = await client.post(
        "/v1/auth/signup", json={"email": user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/email-taken")


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [
        ("not-an-email", PASSWORD, "email"),
        ("a@b", PASSWORD, "email"),
        ("ok@example.com", "short1", "password"),
        ("ok@example.com", "alllowercaseletters", "password"),
        ("ok@example.com", "12345678901", "password"),
    ],
)
async def test_signup_rejects_bad_input(
    client: httpx.AsyncClient, email: str, password: str, field: str
) -> None:
    response = await client.post("/v1/auth/signup", json={"email": email, "password": password})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["loc"][-1] == field


async def test_signup_rejects_unknown_fields_and_non_json(client: httpx.AsyncClient) -> None:
    extra = await client.post(
        "/v1/auth/signup", json={"email": "x@example.com", "password": PASSWORD, "is_pro": True}
    )
    garbage = await client.post(
        "/v1/auth/signup", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert extra.status_code == 422
    assert garbage.status_code == 422
    assert garbage.headers["content-type"] == PROBLEM


async def test_login_with_json_and_with_the_oauth2_form(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    as_json = await client.post("/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    as_form = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": user.email, "password": PASSWORD},
    )
    assert as_json.status_code == 200
    assert as_form.status_code == 200
    assert as_form.json()["user"]["id"] == str(user.id)
    me = await client.get(
        "/v1/me", headers={"Authorization": f"Bearer {as_form.json()['access_token']}"}
    )
    assert me.json()["email"] == user.email


async def test_wrong_credentials_look_the_same_for_known_and_unknown_emails(
    client: httpx.AsyncClient,
) -> None:
    user = await sign_up(client)
    wrong_password = await client.post(
        "/v1/auth/token", json={"email": user.email, "password": "Wrong-pass-1"}
    )
    unknown_email = await client.post(
        "/v1/auth/token",
        json={"email": f"nobody-{uuid.uuid4().hex}@example.com", "password": "Wrong-pass-1"},
    )
    assert wrong_password.status_code == unknown_email.status_code == 401

    def without_request_id(response: httpx.Response) -> dict[str, object]:
        return {k: v for k, v in response.json().items() if k != "request_id"}

    assert without_request_id(wrong_password) == without_request_id(unknown_email)


async def test_refresh_rotates_and_reuse_revokes_the_family(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    first = await client.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != user.refresh_token

    replay = await client.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert replay.status_code == 401
    # The reuse ended the whole login: the newest token of the family is dead too.
    after_reuse = await client.post("/v1/auth/refresh", json={"refresh_token": rotated})
    assert after_reuse.status_code == 401


async def test_unknown_refresh_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/auth/refresh", json={"refresh_token": "made-up"})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM


async def test_logout_revokes_the_refresh_family_only(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    other_login = await client.post(
        "/v1/auth/token", json={"email": user.email, "password": PASSWORD}
    )
    response = await client.post("/v1/auth/logout", headers=user.headers)
    assert response.status_code == 204
    dead = await client.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    alive = await client.post(
        "/v1/auth/refresh", json={"refresh_token": other_login.json()["refresh_token"]}
    )
    assert dead.status_code == 401
    assert alive.status_code == 200


def _forge(
    claims: dict[str, object], secret: str = TEST_JWT_SECRET, algorithm: str = "HS256"
) -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def _claims(user_id: uuid.UUID, **overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": str(user_id),
        "role": "authenticated",
        "aud": "authenticated",
        "iat": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    return claims


def _alg_none(claims: dict[str, object]) -> str:
    import base64
    import json

    def part(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_token_attacks_are_rejected(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    now = int(time.time())
    attacks = {
        "alg none": _alg_none(_claims(user.id)),
        "wrong signature": _forge(_claims(user.id), secret="another-secret-" + "y" * 40),
        "expired": _forge(_claims(user.id, iat=now - 1000, exp=now - 10)),
        "wrong audience": _forge(_claims(user.id, aud="someone-else")),
        "no expiry": _forge({k: v for k, v in _claims(user.id).items() if k != "exp"}),
        "sub not a uuid": _forge(_claims(user.id, sub="admin")),
        "garbage": "not.a.jwt",
    }
    for name, token in attacks.items():
        response = await client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
        assert response.headers["content-type"] == PROBLEM, name
        assert response.headers["www-authenticate"] == "Bearer", name


async def test_missing_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM

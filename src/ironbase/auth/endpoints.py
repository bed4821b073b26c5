"""/v1/auth: signup, token (JSON or the OAuth2 password form), refresh, logout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from ironbase.auth.dependencies import AppSettings, AuthTx, CurrentUser, Signer
from ironbase.auth.schemas import Credentials, RefreshRequest, SignupRequest, TokenPair
from ironbase.auth.service import AuthService, LoginService, Transaction
from ironbase.db import pg
from ironbase.kit.caller import AuthContext
from ironbase.kit.context import client_ip_var
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/auth", tags=["auth"], route_class=RetryingRoute)

_FORM = "application/x-www-form-urlencoded"
_TOKEN_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": Credentials.model_json_schema()},
            _FORM: {
                "schema": {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {
                        "grant_type": {"type": "string", "enum": ["password"]},
                        "username": {"type": "string", "description": "the email"},
                        "password": {"type": "string"},
                    },
                }
            },
        },
    }
}


async def _read_credentials(request: Request) -> Credentials:
    """JSON for apps; the OAuth2 password form for /docs' Authorize button."""
    try:
        if request.headers.get("content-type", "").startswith(_FORM):
            form = await request.form()
            return Credentials.model_validate(
                {"email": form.get("username"), "password": form.get("password")}
            )
        return Credentials.model_validate_json(await request.body())
    except ValidationError as exc:
        errors = [
            {"loc": ["body", *err["loc"]], "msg": err["msg"], "type": err["type"]}
            for err in exc.errors()
        ]
        raise RequestValidationError(errors) from exc


@router.post("/signup", status_code=201, response_model=TokenPair)
async def signup(
    body: SignupRequest, tx: AuthTx, signer: Signer, settings: AppSettings
) -> JSONBytes:
    pair = await AuthService(tx, signer, settings).signup(
        body.email, body.password, client_ip_var.get(), referral_code=body.referral_code
    )
    return JSONBytes(pair, status_code=201)


def _auth_transactions(request: Request) -> Transaction:
    """Login opens its own short transactions: none may stay open while argon2 runs."""
    pool = request.app.state.pool
    return lambda: pg.request_transaction(pool, AuthContext.auth_service())


@router.post("/token", response_model=TokenPair, openapi_extra=_TOKEN_BODY)
async def token(request: Request, signer: Signer, settings: AppSettings) -> JSONBytes:
    body = await _read_credentials(request)
    pair = await LoginService(_auth_transactions(request), signer, settings).login(
        body.email, body.password, client_ip_var.get()
    )
    return JSONBytes(pair)


@router.post("/refresh", response_model=TokenPair)
async def refresh(
    body: RefreshRequest, tx: AuthTx, signer: Signer, settings: AppSettings
) -> JSONBytes:
    return JSONBytes(await AuthService(tx, signer, settings).refresh(body.refresh_token))


@router.post("/logout", status_code=204)
async def logout(
    caller: CurrentUser, tx: AuthTx, signer: Signer, settings: AppSettings
) -> Response:
    # As auth_service: `authenticated` may not touch token rows at all (the service filters
    # by the caller's id and login).
    await AuthService(tx, signer, settings).logout(caller)
    return Response(status_code=204)

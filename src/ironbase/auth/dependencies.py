"""FastAPI dependencies: the caller, and the caller's transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from ironbase.auth import repository as auth_repository
from ironbase.auth.context import signed_in_from_claims
from ironbase.auth.tokens import TokenSigner
from ironbase.config import Settings
from ironbase.db import pg
from ironbase.kit.caller import AuthContext, SignedIn
from ironbase.kit.errors import Forbidden, Unauthorized

# The password flow makes the Authorize button in /docs work against /v1/auth/token.
bearer = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)


# Dependencies are `async def` even when they do not await: FastAPI runs plain `def`
# dependencies in a worker thread, which costs more than the work itself here.
async def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def signer_of(request: Request) -> TokenSigner:
    signer: TokenSigner = request.app.state.signer
    return signer


async def get_caller(
    token: Annotated[str | None, Depends(bearer)],
    request: Request,
) -> AuthContext:
    if token is None:
        return AuthContext.anonymous()
    # The signer straight from the app, not as a dependency: each one FastAPI resolves costs
    # more than this lookup, on every request.
    signer: TokenSigner = request.app.state.signer
    return signed_in_from_claims(signer.verify(token))


async def require_user(caller: Annotated[AuthContext, Depends(get_caller)]) -> SignedIn:
    if not isinstance(caller, SignedIn):
        raise Unauthorized(
            "Sign in first: this endpoint needs a bearer token.",
            key="problem.detail.sign-in-required",
        )
    return caller


async def caller_pg_transaction(
    request: Request, caller: Annotated[AuthContext, Depends(get_caller)]
) -> AsyncIterator[pg.Tx]:
    async with pg.request_transaction(request.app.state.pool, caller) as tx:
        yield tx


async def auth_service_transaction(request: Request) -> AsyncIterator[pg.Tx]:
    async with pg.request_transaction(request.app.state.pool, AuthContext.auth_service()) as tx:
        yield tx


# scope="function": commit before the response leaves, so a 2xx always means "saved".
Tx = Annotated[pg.Tx, Depends(caller_pg_transaction, scope="function")]
AuthTx = Annotated[pg.Tx, Depends(auth_service_transaction, scope="function")]


async def require_admin(caller: Annotated[SignedIn, Depends(require_user)], tx: Tx) -> SignedIn:
    """The token says admin, and the database agrees now. Routes taking ``tx: Tx`` share this
    transaction (FastAPI resolves a dependency once per request)."""
    if not caller.is_admin:
        raise Forbidden("Only administrators may do this.", key="problem.detail.admin-only")
    if not await auth_repository.is_admin_now(tx):
        raise Forbidden(
            "Your administrator rights have ended; sign in again.",
            key="problem.detail.admin-rights-ended",
        )
    return caller


CurrentUser = Annotated[SignedIn, Depends(require_user)]
CurrentAdmin = Annotated[SignedIn, Depends(require_admin)]
AppSettings = Annotated[Settings, Depends(settings_of)]
Signer = Annotated[TokenSigner, Depends(signer_of)]


async def caller_transactions(request: Request, caller: CurrentUser) -> pg.Transactions:
    """Short transactions as the caller, opened by the service only around its reads: a
    route that computes after reading holds no pooled connection meanwhile."""
    pool = request.app.state.pool
    return lambda: pg.request_transaction(pool, caller)


Transactions = Annotated[pg.Transactions, Depends(caller_transactions)]

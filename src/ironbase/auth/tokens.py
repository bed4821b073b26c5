"""Access tokens (JWT HS256, Supabase-compatible claims) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import jwt

from ironbase.kit.errors import Unauthorized

ALGORITHM = "HS256"
_INVALID_KEY = "problem.detail.access-token-invalid"


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    token: str
    expires_in: int


# Longer than any token we issue by far; refusing bigger ones bounds the work before decoding.
MAX_TOKEN_LENGTH = 4096
# Verified tokens kept in memory (a client sends the same token for its whole lifetime).
VERIFIED_CACHE_SIZE = 10_000


class TokenSigner:
    def __init__(self, secret: str, *, ttl_seconds: int, audience: str) -> None:
        self._secret = secret
        self._ttl = ttl_seconds
        self._audience = audience
        # token -> (claims, exp). Only tokens that passed every check get in, and the key is
        # the whole signed token, so an entry can never answer for a different one.
        self._verified: OrderedDict[str, tuple[dict[str, Any], float]] = OrderedDict()

    def issue(
        self, user_id: uuid.UUID, email: str, roles: list[str], session_id: uuid.UUID
    ) -> IssuedAccessToken:
        now = int(time.time())
        claims = {
            "sub": str(user_id),
            "role": "authenticated",
            "aud": self._audience,
            "iat": now,
            "exp": now + self._ttl,
            "email": email,
            "session_id": str(session_id),
            "app_metadata": {"roles": roles},
        }
        return IssuedAccessToken(jwt.encode(claims, self._secret, ALGORITHM), self._ttl)

    def verify(self, token: str) -> dict[str, Any]:
        """Decoded claims, or 401. Only HS256 is accepted, which also rules out ``alg: none``.

        A token verified before answers from memory until it expires: the HMAC, base64 and
        JSON work of a full decode cost more than the rest of a small request's Python."""
        cached = self._verified.get(token)
        if cached is not None:
            claims, expires_at = cached
            if time.time() < expires_at:
                self._verified.move_to_end(token)
                return claims
            del self._verified[token]
        if len(token) > MAX_TOKEN_LENGTH:
            raise Unauthorized("The access token is invalid.", key=_INVALID_KEY)
        claims = self._decode(token)
        self._remember(token, claims)
        return claims

    def _remember(self, token: str, claims: dict[str, Any]) -> None:
        self._verified[token] = (claims, float(claims["exp"]))
        if len(self._verified) > VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)

    def _decode(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=self._audience,
                options={"require": ["exp", "iat", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(
                "The access token has expired.", key="problem.detail.access-token-expired"
            ) from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("The access token is invalid.", key=_INVALID_KEY) from exc
        problem = claims_problem(claims)
        if problem is not None:
            raise Unauthorized(f"The access token is invalid: {problem}.")
        return claims


# The plain, hyphenated form we issue: PostgreSQL's uuid input also accepts braces and
# "urn:uuid:" prefixes in ways Python's does not, so anything else is refused up front.
# Matched with fullmatch: "$" would also accept a trailing newline, which uuid.UUID refuses.
_PLAIN_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_MAX_EMAIL = 320
_MAX_ROLES = 32
_MAX_ROLE_LENGTH = 64


def claims_problem(claims: dict[str, Any]) -> str | None:
    """Why a signed claim set is malformed, or None. Every claim the API or the database
    reads is checked for type and shape, so a bad one is a 401, never a 500 or a 422."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not _PLAIN_UUID.fullmatch(sub):
        return "sub is not a uuid"
    session_id = claims.get("session_id")
    if session_id is not None and not (
        isinstance(session_id, str) and _PLAIN_UUID.fullmatch(session_id)
    ):
        return "session_id is not a uuid"
    email = claims.get("email")
    if email is not None and not (isinstance(email, str) and len(email) <= _MAX_EMAIL):
        return "email is not a string"
    if claims.get("role", "authenticated") != "authenticated":
        return "role is not authenticated"
    return _app_metadata_problem(claims.get("app_metadata"))


def _app_metadata_problem(app_metadata: object) -> str | None:
    if app_metadata is None:
        return None
    if not isinstance(app_metadata, dict):
        return "app_metadata is not an object"
    roles = app_metadata.get("roles")
    if roles is None:
        return None
    if not isinstance(roles, list) or len(roles) > _MAX_ROLES:
        return "app_metadata.roles is not a list"
    if not all(isinstance(r, str) and len(r) <= _MAX_ROLE_LENGTH for r in roles):
        return "app_metadata.roles holds something other than names"
    return None


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()

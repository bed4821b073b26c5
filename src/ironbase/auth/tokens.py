"""Access tokens (JWT HS256, Supabase-compatible claims) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt

from ironbase.kit.errors import Unauthorized

ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    token: str
    expires_in: int


class TokenSigner:
    def __init__(self, secret: str, *, ttl_seconds: int, audience: str) -> None:
        self._secret = secret
        self._ttl = ttl_seconds
        self._audience = audience

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
        """Decoded claims, or 401. Only HS256 is accepted, which also rules out ``alg: none``."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=self._audience,
                options={"require": ["exp", "iat", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The access token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("The access token is invalid.") from exc
        try:
            uuid.UUID(str(claims["sub"]))
        except ValueError as exc:
            raise Unauthorized("The access token is invalid.") from exc
        return claims


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()

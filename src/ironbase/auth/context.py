"""Who is calling, and which database role their transaction runs as."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from ironbase.auth.tokens import claims_problem
from ironbase.db import roles
from ironbase.kit.errors import Unauthorized


@dataclass(frozen=True, slots=True)
class AuthContext:
    user_id: uuid.UUID | None
    email: str | None
    roles: frozenset[str]
    db_role: str
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return self.db_role == roles.APP_ADMIN

    @property
    def claims_json(self) -> str:
        return json.dumps(self.claims, separators=(",", ":"))

    @classmethod
    def anonymous(cls) -> AuthContext:
        return cls(None, None, frozenset(), roles.ANON, {"role": roles.ANON})

    @classmethod
    def auth_service(cls) -> AuthContext:
        """Signup, login and refresh run before anyone is known, as the narrow auth role."""
        return cls(None, None, frozenset(), roles.AUTH_SERVICE, {"role": roles.AUTH_SERVICE})

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> AuthContext:
        """From claims that passed ``tokens.claims_problem``; still refuses anything odd with
        401 rather than trusting the caller to have checked."""
        problem = claims_problem(claims)
        if problem is not None:
            raise Unauthorized(f"The access token is invalid: {problem}.")
        app_meta: dict[str, Any] = claims.get("app_metadata") or {}
        granted = frozenset(app_meta.get("roles") or ())
        # The database role follows the signed app_metadata, never a client-chosen value.
        db_role = roles.APP_ADMIN if "admin" in granted else roles.AUTHENTICATED
        return cls(uuid.UUID(claims["sub"]), claims.get("email"), granted, db_role, claims)

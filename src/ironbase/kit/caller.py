"""Who is calling, and which database role their transaction runs as.

Below both ``db`` (the request transaction binds the caller's role and claims) and ``auth``
(which builds a caller from a verified token): neither imports the other for it. Its only
import of ours is ``db.roles``, a leaf module of role names.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from ironbase.db import roles


@dataclass(frozen=True, slots=True)
class AuthContext:
    """Any caller: anonymous, the sign-in service, or a signed-in person (``SignedIn``)."""

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


@dataclass(frozen=True, slots=True)
class SignedIn(AuthContext):
    """A signed-in person: ``user_id`` is there by type, so services need no check for it."""

    user_id: uuid.UUID

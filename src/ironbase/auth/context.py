"""A caller built from a verified token's claims (the caller types live in ``kit.caller``)."""

from __future__ import annotations

import uuid
from typing import Any

from ironbase.auth.tokens import claims_problem
from ironbase.db import roles
from ironbase.kit.caller import AuthContext, SignedIn
from ironbase.kit.errors import Unauthorized

__all__ = ["AuthContext", "SignedIn", "signed_in_from_claims"]


def signed_in_from_claims(claims: dict[str, Any]) -> SignedIn:
    """From claims that passed ``tokens.claims_problem``; still refuses anything odd with 401
    rather than trusting the caller to have checked."""
    problem = claims_problem(claims)
    if problem is not None:
        raise Unauthorized(f"The access token is invalid: {problem}.")
    app_meta: dict[str, Any] = claims.get("app_metadata") or {}
    granted = frozenset(app_meta.get("roles") or ())
    # The database role follows the signed app_metadata, never a client-chosen value.
    db_role = roles.APP_ADMIN if "admin" in granted else roles.AUTHENTICATED
    return SignedIn(uuid.UUID(claims["sub"]), claims.get("email"), granted, db_role, claims)

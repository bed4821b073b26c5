"""Operator tasks run from the command line as ``service_role`` (no request, no caller)."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ironbase.auth import passwords
from ironbase.auth.context import signed_in_from_claims
from ironbase.kit.caller import SignedIn


class UnknownAccount(LookupError):
    """No account has this email and none was to be created."""


_FIND = text("select id from auth.users where email = :email")
_CREATE = text(
    "insert into auth.users (email, encrypted_password) values (:email, :hash) returning id"
)
# Adds "admin" to app_metadata.roles once, keeping any other roles.
_ADD_ADMIN_ROLE = text(
    "update auth.users set raw_app_meta_data = jsonb_set(raw_app_meta_data, '{roles}', "
    "(select to_jsonb(array(select distinct r from jsonb_array_elements_text("
    "coalesce(raw_app_meta_data->'roles', '[]'::jsonb) || '[\"admin\"]'::jsonb) r)))) "
    "where id = :id"
)
# Removes "admin" from app_metadata.roles, keeping any other roles; no row when not admin.
_REMOVE_ADMIN_ROLE = text(
    "update auth.users set raw_app_meta_data = jsonb_set(raw_app_meta_data, '{roles}', "
    "(raw_app_meta_data->'roles') - 'admin') "
    "where id = :id and coalesce(raw_app_meta_data->'roles', '[]'::jsonb) ? 'admin' "
    "returning id"
)
_AUDIT = text(
    "insert into admin_audit_log (actor_id, action, target_table, target_id, after) "
    "values (null, :action, 'auth.users', :id, cast(:after as jsonb))"
)


def grant_admin(conn: Connection, email: str, password: str | None) -> uuid.UUID:
    """Make the account an administrator, creating it when ``password`` is given; audited
    with no actor (the operator's shell is outside the application)."""
    user_id: uuid.UUID | None = conn.execute(_FIND, {"email": email}).scalar()
    if user_id is None:
        if password is None:
            raise UnknownAccount(email)
        hashed = passwords.hash_password(password)
        user_id = conn.execute(_CREATE, {"email": email, "hash": hashed}).scalar_one()
    conn.execute(_ADD_ADMIN_ROLE, {"id": user_id})
    after = json.dumps({"roles": ["admin"], "via": "cli"})
    conn.execute(_AUDIT, {"action": "users.grant_admin", "id": str(user_id), "after": after})
    return user_id


def revoke_admin(conn: Connection, email: str) -> bool:
    """Take the administrator role away (other roles stay); audited with no actor. False when
    the account was not an administrator. Tokens already issued stop working for admin
    routes at once: each admin request checks the role in the database (``require_admin``).
    """
    user_id = find_account(conn, email)
    if conn.execute(_REMOVE_ADMIN_ROLE, {"id": user_id}).scalar() is None:
        return False
    after = json.dumps({"roles_removed": ["admin"], "via": "cli"})
    conn.execute(_AUDIT, {"action": "users.revoke_admin", "id": str(user_id), "after": after})
    return True


def find_account(conn: Connection, email: str) -> uuid.UUID:
    """The account's id (``email`` normalised by the caller); ``UnknownAccount`` if none."""
    user_id: uuid.UUID | None = conn.execute(_FIND, {"email": email}).scalar()
    if user_id is None:
        raise UnknownAccount(email)
    return user_id


def acting_as(user_id: uuid.UUID, email: str) -> SignedIn:
    """The person as one of their requests would be (an operator's job done in their name,
    under the same row-level security): the claims of a plain signed-in token."""
    return signed_in_from_claims(
        {"sub": str(user_id), "email": email, "role": "authenticated", "app_metadata": {}}
    )

"""Every query of the auth domain. These run as ``auth_service``, logout included.

No role may select a password hash: it comes only from ``auth.password_hash_for(email)``, a
definer function that ``auth_service`` alone may call, one address at a time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import ColumnElement, Text, bindparam, func, insert, null, select, text, update

from ironbase.db.pg import Query, Tx
from ironbase.models.auth import AuthUser, RefreshToken


@dataclass(frozen=True, slots=True)
class Identity:
    id: uuid.UUID
    email: str
    encrypted_password: str | None
    app_metadata: dict[str, Any]
    banned_until: dt.datetime | None

    @property
    def roles(self) -> list[str]:
        return [r for r in self.app_metadata.get("roles", []) if isinstance(r, str)]

    def is_banned(self, now: dt.datetime) -> bool:
        return self.banned_until is not None and self.banned_until > now


_PASSWORD_HASH = func.auth.password_hash_for(AuthUser.email, type_=Text)
_WITHOUT_HASH = null().cast(Text)


def _identity_columns(password_hash: ColumnElement[Any]) -> tuple[Any, ...]:
    return (
        AuthUser.id,
        AuthUser.email,
        password_hash,
        AuthUser.raw_app_meta_data,
        AuthUser.banned_until,
    )


def _identity(row: asyncpg.Record | None) -> Identity | None:
    return Identity(*row) if row is not None else None


_IDENTITY_BY_EMAIL = Query(
    select(*_identity_columns(_PASSWORD_HASH)).where(AuthUser.email == bindparam("email"))
)
_IDENTITY_BY_ID = Query(
    select(*_identity_columns(_WITHOUT_HASH)).where(AuthUser.id == bindparam("user_id"))
)
_CREATE_IDENTITY = Query(
    "insert into auth.users (email, encrypted_password) values (:email, :hash) "
    "on conflict (email) do nothing returning id"
)
_SIGNED_IN = update(AuthUser).where(AuthUser.id == bindparam("user_id"))
_RECORD_SIGN_IN = Query(_SIGNED_IN.values(last_sign_in_at=text("now()")))
_RECORD_SIGN_IN_REHASHED = Query(
    _SIGNED_IN.values(last_sign_in_at=text("now()"), encrypted_password=bindparam("new_hash"))
)
_STORE_REFRESH_TOKEN = Query(
    insert(RefreshToken)
    .values(
        user_id=bindparam("user_id"),
        family_id=bindparam("family_id"),
        token_hash=bindparam("token_hash"),
        expires_at=bindparam("expires_at"),
    )
    .inline()  # no implicit RETURNING of the key: nothing reads it
)
_LOCK_REFRESH_TOKEN = Query(
    select(RefreshToken.__table__)
    .where(RefreshToken.token_hash == bindparam("token_hash"))
    .with_for_update()
)
_MARK_REFRESH_TOKEN_USED = Query(
    update(RefreshToken)
    .where(RefreshToken.id == bindparam("token_id"))
    .values(used_at=text("now()"))
)
_REVOKE = (
    update(RefreshToken)
    .where(RefreshToken.family_id == bindparam("family_id"), RefreshToken.revoked_at.is_(None))
    .values(revoked_at=text("now()"))
)
_REVOKE_FAMILY = Query(_REVOKE)
# Logout: only the caller's own login (auth_service sees all rows).
_REVOKE_OWN_FAMILY = Query(_REVOKE.where(RefreshToken.user_id == bindparam("user_id")))


async def find_identity_by_email(tx: Tx, email: str) -> Identity | None:
    """The identity with its password hash, for signing in."""
    return _identity(await tx.row(_IDENTITY_BY_EMAIL, email=email))


async def get_identity(tx: Tx, user_id: uuid.UUID) -> Identity | None:
    """The identity without its password hash (refresh has no use for it)."""
    return _identity(await tx.row(_IDENTITY_BY_ID, user_id=user_id))


async def create_identity(tx: Tx, email: str, password_hash: str) -> Identity | None:
    """Insert a new auth user; None when the email is taken (decided by the unique index)."""
    user_id = await tx.value(_CREATE_IDENTITY, email=email, hash=password_hash)
    if user_id is None:
        return None
    return Identity(user_id, email, password_hash, {}, None)


async def record_sign_in(tx: Tx, user_id: uuid.UUID, new_hash: str | None) -> None:
    if new_hash is None:
        await tx.execute(_RECORD_SIGN_IN, user_id=user_id)
    else:
        await tx.execute(_RECORD_SIGN_IN_REHASHED, user_id=user_id, new_hash=new_hash)


async def store_refresh_token(
    tx: Tx,
    user_id: uuid.UUID,
    family_id: uuid.UUID,
    token_hash: bytes,
    expires_at: dt.datetime,
) -> None:
    await tx.execute(
        _STORE_REFRESH_TOKEN,
        user_id=user_id,
        family_id=family_id,
        token_hash=token_hash,
        expires_at=expires_at,
    )


async def lock_refresh_token(tx: Tx, token_hash: bytes) -> asyncpg.Record | None:
    """The row, locked: two concurrent refreshes with one token must not both succeed."""
    return await tx.row(_LOCK_REFRESH_TOKEN, token_hash=token_hash)


async def mark_refresh_token_used(tx: Tx, token_id: uuid.UUID) -> None:
    await tx.execute(_MARK_REFRESH_TOKEN_USED, token_id=token_id)


async def revoke_family(tx: Tx, family_id: uuid.UUID, user_id: uuid.UUID | None = None) -> int:
    if user_id is None:
        status = await tx.execute(_REVOKE_FAMILY, family_id=family_id)
    else:
        status = await tx.execute(_REVOKE_OWN_FAMILY, family_id=family_id, user_id=user_id)
    return int(status.split()[-1])  # "UPDATE <n>"


# Asked in the request's own transaction: a token issued before a demotion or a ban still
# says "admin", the database says what is true now (and its policies refuse the rest).
_STILL_ADMIN = Query("select auth.is_admin()")


async def is_admin_now(tx: Tx) -> bool:
    return bool(await tx.value(_STILL_ADMIN))

"""Every query of the auth domain. These run as ``auth_service``, logout included.

No role may select a password hash: it comes only from ``auth.password_hash_for(email)``, a
definer function that ``auth_service`` alone may call, one address at a time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, func, insert, null, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

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


async def find_identity_by_email(session: AsyncSession, email: str) -> Identity | None:
    """The identity with its password hash, for signing in."""
    statement = select(*_identity_columns(_PASSWORD_HASH)).where(AuthUser.email == email)
    row = (await session.execute(statement)).first()
    return Identity(*row) if row else None


async def get_identity(session: AsyncSession, user_id: uuid.UUID) -> Identity | None:
    """The identity without its password hash (refresh has no use for it)."""
    statement = select(*_identity_columns(_WITHOUT_HASH)).where(AuthUser.id == user_id)
    row = (await session.execute(statement)).first()
    return Identity(*row) if row else None


async def create_identity(session: AsyncSession, email: str, password_hash: str) -> Identity | None:
    """Insert a new auth user; None when the email is taken (decided by the unique index)."""
    statement = text(
        "insert into auth.users (email, encrypted_password) values (:email, :hash) "
        "on conflict (email) do nothing returning id"
    )
    user_id = (await session.execute(statement, {"email": email, "hash": password_hash})).scalar()
    if user_id is None:
        return None
    return Identity(user_id, email, password_hash, {}, None)


async def record_sign_in(session: AsyncSession, user_id: uuid.UUID, new_hash: str | None) -> None:
    values: dict[str, Any] = {"last_sign_in_at": text("now()")}
    if new_hash is not None:
        values["encrypted_password"] = new_hash
    await session.execute(update(AuthUser).where(AuthUser.id == user_id).values(**values))


async def store_refresh_token(
    session: AsyncSession,
    user_id: uuid.UUID,
    family_id: uuid.UUID,
    token_hash: bytes,
    expires_at: dt.datetime,
) -> None:
    await session.execute(
        insert(RefreshToken).values(
            user_id=user_id, family_id=family_id, token_hash=token_hash, expires_at=expires_at
        )
    )


async def lock_refresh_token(session: AsyncSession, token_hash: bytes) -> RefreshToken | None:
    """The row, locked: two concurrent refreshes with one token must not both succeed."""
    statement = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def mark_refresh_token_used(session: AsyncSession, token_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken).where(RefreshToken.id == token_id).values(used_at=text("now()"))
    )


async def revoke_family(
    session: AsyncSession, family_id: uuid.UUID, user_id: uuid.UUID | None = None
) -> int:
    statement = (
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=text("now()"))
    )
    if user_id is not None:  # logout: only the caller's own login (auth_service sees all rows)
        statement = statement.where(RefreshToken.user_id == user_id)
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)

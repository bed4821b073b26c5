"""Reading and editing one's own profile; admins changing pro status."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.admin import audit
from ironbase.auth.context import AuthContext
from ironbase.kit.errors import NotFound
from ironbase.users import repository as repo
from ironbase.users.schemas import Me, MeUpdate


async def get_me(session: AsyncSession, caller: AuthContext) -> Me:
    assert caller.user_id is not None
    row = await repo.get_profile(session, caller.user_id)
    if row is None:  # the account was erased while the token was still valid
        raise NotFound("Your profile")
    return Me.model_validate(row)


async def update_me(session: AsyncSession, caller: AuthContext, body: MeUpdate) -> Me:
    assert caller.user_id is not None
    if not await repo.update_profile(session, caller.user_id, body.changes()):
        raise NotFound("Your profile")
    return await get_me(session, caller)


async def set_pro_status(
    session: AsyncSession, admin: AuthContext, user_id: uuid.UUID, is_pro: bool
) -> None:
    change = await repo.set_pro(session, user_id, is_pro)
    if change is None:
        raise NotFound("User")
    before, after = change
    await audit.record(
        session,
        admin,
        action="users.set_pro",
        target_table="users",
        target_id=str(user_id),
        before={"is_pro": before},
        after={"is_pro": after},
    )

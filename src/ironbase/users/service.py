"""Reading and editing one's own profile; admins changing pro status."""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg

from ironbase.db.pg import Tx
from ironbase.kit import audit
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import NotFound
from ironbase.users import repository as repo
from ironbase.users.schemas import MeUpdate


async def get_me(tx: Tx, caller: SignedIn) -> asyncpg.Record:
    """The caller's profile row, shaped as ``Me``."""
    row = await repo.get_profile(tx, caller.user_id)
    if row is None:  # the account was erased while the token was still valid
        raise NotFound("Your profile")
    return row


async def unit_system_of(tx: Tx, user_id: uuid.UUID) -> str | None:
    """The person's unit system (``metric`` or ``imperial``); None when there is no profile.
    For other domains that speak the person's unit."""
    return await repo.unit_system(tx, user_id)


async def locale_of(tx: Tx, user_id: uuid.UUID) -> str | None:
    """The person's profile language (``pt-BR``, ``en``, ...); None when there is no profile.
    For other domains that write texts for the person."""
    return await repo.locale(tx, user_id)


async def time_zone_of(tx: Tx, user_id: uuid.UUID) -> str:
    """The person's IANA time zone (``UTC`` when there is no profile): the zone that decides
    which local day a moment falls on. For other domains that count days."""
    return await repo.time_zone(tx, user_id) or "UTC"


async def update_me(tx: Tx, caller: SignedIn, body: MeUpdate) -> asyncpg.Record:
    if not await repo.update_profile(tx, caller.user_id, body.changes()):
        raise NotFound("Your profile")
    return await get_me(tx, caller)


async def set_pro_status(tx: Tx, admin: SignedIn, user_id: uuid.UUID, is_pro: bool) -> None:
    change = await repo.set_pro(tx, user_id, is_pro)
    if change is None:
        raise NotFound("User")
    before, after = change
    if after and not before:
        # Imported here: commissions read gyms, which read users (an import cycle).
        from ironbase.ambassadors.commissions import service as commissions

        await commissions.pro_started_by_admin(tx, user_id, dt.datetime.now(dt.UTC))
    await audit.record_change(
        tx,
        admin,
        action="users.set_pro",
        target_table="users",
        target_id=user_id,
        before={"is_pro": before},
        after={"is_pro": after},
    )

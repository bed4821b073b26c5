"""Profile cards and blocks: what one person may see of another, and hiding both ways."""

from __future__ import annotations

import uuid
from typing import Any

from ironbase.db.pg import Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.social import repository as repo
from ironbase.social.schemas import CardSettingsUpdate

BLOCKS_BY_CREATED = CursorKind("social.blocks.created", (Timestamp(), Uuid()))


async def get_card(tx: Tx, caller: SignedIn, user_id: uuid.UUID) -> dict[str, Any]:
    """A person's card; 404 for nobody, and across a block (either way)."""
    row = await repo.card(tx, caller.user_id, user_id)
    if row is None:
        raise NotFound("User")
    return dict(row)


async def require_card(tx: Tx, caller: SignedIn, user_id: uuid.UUID) -> None:
    """404 unless the caller may see this person's card (they exist, no block)."""
    if not await repo.card_visible(tx, caller.user_id, user_id):
        raise NotFound("User")


async def visible_people(tx: Tx, caller: SignedIn, user_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these people, those whose card the caller may see (they exist, no block)."""
    if not user_ids:
        return set()
    return await repo.cards_visible(tx, caller.user_id, user_ids)


async def get_settings(tx: Tx, caller: SignedIn) -> dict[str, Any]:
    row = await repo.settings(tx, caller.user_id)
    if row is None:
        raise NotFound("Your profile")
    return dict(row)


async def update_settings(tx: Tx, caller: SignedIn, body: CardSettingsUpdate) -> dict[str, Any]:
    if not await repo.update_settings(tx, caller.user_id, body.changes()):
        raise NotFound("Your profile")
    return await get_settings(tx, caller)


def _not_self(caller: SignedIn, user_id: uuid.UUID, what: str) -> None:
    if user_id == caller.user_id:
        raise InvalidInput("user_id", f"You cannot {what} yourself.")


async def block(tx: Tx, caller: SignedIn, user_id: uuid.UUID) -> None:
    """Idempotent. The trigger on the block ends any friendship and pending request."""
    _not_self(caller, user_id, "block")
    if not await repo.block(tx, caller.user_id, user_id):
        raise NotFound("User")


async def unblock(tx: Tx, caller: SignedIn, user_id: uuid.UUID) -> None:
    """Idempotent: no block, nothing to lift."""
    _not_self(caller, user_id, "unblock")
    await repo.unblock(tx, caller.user_id, user_id)


async def list_blocks(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    key = cursor.after(BLOCKS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    rows = await repo.blocks_page(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, BLOCKS_BY_CREATED, lambda r: (r["created_at"], r["user_id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}

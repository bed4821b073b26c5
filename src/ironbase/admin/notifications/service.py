"""Listing, counting, reading and resolving notifications. Texts are written in the
caller's language: ``Accept-Language`` when the request has one, else the profile's
``locale``, falling back pt-BR -> pt -> en (from memory: no query per text)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import asyncpg

from ironbase.admin.notifications import repository as repo
from ironbase.db.pg import Tx
from ironbase.kit import audit
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, NotFound
from ironbase.kit.i18n import TEXTS
from ironbase.kit.locales import chain_for
from ironbase.kit.notify import NotificationKind
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.users import service as users

NOTIFICATIONS_NEWEST = CursorKind("admin-notifications.newest", (Timestamp(), Uuid()))


async def language_chain(tx: Tx, caller: SignedIn, accept_language: str | None) -> list[str]:
    if accept_language:
        return chain_for(None, accept_language)
    return chain_for(await users.locale_of(tx, caller.user_id), None)


def rendered(row: Mapping[str, Any], chain: list[str]) -> dict[str, Any]:
    """A row shaped as ``schemas.Notification``: its title and body in ``chain``."""
    texts, key, params = TEXTS.current, row["text_key"], row["params"]
    item = dict(row)
    item["title"] = texts.render(f"{key}.title", chain, params, default=key)
    item["body"] = texts.render(f"{key}.body", chain, params, default="")
    return item


async def list_notifications(
    tx: Tx,
    caller: SignedIn,
    *,
    kind: NotificationKind | None,
    unread: bool | None,
    resolved: bool | None,
    limit: int,
    cursor: PageCursor,
    accept_language: str | None,
) -> dict[str, Any]:
    """Newest first; each filter narrows (``unread``: not yet read; ``resolved``)."""
    key = cursor.after(NOTIFICATIONS_NEWEST)
    rows = await repo.list_page(
        tx,
        kind=None if kind is None else kind.value,
        unread=unread,
        resolved=resolved,
        limit=limit,
        after=None if key is None else (key[0], key[1]),
    )
    items, next_cursor = cursor.page(
        rows, limit, NOTIFICATIONS_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    chain = await language_chain(tx, caller, accept_language) if items else ["en"]
    return {"items": [rendered(r, chain) for r in items], "next_cursor": next_cursor}


async def counts(tx: Tx) -> asyncpg.Record:
    """``unread`` and ``open`` (not resolved), shaped as ``NotificationCounts``."""
    return await repo.counts(tx)


async def mark_read(
    tx: Tx, caller: SignedIn, notification_id: uuid.UUID, accept_language: str | None
) -> dict[str, Any]:
    row = await repo.mark_read(tx, notification_id, caller.user_id)
    if row is None:
        raise NotFound("Notification")
    return rendered(row, await language_chain(tx, caller, accept_language))


async def resolve(
    tx: Tx, caller: SignedIn, notification_id: uuid.UUID, accept_language: str | None
) -> dict[str, Any]:
    """Resolve an open notification and audit it; 409 when it is resolved already."""
    row = await repo.resolve(tx, notification_id, caller.user_id)
    if row is None:
        if await repo.get(tx, notification_id) is None:
            raise NotFound("Notification")
        raise Conflict(
            "This notification is already resolved.",
            kind="already-resolved",
            key="problem.detail.notification-resolved",
        )
    await audit.record_change(
        tx,
        caller,
        action="admin_notifications.resolve",
        target_table="admin_notifications",
        target_id=notification_id,
        before={"resolved_at": None, "kind": row["kind"], "subject_id": row["subject_id"]},
        after={
            "resolved_at": row["resolved_at"],
            "kind": row["kind"],
            "subject_id": row["subject_id"],
        },
    )
    return rendered(row, await language_chain(tx, caller, accept_language))

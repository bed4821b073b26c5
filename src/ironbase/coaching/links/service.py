"""Links between a client and a coach.

The client owns the link and chooses its scopes and expiry; the side that did not ask
accepts; either side ends it. The database's trigger on the links holds the same rules
for any writer, and writes the history; these functions give clear answers first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import asyncpg

from ironbase.coaching.links import repository as repo
from ironbase.coaching.links.schemas import LinkAccept, LinkCreate, LinkUpdate, Scope
from ironbase.coaching.mentors import service as mentors
from ironbase.db.pg import Tx
from ironbase.kit import time as clock
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid

LINKS_BY_CREATED = CursorKind("coaching.links.created", (Timestamp(), Uuid()))
CLIENTS_BY_CREATED = CursorKind("coaching.clients.created", (Timestamp(), Uuid()))
#: The longest a client grants access at once.
MAX_EXPIRY = dt.timedelta(days=3 * 366)
_LIVE = ("pending", "active")


def _scopes(scopes: Sequence[Scope]) -> list[str]:
    if len(set(scopes)) != len(scopes):
        raise InvalidInput("scopes", "Each scope once.")
    return sorted(scopes)


def _expiry(expires_at: dt.datetime | None) -> dt.datetime | None:
    if expires_at is None:
        return None
    if expires_at.tzinfo is None:
        raise InvalidInput("expires_at", "A time with its offset.")
    now = clock.utcnow()
    if not now < expires_at <= now + MAX_EXPIRY:
        raise InvalidInput("expires_at", "A time in the future, within three years.")
    return expires_at


def _body(row: Any, me: uuid.UUID, events: Sequence[Any]) -> dict[str, Any]:
    body = dict(row)
    body["role"] = "client" if row["client_id"] == me else "coach"
    body["history"] = [
        {k: e[k] for k in ("kind", "actor", "scopes", "expires_at", "at")} for e in events
    ]
    return body


async def _with_history(tx: Tx, me: uuid.UUID, rows: Sequence[Any]) -> list[dict[str, Any]]:
    events: defaultdict[uuid.UUID, list[Any]] = defaultdict(list)
    for event in await repo.history(tx, me, [r["id"] for r in rows]):
        events[event["link_id"]].append(event)
    return [_body(r, me, events[r["id"]]) for r in rows]


async def _one(tx: Tx, me: uuid.UUID, row: Any) -> dict[str, Any]:
    return (await _with_history(tx, me, [row]))[0]


async def create(tx: Tx, caller: SignedIn, body: LinkCreate) -> dict[str, Any]:
    me = caller.user_id
    if body.coach_id is not None:
        if body.coach_id == me:
            raise InvalidInput("coach_id", "You cannot coach yourself.")
        accepting = await mentors.accepting(tx, body.coach_id)
        if accepting is None:
            raise NotFound("Coach")
        if not accepting:
            raise Conflict("This coach takes no new clients.", kind="not-accepting-clients")
        values = {
            "client_id": me,
            "coach_id": body.coach_id,
            "scopes": _scopes(body.scopes),
            "requested_by": "client",
            "expires_at": _expiry(body.expires_at),
        }
    else:
        assert body.client_id is not None
        if body.client_id == me:
            raise InvalidInput("client_id", "You cannot coach yourself.")
        if body.scopes or body.expires_at is not None:
            raise InvalidInput("scopes", "The client chooses scopes and expiry on accepting.")
        if await mentors.accepting(tx, me) is None:
            # The client sees who asks: a coach asks with a public profile.
            raise Conflict("Publish your mentor profile first.", kind="no-mentor-profile")
        values = {
            "client_id": body.client_id,
            "coach_id": me,
            "scopes": [],
            "requested_by": "coach",
            "expires_at": None,
        }
    try:
        row = await repo.insert(tx, values)
    except asyncpg.UniqueViolationError:
        raise Conflict("A link between you two is already pending or active.") from None
    except asyncpg.ForeignKeyViolationError:
        raise NotFound("Client") from None
    return await _one(tx, me, row)


async def get(tx: Tx, caller: SignedIn, link_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.get(tx, caller.user_id, link_id)
    if row is None:
        raise NotFound("Coach link")
    return await _one(tx, caller.user_id, row)


async def list_links(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    key = cursor.after(LINKS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, LINKS_BY_CREATED, lambda r: (r["created_at"], r["id"])
    )
    return {"items": await _with_history(tx, caller.user_id, items), "next_cursor": next_cursor}


async def accept(tx: Tx, caller: SignedIn, link_id: uuid.UUID, body: LinkAccept) -> dict[str, Any]:
    me = caller.user_id
    row = await repo.get(tx, me, link_id)
    if row is None or row["status"] != "pending":
        raise NotFound("Pending coach link")
    side = "client" if row["client_id"] == me else "coach"
    if row["requested_by"] == side:
        raise InvalidInput("id", "The other side accepts a request; you can end it.")
    values: dict[str, Any] = {"status": "active"}
    if side == "client":
        if not body.scopes:
            raise InvalidInput("scopes", "Choose what your coach may do.")
        values["scopes"] = _scopes(body.scopes)
        values["expires_at"] = _expiry(body.expires_at)
    elif body.scopes is not None or body.expires_at is not None:
        raise InvalidInput("scopes", "The client chooses scopes and expiry.")
    updated = await repo.update(tx, me, link_id, values)
    assert updated is not None
    return await _one(tx, me, updated)


async def update(tx: Tx, caller: SignedIn, link_id: uuid.UUID, body: LinkUpdate) -> dict[str, Any]:
    me = caller.user_id
    row = await repo.get(tx, me, link_id)
    if row is None or row["client_id"] != me or row["status"] == "ended":
        raise NotFound("Coach link")
    values: dict[str, Any] = {}
    if "scopes" in body.model_fields_set:
        if body.scopes is None:
            raise InvalidInput("scopes", "A list of scopes (empty: none).")
        values["scopes"] = _scopes(body.scopes)
    if "expires_at" in body.model_fields_set:
        values["expires_at"] = _expiry(body.expires_at)
    if not values:
        raise InvalidInput("body", "Send scopes, expires_at or both.")
    updated = await repo.update(tx, me, link_id, values)
    assert updated is not None
    return await _one(tx, me, updated)


async def end(tx: Tx, caller: SignedIn, link_id: uuid.UUID) -> None:
    """Either side ends a pending, active or expired link: access ends with the commit."""
    me = caller.user_id
    row = await repo.get(tx, me, link_id)
    if row is None or row["status"] == "ended":
        raise NotFound("Coach link")
    await repo.update(tx, me, link_id, {"status": "ended"})


# --- what other parts of coaching ask --------------------------------------------------------


async def require_scope(tx: Tx, coach: SignedIn, client_id: uuid.UUID, scope: Scope) -> None:
    """404 unless the caller coaches ``client_id`` through an active link with ``scope``."""
    if not await repo.has_scope(tx, coach.user_id, client_id, scope):
        raise NotFound("Client")


async def list_clients(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    key = cursor.after(CLIENTS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    rows = await repo.clients(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, CLIENTS_BY_CREATED, lambda r: (r["created_at"], r["link_id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}

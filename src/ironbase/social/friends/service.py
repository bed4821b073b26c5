"""Friend requests (by id, or by exact email without telling whether it has an account),
accepting, declining, cancelling, and ending friendships."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ironbase.auth.service import normalise_email
from ironbase.db.pg import Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.social import service as social
from ironbase.social.friends import repository as repo
from ironbase.social.friends.schemas import Direction, FriendRequestCreate

FRIENDS_BY_SINCE = CursorKind("social.friends.since", (Timestamp(), Uuid()))
REQUESTS_BY_CREATED = CursorKind("social.friend_requests.created", (Timestamp(), Uuid()))
EMAIL_RECEIVED = {
    "status": "received",
    "detail": "If this address belongs to an account that may receive your request, it has it.",
}


async def list_friends(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    key = cursor.after(FRIENDS_BY_SINCE)
    after = None if key is None else (key[0], key[1])
    rows = await repo.friends_page(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, FRIENDS_BY_SINCE, lambda r: (r["since"], uuid.UUID(str(r["user"]["id"])))
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def list_requests(
    tx: Tx, caller: SignedIn, direction: Direction | None, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    key = cursor.after(REQUESTS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    rows = await repo.requests_page(tx, caller.user_id, direction, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, REQUESTS_BY_CREATED, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


def _request_body(row: Any, me: uuid.UUID) -> dict[str, Any]:
    return {
        "id": row["id"],
        "direction": "outgoing" if row["requested_by"] == me else "incoming",
        "status": row["status"],
        "user": row["user"],
        "created_at": row["created_at"],
    }


async def send_request(
    tx: Tx, caller: SignedIn, body: FriendRequestCreate
) -> tuple[int, dict[str, Any]]:
    """(status, body). By email: 202 and the same body whatever happened. By id: 201 with
    the new request; 200 with the one already sent; asking someone who asked you accepts."""
    me = caller.user_id
    if body.email is not None:
        await repo.request_by_email(tx, normalise_email(body.email))
        return 202, EMAIL_RECEIVED
    assert body.user_id is not None
    other = body.user_id
    if other == me:
        raise InvalidInput("user_id", "You cannot send yourself a friend request.")
    await social.require_card(tx, caller, other)
    existing = await repo.pair(tx, me, other)
    if existing is None:
        if not await repo.request(tx, me, other):
            raise Conflict("A request between you two is already waiting.")
        existing = await repo.pair(tx, me, other)
        assert existing is not None
        return 201, _request_body(existing, me)
    if existing["status"] == "accepted":
        raise Conflict("You are already friends.", kind="already-friends")
    if existing["requested_by"] != me:
        await repo.accept(tx, me, existing["id"], dt.datetime.now(dt.UTC))
        existing = await repo.pair(tx, me, other)
        assert existing is not None
    return 200, _request_body(existing, me)


async def accept(tx: Tx, caller: SignedIn, request_id: uuid.UUID) -> None:
    if not await repo.accept(tx, caller.user_id, request_id, dt.datetime.now(dt.UTC)):
        raise NotFound("Friend request")


async def decline(tx: Tx, caller: SignedIn, request_id: uuid.UUID) -> None:
    if not await repo.end_request(tx, caller.user_id, request_id, as_requester=False):
        raise NotFound("Friend request")


async def cancel(tx: Tx, caller: SignedIn, request_id: uuid.UUID) -> None:
    if not await repo.end_request(tx, caller.user_id, request_id, as_requester=True):
        raise NotFound("Friend request")


async def unfriend(tx: Tx, caller: SignedIn, user_id: uuid.UUID) -> None:
    if not await repo.unfriend(tx, caller.user_id, user_id):
        raise NotFound("Friend")

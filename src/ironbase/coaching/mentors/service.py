"""A coach's own mentor profile and the public list of them."""

from __future__ import annotations

import uuid
from typing import Any

from ironbase.coaching.mentors import repository as repo
from ironbase.coaching.mentors.schemas import MentorProfileIn
from ironbase.db.pg import Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Uuid

MENTORS_BY_ID = CursorKind("coaching.mentors.id", (Uuid(),))
MAX_QUERY = 100


def _profile(row: Any) -> dict[str, Any]:
    return {k: v for k, v in dict(row).items() if k != "created"}


async def get_mine(tx: Tx, caller: SignedIn) -> dict[str, Any]:
    row = await repo.get(tx, caller.user_id)
    if row is None:
        raise NotFound("Mentor profile")
    return _profile(row)


def _unique(field: str, items: list[str]) -> list[str]:
    if len({item.casefold() for item in items}) != len(items):
        raise InvalidInput(field, f"Each of {field} once.")
    return items


async def put_mine(tx: Tx, caller: SignedIn, body: MentorProfileIn) -> tuple[bool, dict[str, Any]]:
    """(created, profile)."""
    values = {
        "bio": body.bio,
        "specialties": _unique("specialties", body.specialties),
        "languages": _unique("languages", body.languages),
        "price_text": body.price_text,
        "accepting_clients": body.accepting_clients,
    }
    row = await repo.put(tx, caller.user_id, values)
    return bool(row["created"]), _profile(row)


def _pattern(q: str | None) -> str | None:
    if q is None or not q.strip():
        return None
    escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def search(tx: Tx, q: str | None, cursor: PageCursor, limit: int) -> dict[str, Any]:
    if q is not None and len(q) > MAX_QUERY:
        raise InvalidInput("q", f"At most {MAX_QUERY} characters.")
    key = cursor.after(MENTORS_BY_ID)
    after = None if key is None else uuid.UUID(str(key[0]))
    rows = await repo.search(tx, _pattern(q), after, limit + 1)
    items, next_cursor = cursor.page(rows, limit, MENTORS_BY_ID, lambda r: (r["user_id"],))
    return {"items": [_profile(r) for r in items], "next_cursor": next_cursor}


async def accepting(tx: Tx, user_id: uuid.UUID) -> bool | None:
    """Whether ``user_id``'s mentor profile takes clients (None: no profile). Anyone may
    know: the profiles are public."""
    return await repo.accepting(tx, user_id)

"""The client's coach log as the API reads it, and a coach's note recorded in it."""

from __future__ import annotations

import uuid
from typing import Any

from ironbase.db.pg import Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.programs import repository as repo
from ironbase.programs.assigning import COACHING_VERSION

LOG_BY_NEWEST = CursorKind("programs.coach_log.newest", (Timestamp(), Uuid()))


async def record_note(
    tx: Tx, coach: SignedIn, client_id: uuid.UUID, workout_id: uuid.UUID, note_id: uuid.UUID
) -> None:
    """The client's entry for a coach's note (the policy requires comments:write)."""
    await repo.insert_coach_entry(
        tx,
        {
            "user_id": client_id,
            "actor_id": coach.user_id,
            "program_id": None,
            "workout_id": workout_id,
            "kind": "note",
            "generator_version": COACHING_VERSION,
            "inputs_digest": None,
            "request": {"note_id": str(note_id)},
            "duration_ms": 0,
            "outcome": "stored",
            "detail": {},
        },
    )


async def list_log(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    """The caller's coach log, newest first: what the generator and their coaches did."""
    key = cursor.after(LOG_BY_NEWEST)
    after = None if key is None else (key[0], key[1])
    rows = await repo.log_page(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, LOG_BY_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    out = []
    for row in items:
        actor = row["actor_id"]
        item = dict(row)
        item["actor"] = None if actor is None else "self" if actor == caller.user_id else "coach"
        out.append(item)
    return {"items": out, "next_cursor": next_cursor}

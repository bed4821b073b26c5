"""Challenges: create, list, read, join, leave, and the leaderboard.

Who sees a challenge is RLS's decision (``challenges``' policies): a challenge the caller
may not see answers 404 everywhere, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ironbase.db.pg import Tx
from ironbase.kit import standings
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.social.challenges import repository as repo
from ironbase.social.challenges.schemas import ChallengeCreate

CHALLENGES_BY_START = CursorKind("challenges.starts_at", (Timestamp(), Uuid()))
# The last standing of a page (its stored integer value) and its rank.
LEADERBOARD = standings.leaderboard_kind("challenges.leaderboard")
WHAT = "Challenge"


async def create(tx: Tx, caller: SignedIn, body: ChallengeCreate) -> dict[str, Any]:
    checks = await repo.checks(tx, caller.user_id, body.exercise_id, body.gym_id)
    if not checks["exercise_ok"]:
        raise InvalidInput("exercise_id", "Not an exercise of the catalog.")
    if not checks["gym_ok"]:
        raise InvalidInput("gym_id", "Not a gym you belong to.")
    values = body.model_dump(exclude={"invitees"})
    challenge_id = await repo.insert(tx, caller.user_id, values)
    await repo.join(tx, caller.user_id, challenge_id)
    if body.invitees:
        await repo.invite(tx, caller.user_id, challenge_id, body.invitees)
    return await get(tx, caller, challenge_id)


async def get(tx: Tx, caller: SignedIn, challenge_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.get(tx, caller.user_id, challenge_id)
    if row is None:
        raise NotFound(WHAT)
    return dict(row)


async def list_page(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    """The challenges the caller may see, latest start first."""
    key = cursor.after(CHALLENGES_BY_START)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, CHALLENGES_BY_START, lambda r: (r["starts_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def join(tx: Tx, caller: SignedIn, challenge_id: uuid.UUID) -> dict[str, Any]:
    """Join (or accept an invitation); joining twice changes nothing."""
    challenge = await get(tx, caller, challenge_id)
    status = challenge["my_status"]
    if status != "joined":
        ends_at: dt.datetime = challenge["ends_at"]
        if ends_at <= dt.datetime.now(dt.UTC):
            raise Conflict("The challenge is over.", kind="challenge-over")
        if status == "invited":
            await repo.accept(tx, caller.user_id, challenge_id)
        elif challenge["visibility"] == "invite" and challenge["creator_id"] != caller.user_id:
            raise NotFound(WHAT)  # seen only as a participant: nothing to join
        else:
            await repo.join(tx, caller.user_id, challenge_id)
    row = await repo.membership(tx, caller.user_id, challenge_id)
    assert row is not None
    return dict(row)


async def leave(tx: Tx, caller: SignedIn, challenge_id: uuid.UUID) -> None:
    """Leave, or decline an invitation."""
    if not await repo.leave(tx, caller.user_id, challenge_id):
        raise NotFound("Membership")


async def leaderboard(
    tx: Tx, caller: SignedIn, challenge_id: uuid.UUID, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    """Standings by value, ties to who got there first; ranks continue across pages."""
    after, rank = standings.resume(cursor, LEADERBOARD)
    metric = await repo.metric(tx, challenge_id)
    if metric is None:
        raise NotFound(WHAT)
    rows = await repo.leaderboard(tx, challenge_id, after, limit + 1)
    return standings.ranked_page(
        rows, limit=limit, rank=rank, metric=metric, cursor=cursor, kind=LEADERBOARD
    )

"""Battles: create, list, read, edit, cancel; invitations and their answers; leaderboards.

Who sees a battle is RLS's decision (its ambassador and the people invited to it); a battle
the caller may not see answers 404 everywhere, exactly like one that does not exist, and so
does a write on a battle the caller only sees (an invitee editing it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ironbase.ambassadors.battles import repository as repo
from ironbase.ambassadors.battles.schemas import (
    BattleCreate,
    BattleUpdate,
    InvitationsCreate,
    check_window,
)
from ironbase.db.pg import Tx
from ironbase.kit import standings
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.social import service as social

BATTLES_BY_START = CursorKind("battles.starts_at", (Timestamp(), Uuid()))
INVITATIONS_BY_CREATED = CursorKind("battles.invitations.created", (Timestamp(), Uuid()))
# The last standing of a page (its stored integer value) and its rank.
LEADERBOARD = standings.leaderboard_kind("battles.leaderboard")
WHAT = "Battle"
#: Invitations one battle holds at most (answered ones included).
MAX_INVITATIONS = 1000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def create(tx: Tx, caller: SignedIn, body: BattleCreate) -> dict[str, Any]:
    """Only an approved ambassador creates a battle, ending in the future."""
    checks = await repo.checks(tx, caller.user_id, body.exercise_id)
    if checks["status"] is None:
        raise Forbidden("Only ambassadors run battles.")
    if checks["status"] != "approved":
        raise Forbidden("Only approved ambassadors run battles.")
    if not checks["exercise_ok"]:
        raise InvalidInput("exercise_id", "Not an exercise of the catalog.")
    if body.ends_at <= _now():
        raise InvalidInput("ends_at", "A battle must end in the future.")
    battle_id = await repo.insert(tx, caller.user_id, body.model_dump())
    return await get(tx, caller, battle_id)


async def get(tx: Tx, caller: SignedIn, battle_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.get(tx, caller.user_id, battle_id)
    if row is None:
        raise NotFound(WHAT)
    return dict(row)


async def _own(tx: Tx, caller: SignedIn, battle_id: uuid.UUID) -> dict[str, Any]:
    battle = await get(tx, caller, battle_id)
    if battle["ambassador_id"] != caller.user_id:
        raise NotFound(WHAT)
    return battle


async def list_page(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    """The caller's battles (created, invited to, joined), latest start first."""
    key = cursor.after(BATTLES_BY_START)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, BATTLES_BY_START, lambda r: (r["starts_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def update(
    tx: Tx, caller: SignedIn, battle_id: uuid.UUID, body: BattleUpdate
) -> dict[str, Any]:
    """Before the start only; the window stays bounded and in the future."""
    battle = await _own(tx, caller, battle_id)
    if battle["phase"] != "upcoming":
        raise Conflict("The battle has started: it can no longer be edited.", "battle-started")
    changes = body.model_dump(include=body.model_fields_set)
    starts_at: dt.datetime = changes.get("starts_at", battle["starts_at"])
    ends_at: dt.datetime = changes.get("ends_at", battle["ends_at"])
    try:
        check_window(starts_at, ends_at)
    except ValueError as exc:
        raise InvalidInput("ends_at", str(exc)) from None
    if starts_at <= _now():
        raise InvalidInput("starts_at", "An edited battle must start in the future.")
    maximum = changes.get("max_participants")
    if maximum is not None and maximum < battle["participants"]:
        raise InvalidInput("max_participants", "More people have accepted already.")
    if not await repo.update(tx, caller.user_id, battle_id, changes):
        # Started between the read and the write.
        raise Conflict("The battle has started: it can no longer be edited.", "battle-started")
    return await get(tx, caller, battle_id)


async def cancel(tx: Tx, caller: SignedIn, battle_id: uuid.UUID) -> None:
    """The ambassador cancels: the battle goes, with its invitations and standings."""
    await _own(tx, caller, battle_id)
    if not await repo.delete(tx, caller.user_id, battle_id):
        raise NotFound(WHAT)


async def invite(
    tx: Tx, caller: SignedIn, battle_id: uuid.UUID, body: InvitationsCreate
) -> dict[str, Any]:
    """Invite people by user id, each once; in team mode each into one of the teams."""
    battle = await _own(tx, caller, battle_id)
    if battle["phase"] in ("ended", "settled"):
        raise Conflict("The battle is over.", "battle-over")
    # A suspended ambassador's battles run on, but they invite no one new.
    if (await repo.checks(tx, caller.user_id, None))["status"] != "approved":
        raise Forbidden("Only approved ambassadors invite to battles.")
    teams: list[str] | None = battle["teams"]
    for n, invitee in enumerate(body.invitees):
        where = f"invitees.{n}"
        if invitee.user_id == caller.user_id:
            raise InvalidInput(f"{where}.user_id", "You cannot invite yourself.")
        if teams is None and invitee.team is not None:
            raise InvalidInput(f"{where}.team", "This battle has no teams.")
        if teams is not None and invitee.team not in teams:
            raise InvalidInput(f"{where}.team", "Name one of the battle's teams.")
    user_ids = [i.user_id for i in body.invitees]
    visible = await social.visible_people(tx, caller, user_ids)
    for n, user_id in enumerate(user_ids):
        if user_id not in visible:
            raise InvalidInput(f"invitees.{n}.user_id", "No such person.")
    already = set(await repo.already_invited(tx, battle_id, user_ids))
    if already:
        raise Conflict(
            "Already invited: " + ", ".join(sorted(str(u) for u in already)), "already-invited"
        )
    if await repo.count_invitations(tx, battle_id) + len(user_ids) > MAX_INVITATIONS:
        raise Conflict(
            f"A battle holds at most {MAX_INVITATIONS} invitations.", "too-many-invitations"
        )
    rows = await repo.invite(
        tx, caller.user_id, battle_id, user_ids, [i.team for i in body.invitees]
    )
    return {"items": [dict(r) for r in rows]}


INVITATION_FIELDS = [
    "id",
    "battle_id",
    "user_id",
    "team",
    "status",
    "invited_by",
    "responded_at",
    "created_at",
    "battle_title",
    "starts_at",
    "ends_at",
]


def _invitation(row: Any) -> dict[str, Any]:
    return {k: row[k] for k in INVITATION_FIELDS}


async def my_invitations(
    tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    """The caller's invitations, newest first, with their battle's title and window."""
    key = cursor.after(INVITATIONS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    rows = await repo.my_invitations(tx, caller.user_id, after, limit + 1)
    items, next_cursor = cursor.page(
        rows, limit, INVITATIONS_BY_CREATED, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def answer(
    tx: Tx, caller: SignedIn, invitation_id: uuid.UUID, accept: bool
) -> dict[str, Any]:
    """Accept (and take part) or decline, once, while the battle has not ended."""
    row = await repo.my_invitation(tx, caller.user_id, invitation_id)
    if row is None:
        raise NotFound("Invitation")
    if row["status"] == "expired":
        raise Conflict("The invitation expired: the battle is over.", "invitation-expired")
    if row["status"] != "pending":
        raise Conflict(f"The invitation was {row['status']} already.", "invitation-answered")
    if accept and row["participants"] >= row["max_participants"]:
        raise Conflict("The battle is full.", "battle-full")
    if not await repo.answer(
        tx, caller.user_id, invitation_id, "accepted" if accept else "declined"
    ):
        raise Conflict("The invitation was answered already.", "invitation-answered")
    done = await repo.my_invitation(tx, caller.user_id, invitation_id)
    assert done is not None
    return _invitation(done)


async def leaderboard(
    tx: Tx, caller: SignedIn, battle_id: uuid.UUID, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    """Standings by value, ties to who got there first; ranks continue across pages."""
    after, rank = standings.resume(cursor, LEADERBOARD)
    battle = await get(tx, caller, battle_id)
    rows = await repo.leaderboard(tx, battle_id, after, limit + 1)
    return standings.ranked_page(
        rows,
        limit=limit,
        rank=rank,
        metric=battle["metric"],
        cursor=cursor,
        kind=LEADERBOARD,
        extra=("team",),
    )


def rank_teams(teams: list[str], totals: dict[str, Any]) -> list[dict[str, Any]]:
    """Total descending; equal totals: the team whose total stood first (its members'
    latest scoring moment, earlier wins), then the order the teams were named in."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)

    def order(item: tuple[int, str]) -> tuple[int, dt.datetime, int]:
        position, name = item
        row = totals.get(name)
        total = int(row["total"]) if row is not None else 0
        reached = row["reached_at"] if row is not None and row["reached_at"] else far
        return (-total, reached, position)

    ranked = sorted(enumerate(teams), key=order)
    return [
        {
            "team": name,
            "members": totals[name]["members"] if name in totals else 0,
            "total": int(totals[name]["total"]) if name in totals else 0,
        }
        for _, name in ranked
    ]


async def team_standings(tx: Tx, caller: SignedIn, battle_id: uuid.UUID) -> dict[str, Any]:
    """Team mode: every team (at most 8) with its members and total, ranked."""
    battle = await get(tx, caller, battle_id)
    if battle["teams"] is None:
        raise Conflict("This battle has no teams.", "no-teams")
    scale = standings.SCALE.get(battle["metric"], 1)
    totals = {r["team"]: r for r in await repo.teams(tx, battle_id)}
    ranked = rank_teams(battle["teams"], totals)
    return {
        "items": [
            {"rank": n, "team": t["team"], "members": t["members"], "value": t["total"] / scale}
            for n, t in enumerate(ranked, 1)
        ]
    }

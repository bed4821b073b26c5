"""Gym deals: an approved ambassador proposes terms to a gym, its admins accept or decline
them, either side ends an accepted deal. The transition trigger in the database is the
wall; these checks give the clear answers (404 unseen, 403 not theirs to decide, 409 not
in a state that allows it)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ironbase.ambassadors import service as ambassadors
from ironbase.ambassadors.deals import repository as repo
from ironbase.ambassadors.deals.schemas import DealStatus, GymDealCreate
from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, Forbidden, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.models.ambassadors import AmbassadorStatus

DEALS_NEWEST = CursorKind("gym-deals.newest", (Timestamp(), Uuid()))

#: What each side may do from a status: (from, to).
AMBASSADOR_STEPS = {"withdraw": ("proposed", "withdrawn"), "end": ("accepted", "ended")}
GYM_STEPS = {
    "accept": ("proposed", "accepted"),
    "decline": ("proposed", "declined"),
    "end": ("accepted", "ended"),
}


async def propose(tx: Tx, caller: SignedIn, body: GymDealCreate) -> dict[str, Any]:
    """A ``GymDeal``, proposed: 403 unless the caller is an approved ambassador."""
    if await ambassadors.status_of(tx, caller.user_id) != AmbassadorStatus.approved:
        raise Forbidden("Only approved ambassadors propose gym deals.")
    await gyms.require_gym(tx, body.gym_id)
    values = body.model_dump()
    values["user_id"] = caller.user_id
    return dict(await repo.create(tx, values))


async def _page(
    tx: Tx, *, by: str, owner: uuid.UUID, status: DealStatus | None, limit: int, cursor: PageCursor
) -> dict[str, Any]:
    key = cursor.after(DEALS_NEWEST)
    rows = await repo.list_deals(
        tx,
        by=by,
        owner=owner,
        status=status,
        limit=limit,
        after=None if key is None else list(key),
    )
    items, next_cursor = cursor.page(
        rows, limit, DEALS_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def list_mine(
    tx: Tx, caller: SignedIn, *, status: DealStatus | None, limit: int, cursor: PageCursor
) -> dict[str, Any]:
    return await _page(
        tx, by="user_id", owner=caller.user_id, status=status, limit=limit, cursor=cursor
    )


async def _require_gym_admin(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> None:
    """Only the gym's own admins see and decide its deals (platform administrators too
    would be deciding for the gym: they are not)."""
    await gyms.require_gym(tx, gym_id)
    if await gyms.role_in_gym(tx, gym_id, caller.user_id) != "admin":
        raise Forbidden("Only this gym's admins decide its ambassador deals.")


async def list_for_gym(
    tx: Tx,
    caller: SignedIn,
    gym_id: uuid.UUID,
    *,
    status: DealStatus | None,
    limit: int,
    cursor: PageCursor,
) -> dict[str, Any]:
    await _require_gym_admin(tx, caller, gym_id)
    return await _page(tx, by="gym_id", owner=gym_id, status=status, limit=limit, cursor=cursor)


async def _step(tx: Tx, found: asyncpg.Record, steps: tuple[str, str]) -> dict[str, Any]:
    current, target = steps
    if found["status"] != current:
        raise Conflict(f"A deal {found['status']} cannot become {target}.", kind="deal-status")
    moved = await repo.move(tx, found["user_id"], found["id"], current, target)
    if moved is None:  # moved concurrently, between our read and our update
        raise Conflict("The deal changed meanwhile; reload it.", kind="deal-status")
    return dict(moved)


async def ambassador_step(
    tx: Tx, caller: SignedIn, deal_id: uuid.UUID, step: str
) -> dict[str, Any]:
    found = await repo.own(tx, caller.user_id, deal_id)
    if found is None:
        raise NotFound("Gym deal")
    return await _step(tx, found, AMBASSADOR_STEPS[step])


async def gym_step(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, deal_id: uuid.UUID, step: str
) -> dict[str, Any]:
    found = await repo.of_gym(tx, gym_id, deal_id)
    if found is None:
        raise NotFound("Gym deal")
    await _require_gym_admin(tx, caller, gym_id)
    if found["user_id"] == caller.user_id and step != "end":
        raise Forbidden("Another admin of the gym decides your own proposal.")
    return await _step(tx, found, GYM_STEPS[step])

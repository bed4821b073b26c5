"""Asking to run a gym, and deciding those requests (gym admins or platform admins).

Every decision writes the audit log in the same transaction (see
docs/adr/0004-gym-admin-audit.md for how a gym admin without platform rights may).
"""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.gyms.roles import repository as repo
from ironbase.gyms.roles.cursors import ROLE_REQUESTS_NEWEST, newest_after
from ironbase.gyms.roles.schemas import RequestStatus, RoleDecision, RoleRequestCreate
from ironbase.kit import audit, notify
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, Forbidden, NotFound
from ironbase.kit.pagination import PageCursor


def _viewer(caller: SignedIn) -> uuid.UUID | None:
    """Whose visibility the queries apply: nobody's for platform admins."""
    return None if caller.is_admin else caller.user_id


async def request_role(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: RoleRequestCreate
) -> dict[str, Any]:
    """A ``RoleRequest``."""
    me = caller.user_id
    await gyms.require_gym(tx, gym_id)
    current = await repo.role_of(tx, gym_id, me)
    if current == "admin" or current == body.role:
        raise Conflict(f"You are already {current} of this gym.", kind="already-gym-role")
    created = await repo.create_request(tx, gym_id, me, body.role, body.note)
    if created is None:
        raise Conflict("You already have a pending request for this gym.", kind="pending-request")
    await notify.notify_admins(tx, notify.NotificationKind.gym_role_request, created["id"])
    return dict(created)


async def list_requests(
    tx: Tx,
    caller: SignedIn,
    gym_id: uuid.UUID,
    *,
    status: RequestStatus | None,
    limit: int,
    cursor: PageCursor,
) -> dict[str, Any]:
    """A gym's admins see every request to it; anyone else only their own."""
    await gyms.require_gym(tx, gym_id)
    rows = await repo.list_requests(
        tx,
        gym_id,
        viewer=_viewer(caller),
        status=status,
        limit=limit,
        after=newest_after(cursor),
    )
    items, next_cursor = cursor.page(
        rows, limit, ROLE_REQUESTS_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def _decidable(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, request_id: uuid.UUID
) -> asyncpg.Record:
    """The pending request, if the caller may decide it: 404 when they cannot see it,
    403 when they can (their own) but do not run the gym, 409 when already decided."""
    found = await repo.get_request(tx, gym_id, request_id, _viewer(caller))
    if found is None:
        raise NotFound("Role request")
    if not caller.is_admin:
        if await repo.role_of(tx, gym_id, caller.user_id) != "admin":
            raise Forbidden("Only this gym's admins decide its role requests.")
        if found["user_id"] == caller.user_id:
            raise Forbidden("Another admin must decide your own request.")
    if found["status"] != "pending":
        raise Conflict("This request has already been decided.", kind="already-decided")
    return found


async def decide(
    tx: Tx,
    caller: SignedIn,
    gym_id: uuid.UUID,
    request_id: uuid.UUID,
    *,
    approve: bool,
    body: RoleDecision,
) -> dict[str, Any]:
    """Approve (grant the role) or reject a pending request, and audit the decision."""
    found = await _decidable(tx, caller, gym_id, request_id)
    status = "approved" if approve else "rejected"
    decided = await repo.decide(
        tx, request_id, status=status, decided_by=caller.user_id, note=body.note
    )
    if decided is None:  # decided concurrently, between our read and our update
        raise Conflict("This request has already been decided.", kind="already-decided")
    if approve:
        await repo.grant_role(tx, gym_id, found["user_id"], found["requested_role"])
    # Decided: the administrators' notification about it needs nobody any more.
    await notify.settle(tx, notify.NotificationKind.gym_role_request, request_id)
    await audit.record(
        tx,
        caller,
        action="gym_role_request.approve" if approve else "gym_role_request.reject",
        target_table="gym_role_requests",
        target_id=str(request_id),
        before={"status": "pending"},
        after={
            "status": status,
            "gym_id": str(gym_id),
            "user_id": str(found["user_id"]),
            "role": found["requested_role"],
            "note": body.note,
        },
    )
    return dict(decided)

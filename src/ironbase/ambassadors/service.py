"""Applying to the ambassador programme, administrators' decisions, and referral codes.

A person applies with a pitch, a region and optionally a gym; administrators approve (a
referral code is issued), reject, suspend or reinstate, each decision audited and the
application's notification settled in the same transaction. A rejected person may apply
again: the rejected profile is replaced by a fresh application. Codes are redeemed at
sign-up (``redeem``), through a definer function the sign-up role alone may call.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import asyncpg

from ironbase.ambassadors import repository as repo
from ironbase.ambassadors.cursors import APPLICATIONS_OLDEST, REFERRALS_NEWEST, after
from ironbase.ambassadors.schemas import AmbassadorApplication, AmbassadorDecision, Decision
from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.kit import audit, notify
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, NotFound
from ironbase.kit.pagination import PageCursor
from ironbase.models.ambassadors import (
    REFERRAL_CODE_ALPHABET,
    REFERRAL_CODE_LENGTH,
    AmbassadorStatus,
)

#: (decision, status before) -> status after. Anything else is refused with 409.
TRANSITIONS: dict[tuple[Decision, AmbassadorStatus], AmbassadorStatus] = {
    (Decision.approve, AmbassadorStatus.applied): AmbassadorStatus.approved,
    (Decision.approve, AmbassadorStatus.suspended): AmbassadorStatus.approved,
    (Decision.reject, AmbassadorStatus.applied): AmbassadorStatus.rejected,
    (Decision.suspend, AmbassadorStatus.approved): AmbassadorStatus.suspended,
}
WITHDRAWABLE = [AmbassadorStatus.applied.value, AmbassadorStatus.rejected.value]


def _public(row: asyncpg.Record) -> dict[str, Any]:
    """The profile as its owner sees it (who decided is the administrators' business)."""
    body = dict(row)
    del body["decided_by"]
    return body


def new_referral_code() -> str:
    """8 characters of 32: 2^40 codes, so a clash (refused by the unique key) is a
    once-in-a-lifetime 409, not something worth a retry loop."""
    return "".join(secrets.choice(REFERRAL_CODE_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


async def get_mine(tx: Tx, caller: SignedIn) -> dict[str, Any]:
    row = await repo.get(tx, caller.user_id)
    if row is None:
        raise NotFound("Ambassador profile")
    return _public(row)


async def apply(
    tx: Tx, caller: SignedIn, body: AmbassadorApplication
) -> tuple[dict[str, Any], bool]:
    """The profile, and whether this made a new application (201) or edited one (200)."""
    if body.gym_id is not None:
        await gyms.require_gym(tx, body.gym_id)
    values = body.model_dump()
    status = await repo.lock_status(tx, caller.user_id)
    if status is not None and status != AmbassadorStatus.rejected:
        row = await repo.update(tx, caller.user_id, values)
        assert row is not None  # locked above
        return _public(row), False
    if status == AmbassadorStatus.rejected:
        await repo.delete(tx, caller.user_id, [AmbassadorStatus.rejected.value])
    row = await repo.insert(tx, caller.user_id, values)
    await notify.notify_admins(tx, notify.NotificationKind.ambassador_application, row["id"])
    return _public(row), True


async def withdraw(tx: Tx, caller: SignedIn) -> None:
    """Withdraw an application or a rejected profile; an approved one is the programme's."""
    status = await repo.lock_status(tx, caller.user_id)
    if status is None:
        raise NotFound("Ambassador profile")
    if status not in WITHDRAWABLE:
        raise Conflict(
            f"An {status} ambassador profile cannot be withdrawn; ask an administrator.",
            kind="ambassador-not-withdrawable",
        )
    profile_id = await repo.delete(tx, caller.user_id, WITHDRAWABLE)
    assert profile_id is not None  # locked above
    await notify.settle(tx, notify.NotificationKind.ambassador_application, profile_id)


async def list_referrals(
    tx: Tx, caller: SignedIn, cursor: PageCursor, *, limit: int
) -> dict[str, Any]:
    """The people who signed up with the caller's code, newest first (none for people
    who are not ambassadors: an empty list, like any list of the caller's)."""
    rows = await repo.page_referrals(
        tx, caller.user_id, after=after(cursor, REFERRALS_NEWEST), limit=limit + 1
    )
    items, next_cursor = cursor.page(
        rows, limit, REFERRALS_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def status_of(tx: Tx, user_id: uuid.UUID) -> AmbassadorStatus | None:
    """The person's ambassador status (None: no profile), for the programme's other parts."""
    found = await repo.status(tx, user_id)
    return None if found is None else AmbassadorStatus(found)


async def referrer_of(tx: Tx, referred: uuid.UUID) -> tuple[uuid.UUID, AmbassadorStatus] | None:
    """The ambassador who brought ``referred`` and their status now, if one did."""
    row = await repo.referrer(tx, referred)
    return None if row is None else (row["user_id"], AmbassadorStatus(row["status"]))


async def redeem(tx: Tx, user_id: uuid.UUID, code: str) -> uuid.UUID | None:
    """Link a new person to the approved ambassador whose code this is (sign-up only)."""
    return await repo.redeem(tx, user_id, code)


async def list_profiles(
    tx: Tx,
    admin: SignedIn,
    cursor: PageCursor,
    *,
    status: AmbassadorStatus | None,
    limit: int,
) -> dict[str, Any]:
    """Administrators: every profile (or those of one status), oldest application first."""
    rows = await repo.page_profiles(
        tx,
        status=None if status is None else status.value,
        after=after(cursor, APPLICATIONS_OLDEST),
        limit=limit + 1,
    )
    items, next_cursor = cursor.page(
        rows, limit, APPLICATIONS_OLDEST, lambda r: (r["created_at"], r["user_id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


async def get_profile(tx: Tx, admin: SignedIn, user_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.get(tx, user_id)
    if row is None:
        raise NotFound("Ambassador profile")
    return dict(row)


async def decide(
    tx: Tx, admin: SignedIn, user_id: uuid.UUID, body: AmbassadorDecision
) -> dict[str, Any]:
    """Apply an administrator's decision, audited; 409 for one the status does not allow."""
    if user_id == admin.user_id:
        raise Conflict(
            "Another administrator decides your own ambassador profile.",
            kind="own-ambassador-profile",
        )
    status = await repo.lock_status(tx, user_id)
    if status is None:
        raise NotFound("Ambassador profile")
    was = AmbassadorStatus(status)
    becomes = TRANSITIONS.get((body.decision, was))
    if becomes is None:
        raise Conflict(
            f"A {was.value} ambassador profile cannot be given '{body.decision.value}'.",
            kind="ambassador-decision-invalid",
        )
    code = new_referral_code() if becomes == AmbassadorStatus.approved else None
    row = await repo.decide(
        tx, user_id, was=was, status=becomes, code=code, decided_by=admin.user_id, note=body.note
    )
    assert row is not None  # locked above
    await notify.settle(tx, notify.NotificationKind.ambassador_application, row["id"])
    await audit.record(
        tx,
        admin,
        action=f"ambassador.{body.decision.value}",
        target_table="ambassador_profiles",
        target_id=str(row["id"]),
        before={"status": was.value},
        after={"status": becomes.value, "user_id": str(user_id), "note": body.note},
    )
    return dict(row)

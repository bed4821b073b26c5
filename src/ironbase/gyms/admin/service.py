"""Platform administrators' actions on gyms; each one writes the audit log."""

from __future__ import annotations

import uuid
from typing import Any

from ironbase.db.pg import Tx
from ironbase.gyms import repository as repo
from ironbase.gyms.admin.schemas import GymVerify
from ironbase.gyms.service import get_gym
from ironbase.kit import audit
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import NotFound


async def verify(tx: Tx, admin: SignedIn, gym_id: uuid.UUID, body: GymVerify) -> dict[str, Any]:
    """Set ``verified`` and record the change (also when it was already so: the decision
    was taken again, by this admin, now)."""
    change = await repo.set_verified(tx, gym_id, body.verified)
    if change is None:
        raise NotFound("Gym")
    before, after = change
    await audit.record_change(
        tx,
        admin,
        action="gyms.verify",
        target_table="gyms",
        target_id=gym_id,
        before={"verified": before},
        after={"verified": after},
    )
    return await get_gym(tx, admin, gym_id)

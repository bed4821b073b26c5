"""Gym deals (see ``ironbase.privacy.registry`` and docs/ambassadors.md).

A deal is the ambassador's row (it goes with them); ``decided_by`` and ``ended_by`` name
the gym admin or ambassador who took a step: SET_NULL, the step keeps its outcome.
"""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.ambassador_gym_deals",
        Tier.COMMUNITY,
        owner="user_id",
        people=(
            PersonColumn("decided_by", OnErase.SET_NULL),
            PersonColumn("ended_by", OnErase.SET_NULL),
        ),
        holds="commission terms an ambassador proposed to a gym, and the gym's decision",
    ),
)

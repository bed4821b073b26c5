"""Ambassadors (see ``ironbase.privacy.registry`` and docs/privacy.md).

The profile is the ambassador's own (it goes with them, and with it, by cascade, what hangs
off it). A referral is the ambassador's row naming the person they brought: erasing that
person nulls the name and keeps the row, so the ambassador's count stays true.
``decided_by`` names the administrator who decided: SET_NULL, a decision keeps its outcome.
"""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.ambassador_profiles",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("decided_by", OnErase.SET_NULL),),
        holds="ambassador applications and profiles: pitch, region, gym, decision, code",
    ),
    Table(
        "public.ambassador_referrals",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("referred_user_id", OnErase.SET_NULL),),
        holds="the people who signed up with an ambassador's referral code",
    ),
)

"""Challenges (see ``ironbase.privacy.registry``): community data, tier 2.

A challenge belongs to its creator and goes with them (the participants' rows with it);
a participant row belongs to the participant. Its standing is derived from their training
log and its display name and time zone are copies of their profile: all exported and
erased with them.
"""

from ironbase.privacy.registry import Table, Tier

TABLES = (
    Table(
        "public.challenges",
        Tier.COMMUNITY,
        owner="user_id",
        holds="challenges people created: metric, window, who may see and join them",
    ),
    Table(
        "public.challenge_participants",
        Tier.COMMUNITY,
        owner="user_id",
        holds="who takes part in which challenge, and their standing",
    ),
)

"""Achievements (see ``ironbase.privacy.registry``).

``achievements`` are shipped definitions: ``ironbase seed`` writes them again (tier 3).
``user_achievements`` are tier 2, not 1: every award is derived from the training log (tier
1) and the challenges (tier 2) and ``ironbase achievements rebuild`` recreates them, with
the same ``earned_at`` and anchors, from those; losing the table costs a rebuild, not a
record nobody could make again. It is not reference data either (tier 3): the challenge
wins in it depend on standings that only the community tables keep.
"""

from ironbase.privacy.registry import Table, Tier

TABLES = (
    Table(
        "public.achievements",
        Tier.REPRODUCIBLE,
        holds="achievement definitions shipped with the code",
    ),
    Table(
        "public.user_achievements",
        Tier.COMMUNITY,
        owner="user_id",
        holds="the achievements people earned, with the workout or set that earned each",
    ),
)

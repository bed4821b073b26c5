"""Operator tables (see ``ironbase.privacy.registry``)."""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.admin_audit_log",
        Tier.IRREPLACEABLE,
        # Entries stay (the action happened); the actor loses their identity.
        people=(PersonColumn("actor_id", OnErase.PSEUDONYM, export=True),),
        holds="who changed what, hash-chained",
    ),
    Table(
        "public.admin_notifications",
        Tier.REPRODUCIBLE,
        people=(
            PersonColumn("read_by", OnErase.SET_NULL),
            PersonColumn("resolved_by", OnErase.SET_NULL),
        ),
        holds="notifications to administrators",
    ),
    Table(
        "public.daily_activity_counts",
        Tier.REPRODUCIBLE,
        holds="counts of people, workouts and sets per day (no identities)",
    ),
)

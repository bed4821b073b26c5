"""Operator tables (see ``ironbase.privacy.registry``)."""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.admin_audit_log",
        Tier.IRREPLACEABLE,
        # Entries stay (the action happened); the actor loses their identity.
        people=(
            PersonColumn("actor_id", OnErase.PSEUDONYM, export=True),
            # Entries about the person (target, snapshots) keep the action, not the identity;
            # the chain hashes a seal of these columns, so it survives (ADR 0009).
            PersonColumn("target_id", OnErase.REPLACE_MENTIONS),
            PersonColumn("before", OnErase.REPLACE_MENTIONS),
            PersonColumn("after", OnErase.REPLACE_MENTIONS),
        ),
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

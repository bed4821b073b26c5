"""Feature flags (see ``ironbase.privacy.registry``)."""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.app_flags",
        Tier.COMMUNITY,
        people=(PersonColumn("user_ids", OnErase.REMOVE_FROM_ARRAY),),
        holds="feature flags, with the people a flag is on for",
    ),
)

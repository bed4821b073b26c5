"""Profile tables (see ``ironbase.privacy.registry``)."""

from ironbase.privacy.registry import Table, Tier

TABLES = (
    Table(
        "public.users",
        Tier.IRREPLACEABLE,
        owner="id",
        holds="profile: display name, units, time zone, language, pro status",
    ),
)

"""Identity tables (see ``ironbase.privacy.registry``)."""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "auth.users",
        Tier.IRREPLACEABLE,
        owner="id",
        not_exported=("encrypted_password",),
        holds="sign-in identity: email, password hash, ban",
    ),
    Table(
        "auth.refresh_tokens",
        Tier.IRREPLACEABLE,
        owner="user_id",
        not_exported=("token_hash",),
        holds="refresh token families (hashes only)",
    ),
    Table(
        "public.admin_check_rate_limit",
        Tier.REPRODUCIBLE,
        people=(PersonColumn("key", OnErase.DELETE_MENTIONING_ROWS),),
        holds="rate-limit counters and sign-in failure streaks, keyed by user id, email or address",
    ),
)

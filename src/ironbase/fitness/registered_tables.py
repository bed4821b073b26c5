"""Fitness profile, readiness and cycle tracking (see ``ironbase.privacy.registry``).

The cycle tables are special-category data (GDPR art. 9): sensitive, owner-only, never logged.
"""

from ironbase.privacy.registry import Table, Tier

TABLES = (
    Table(
        "public.user_profile_fitness",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="goal, experience, schedule and exclusions the program generator plans from",
    ),
    Table(
        "public.body_weight_entries",
        Tier.IRREPLACEABLE,
        owner="user_id",
        holds="body weight history, one row per change",
    ),
    Table(
        "public.readiness_checkins",
        Tier.IRREPLACEABLE,
        owner="user_id",
        # Data concerning health (resting heart rate, HRV, sleep, mood, notes).
        sensitive=True,
        holds="daily readiness check-ins (Hooper items, heart rate, life categories)",
    ),
    Table(
        "public.cycle_consents",
        Tier.IRREPLACEABLE,
        owner="user_id",
        sensitive=True,
        holds="when the person opted in to cycle tracking",
    ),
    Table(
        "public.cycle_events",
        Tier.IRREPLACEABLE,
        owner="user_id",
        sensitive=True,
        holds="menstrual cycle events and symptoms",
    ),
)

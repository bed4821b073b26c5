"""Coaching tables (see ``ironbase.privacy.registry``): community data (tier 2).

A link is the client's row (``user_id``) naming the coach (``coach_id``): erasing either
side removes it (``DELETE_ROWS`` on the coach's side, like the other side of a
friendship), and its history goes with it. A note on a workout is the coach's row naming
the client: it goes with the coach, and with the client (their workout is gone, and a note
on nothing means nothing, as a comment under an erased post). What a coach did in a
client's ``coach_logs`` stays in the client's log with ``actor_id`` nulled
(``programs/registered_tables.py``).
"""

from ironbase.privacy.registry import OnErase, PersonColumn, Table, Tier

TABLES = (
    Table(
        "public.mentor_profiles",
        Tier.COMMUNITY,
        owner="user_id",
        holds="coaches' public profiles: bio, specialties, languages, price",
    ),
    Table(
        "public.coach_client_links",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("coach_id", OnErase.DELETE_ROWS, export=True),),
        holds="a client's links to coaches: scopes granted, status, expiry",
    ),
    Table(
        "public.coach_client_link_events",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("coach_id", OnErase.DELETE_ROWS, export=True),),
        holds="the history of each link: created, accepted, scopes changed, ended",
    ),
    Table(
        "public.coach_notes",
        Tier.COMMUNITY,
        owner="user_id",
        people=(PersonColumn("client_id", OnErase.DELETE_ROWS, export=True),),
        holds="coaches' notes on their clients' workouts",
    ),
)

"""Every table with a NOT NULL ``user_id`` keys on it: its primary key and unique keys include
``user_id``, and so do its foreign keys to other such tables. That is what lets Citus
distribute these tables by person and co-locate a person's rows (README, "Scale-out").

Read from the catalogs, so a new table is checked the day it lands."""

from __future__ import annotations

import asyncpg

PEOPLES_TABLES_SQL = """
select c.oid, format('%I.%I', n.nspname, c.relname) as name
from pg_class c join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped
where c.relkind in ('r', 'p') and a.attnotnull
  and n.nspname not in ('pg_catalog', 'information_schema')
order by 2
"""
# Primary keys, unique constraints and unique indexes (partial ones too), with their columns.
UNIQUE_SQL = """
select i.indexrelid::regclass::text as name,
       array(select a.attname from unnest(i.indkey) k(attnum)
             join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum) as columns
from pg_index i where i.indrelid = $1 and i.indisunique
"""
FOREIGN_SQL = """
select k.conname as name, k.confrelid,
       array(select a.attname from unnest(k.conkey) c(attnum)
             join pg_attribute a on a.attrelid = k.conrelid and a.attnum = c.attnum) as columns
from pg_constraint k where k.conrelid = $1 and k.contype = 'f'
"""

# Tables with a NOT NULL user_id that keep other keys, with the reason.
EXCEPTIONS = {
    "public.social_post_likes": (
        "a like is the liker's row pointing at someone else's post: the foreign key to the "
        "post crosses people; distributing it means dropping that key or keying likes by author"
    ),
    "public.social_post_comments": (
        "a comment is its writer's row pointing at someone else's post (as likes)"
    ),
    "public.social_post_reports": (
        "a report is the reporter's row pointing at someone else's post (as likes)"
    ),
    "auth.refresh_tokens": (
        "the sign-in path finds a token by its hash alone (unique across people, before "
        "anyone is known); it stays with auth.users on the coordinator, not distributed"
    ),
    # Migration 0016: a challenge belongs to its creator but is shared by its participants.
    "public.challenges": (
        "found by id alone by everyone who sees it (participants of many people point at it): "
        "a reference table under Citus, not distributed by its creator"
    ),
    "public.challenge_participants": (
        "a leaderboard reads every participant of one challenge: under Citus distributed "
        "by challenge_id (co-located with nothing of the person), pointing at its challenge"
    ),
    # Migration 0019: a coach's note is the coach's row on a client's workout.
    "public.coach_notes": (
        "a note is its coach's row pointing at a client's workout (as comments on posts)"
    ),
    # Migration 0020: codes and referrals are looked up across people.
    "public.ambassador_profiles": (
        "sign-up finds a profile by its referral code alone (unique across people), before "
        "the new person is anyone's: a reference table under Citus, like challenges"
    ),
    "public.ambassador_referrals": (
        "one ambassador per referred person: unique on referred_user_id, who is not the "
        "row's owner; distributed by the ambassador, the key becomes a check at sign-up"
    ),
    # Migration 0021: a battle belongs to its ambassador but is shared by the invited.
    "public.battles": (
        "found by id alone by everyone invited (invitations and participants of many people "
        "point at it): a reference table under Citus, as challenges"
    ),
    "public.battle_invitations": (
        "the invitee's row pointing at the ambassador's battle by its id (as challenge "
        "participants): under Citus distributed by battle_id"
    ),
    "public.battle_participants": (
        "a leaderboard reads every participant of one battle: under Citus distributed by "
        "battle_id, pointing at its battle (as challenge participants)"
    ),
}


async def key_problems(conn: asyncpg.Connection) -> tuple[list[str], set[str]]:
    tables = {r["oid"]: r["name"] for r in await conn.fetch(PEOPLES_TABLES_SQL)}
    problems = []
    for oid, name in tables.items():
        if name in EXCEPTIONS:
            continue
        for key in await conn.fetch(UNIQUE_SQL, oid):
            if "user_id" not in key["columns"]:
                problems.append(f"{name}: unique key {key['name']} {key['columns']}")
        for fk in await conn.fetch(FOREIGN_SQL, oid):
            if fk["confrelid"] in tables and "user_id" not in fk["columns"]:
                problems.append(f"{name}: foreign key {fk['name']} {fk['columns']}")
    return problems, set(tables.values())


async def test_peoples_tables_key_on_user_id(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        problems, tables = await key_problems(conn)
    finally:
        await conn.close()
    assert {"public.workouts", "public.workout_sets", "public.user_gym_collars"} <= tables
    assert problems == []
    assert sorted(EXCEPTIONS.keys() - tables) == [], "stale exceptions"


async def test_the_check_finds_a_key_without_user_id(owner_url: str) -> None:
    """The control: a table keyed on ``id`` alone, and one pointing at it by ``id``, fail."""
    conn = await asyncpg.connect(owner_url)
    tx = conn.transaction()
    await tx.start()
    try:
        await conn.execute(
            "create table public.probe_parent (id uuid primary key, user_id uuid not null);"
            "create table public.probe_child (user_id uuid not null, id uuid,"
            " parent_id uuid references public.probe_parent (id), primary key (user_id, id))"
        )
        problems, _ = await key_problems(conn)
    finally:
        await tx.rollback()
        await conn.close()
    assert [p.split(" ")[0:3] for p in problems] == [
        ["public.probe_child:", "foreign", "key"],
        ["public.probe_parent:", "unique", "key"],
    ]

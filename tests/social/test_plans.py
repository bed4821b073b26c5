"""The visibility rules can be answered from indexes: with sequential scans priced out, no
plan of a post read, a person's page or the feed scans a social table from end to end (a
per-row function or an unindexed column in a policy would force one)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import httpx

from ironbase.social.feed.repository import _FEED
from ironbase.social.posts.repository import _POST, _USER_POSTS
from tests.social.conftest import befriend, block, named, post
from tests.support import as_user

SOCIAL = {"social_posts", "social_friendships", "social_blocks", "social_post_likes"}


def _seq_scans(node: dict[str, Any]) -> list[str]:
    """Relations read whole: a sequential scan, or an index walked without a condition."""
    found = []
    kind = node.get("Node Type", "")
    relation = node.get("Relation Name") or node.get("Index Name", "").removeprefix("ix_")
    whole = kind == "Seq Scan" or ("Index" in kind and "Index Cond" not in node)
    if whole and any(str(relation).startswith(t) or t in str(relation) for t in SOCIAL):
        found.append(str(node.get("Relation Name") or node.get("Index Name")))
    for child in node.get("Plans", []):
        found += _seq_scans(child)
    return found


BULK = """
with people as (
  insert into auth.users (email)
  select 'plans-' || g || '-' || gen_random_uuid() || '@example.com' from generate_series(1, 80) g
  returning id),
numbered as (select id, row_number() over (order by id) as n from people),
posts as (
  insert into public.social_posts (user_id, text, visibility, created_at)
  select numbered.id, 'bulk', (array['private', 'friends', 'public'])[1 + g % 3],
         now() - g * interval '1 minute'
  from numbered cross join generate_series(1, 60) g),
friends as (
  insert into public.social_friendships (user_id, id, friend_id, status, requested_by, accepted_at)
  select a.id, gen_random_uuid(), b.id, 'accepted', a.id, now()
  from numbered a join numbered b on a.n <> b.n where a.n <= 40 and b.n <= 40)
insert into public.social_blocks (user_id, blocked_id)
select a.id, b.id from numbered a join numbered b on a.n < b.n where a.n > 40
"""
PLANS_PEOPLE = "delete from auth.users where email like 'plans-%'"


async def test_no_social_table_is_scanned_whole(
    client: httpx.AsyncClient, authenticator_dsn: str, owner_url: str
) -> None:
    me, friend, other = await named(client), await named(client), await named(client)
    await befriend(client, me, friend)
    await block(client, me, other)
    made = await post(client, friend, "friends")
    # Enough rows that the planner's choices are the ones of a real database.
    owner = await asyncpg.connect(owner_url)
    try:
        await owner.execute(BULK)
        for table in sorted(SOCIAL | {"social_profiles"}):
            await owner.execute(f"analyze public.{table}")
    finally:
        await owner.close()
    try:
        await _check_plans(authenticator_dsn, me.id, friend.id, uuid.UUID(made["id"]))
    finally:
        owner = await asyncpg.connect(owner_url)
        try:
            await owner.execute(PLANS_PEOPLE)
        finally:
            await owner.close()


async def _check_plans(
    authenticator_dsn: str, me: uuid.UUID, friend: uuid.UUID, post_id: uuid.UUID
) -> None:
    statements = [
        ("select * from public.social_posts where id = $1", [post_id]),
        ("select * from public.social_posts where user_id = $1", [friend]),
        (_POST.sql, _POST.args({"me": me, "id": post_id})),
        (
            _USER_POSTS.sql,
            _USER_POSTS.args(
                {"me": me, "author": friend, "after_at": None, "after_id": None, "limit": 21}
            ),
        ),
        (
            _FEED.sql,
            _FEED.args(
                {
                    "me": me,
                    "gym_ids": [uuid.uuid4()],
                    "after_at": None,
                    "after_id": None,
                    "limit": 21,
                }
            ),
        ),
    ]
    for sql, args in statements:
        async with as_user(authenticator_dsn, me) as conn:
            await conn.execute("set local enable_seqscan = off")
            plan = json.loads(await conn.fetchval(f"explain (format json) {sql}", *args))
        assert _seq_scans(plan[0]["Plan"]) == [], sql
    # The control: a filter on an unindexed column is caught.
    async with as_user(authenticator_dsn, me) as conn:
        await conn.execute("set local enable_seqscan = off")
        sql = "explain (format json) select * from public.social_posts where text = $1"
        plan = json.loads(await conn.fetchval(sql, "x"))
    assert _seq_scans(plan[0]["Plan"]) != []

"""The feed page: one statement whatever the page.

Three branches, each an index scan in feed order limited to the page: the caller's own
posts (``ix_social_posts_author``), each friend's ``friends`` and ``public`` posts (the same
index, one lateral scan per friend), and the public posts of each of the caller's gyms
(``ix_social_posts_gym``, one lateral scan per gym) except from people blocked either way.
The union is ordered and cut to the page, then joined with the authors' cards.
"""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx
from ironbase.social.posts.repository import KEYSET, POST_COLUMNS, WITH_AUTHOR
from ironbase.social.repository import blocked_between, visible

_BRANCH = f"""
      select p.user_id, p.id, p.created_at from public.social_posts p
      where {{where}} and p.hidden_at is null and {KEYSET}
      order by p.created_at desc, p.id desc
      limit :limit"""

_FEED = Query(
    f"""
    with candidates as (
      ({_BRANCH.format(where="p.user_id = :me")})
      union
      select q.user_id, q.id, q.created_at
      from public.social_friendships f
      cross join lateral ({
        _BRANCH.format(where="p.user_id = f.friend_id and p.visibility in ('friends', 'public')")
    }) q
      where f.user_id = :me and f.status = 'accepted'
      union
      select q.user_id, q.id, q.created_at
      from unnest(cast(:gym_ids as uuid[])) as g(gym_id)
      cross join lateral ({
        _BRANCH.format(
            where="p.gym_id = g.gym_id and p.visibility = 'public' "
            f"and not {blocked_between(':me', 'p.user_id')}"
        )
    }) q
    ),
    page as (
      select user_id, id, created_at from candidates
      order by created_at desc, id desc
      limit :limit
    )
    select {POST_COLUMNS}
    from page
    join {WITH_AUTHOR} on p.user_id = page.user_id and p.id = page.id
    where {visible("p", ":me")}
    order by p.created_at desc, p.id desc
    """
)


async def feed_page(
    tx: Tx, me: uuid.UUID, gym_ids: list[uuid.UUID], after: tuple[Any, Any] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(_FEED, me=me, gym_ids=gym_ids, after_at=at, after_id=last, limit=limit)

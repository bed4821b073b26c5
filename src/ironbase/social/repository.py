"""Profile cards and blocks, and the SQL fragments the subdomains share."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx


def blocked_between(me: str, other: str) -> str:
    """SQL: a block between ``me`` and ``other`` (expressions), whoever made it."""
    return (
        "exists (select 1 from public.social_blocks b where "
        f"(b.user_id = {me} and b.blocked_id = {other}) "
        f"or (b.user_id = {other} and b.blocked_id = {me}))"
    )


def visible(post: str, me: str) -> str:
    """SQL: the caller ``me`` may see the post aliased ``post`` (the select policy, repeated
    so that every statement filters by its caller as well)."""
    return (
        f"({post}.hidden_at is null and ({post}.user_id = {me} "
        f"or ({post}.visibility in ('friends', 'public') and exists (select 1 "
        f"from public.social_friendships vf where vf.user_id = {me} "
        f"and vf.friend_id = {post}.user_id and vf.status = 'accepted')) "
        f"or ({post}.visibility = 'public' and not {blocked_between(me, f'{post}.user_id')})))"
    )


def relation(me: str, other: str) -> str:
    """SQL: how ``other`` stands to ``me``: self, friends, request_sent, request_received,
    none (the caller's own row of the pair: one index probe)."""
    return (
        f"case when {other} = {me} then 'self' else coalesce(("
        "select case when rf.status = 'accepted' then 'friends' "
        f"when rf.requested_by = {me} then 'request_sent' else 'request_received' end "
        "from public.social_friendships rf "
        f"where rf.user_id = {me} and rf.friend_id = {other}), 'none') end"
    )


_CARD = Query(
    f"""
    select p.user_id as id, p.display_name, p.avatar_url,
           coalesce(public.social_card_stats(p.user_id), '{{}}'::jsonb) as stats,
           {relation(":me", "p.user_id")} as relation
    from public.social_profiles p
    where p.user_id = :user_id and not {blocked_between(":me", "p.user_id")}
    """
)


async def card(tx: Tx, me: uuid.UUID, user_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_CARD, me=me, user_id=user_id)


_CARD_VISIBLE = Query(
    f"""
    select exists (select 1 from public.social_profiles p
                   where p.user_id = :user_id and not {blocked_between(":me", "p.user_id")})
    """
)


async def card_visible(tx: Tx, me: uuid.UUID, user_id: uuid.UUID) -> bool:
    return bool(await tx.value(_CARD_VISIBLE, me=me, user_id=user_id))


_CARDS_VISIBLE = Query(
    f"""
    select coalesce(array_agg(p.user_id), '{{}}') from public.social_profiles p
    where p.user_id = any(cast(:user_ids as uuid[]))
      and not {blocked_between(":me", "p.user_id")}
    """
)


async def cards_visible(tx: Tx, me: uuid.UUID, user_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these people, those who exist and are not blocked either way (one statement)."""
    found: list[uuid.UUID] = await tx.value(_CARDS_VISIBLE, me=me, user_ids=user_ids)
    return set(found)


_SETTINGS = Query(
    "select user_id as id, display_name, avatar_url, public_stats, updated_at "
    "from public.social_profiles where user_id = :me"
)


async def settings(tx: Tx, me: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_SETTINGS, me=me)


# One shape for every PATCH: a flag per field says whether it was sent.
_UPDATE_SETTINGS = Query(
    """
    update public.social_profiles set
      avatar_url = case when :set_avatar then :avatar_url else avatar_url end,
      public_stats = case when :set_stats then cast(:public_stats as text[]) else public_stats end
    where user_id = :me
    returning user_id
    """
)


async def update_settings(tx: Tx, me: uuid.UUID, changes: dict[str, Any]) -> bool:
    row = await tx.row(
        _UPDATE_SETTINGS,
        me=me,
        set_avatar="avatar_url" in changes,
        avatar_url=changes.get("avatar_url"),
        set_stats="public_stats" in changes,
        public_stats=changes.get("public_stats"),
    )
    return row is not None


# The person exists for the caller: their card is visible, or a block stands between them.
_KNOWN = Query(
    f"""
    select exists (select 1 from public.social_profiles p where p.user_id = :user_id)
        or {blocked_between(":me", ":user_id")}
    """
)
_BLOCK = Query(
    "insert into public.social_blocks (user_id, blocked_id) values (:me, :user_id) "
    "on conflict do nothing"
)


async def block(tx: Tx, me: uuid.UUID, user_id: uuid.UUID) -> bool:
    """False when there is nobody with that id (for the caller)."""
    if not await tx.value(_KNOWN, me=me, user_id=user_id):
        return False
    await tx.execute(_BLOCK, me=me, user_id=user_id)
    return True


_UNBLOCK = Query("delete from public.social_blocks where user_id = :me and blocked_id = :user_id")


async def unblock(tx: Tx, me: uuid.UUID, user_id: uuid.UUID) -> None:
    await tx.execute(_UNBLOCK, me=me, user_id=user_id)


_BLOCKS_PAGE = Query(
    """
    select b.blocked_id as user_id, b.created_at
    from public.social_blocks b
    where b.user_id = :me and (cast(:after_at as timestamptz) is null
      or (b.created_at, b.blocked_id) < (:after_at, :after_id))
    order by b.created_at desc, b.blocked_id desc
    limit :limit
    """
)


async def blocks_page(
    tx: Tx, me: uuid.UUID, after: tuple[Any, Any] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(_BLOCKS_PAGE, me=me, after_at=at, after_id=last, limit=limit)

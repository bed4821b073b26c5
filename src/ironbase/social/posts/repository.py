"""Statements on posts, likes and reports. Every read repeats the visibility rule of the
policies for its caller (``social.repository.visible``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx
from ironbase.social.repository import blocked_between, visible

# A post as the API shows it, from ``p`` (social_posts) and ``c`` (the author's card).
POST_COLUMNS = """
    p.id,
    json_build_object('id', p.user_id, 'display_name', c.display_name,
                      'avatar_url', c.avatar_url) as author,
    p.text, p.visibility, p.workout_id, p.workout_summary, p.achievement, p.like_count,
    exists (select 1 from public.social_post_likes l
            where l.user_id = :me and l.post_id = p.id) as liked_by_me,
    p.created_at, p.updated_at"""
WITH_AUTHOR = "public.social_posts p left join public.social_profiles c on c.user_id = p.user_id"
KEYSET = "(cast(:after_at as timestamptz) is null or (p.created_at, p.id) < (:after_at, :after_id))"

_POST = Query(
    f"select {POST_COLUMNS} from {WITH_AUTHOR} where p.id = :id and {visible('p', ':me')}"
)


async def get_post(tx: Tx, me: uuid.UUID, post_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_POST, me=me, id=post_id)


_USER_POSTS = Query(
    f"""
    select {POST_COLUMNS} from {WITH_AUTHOR}
    where p.user_id = :author and {visible("p", ":me")} and {KEYSET}
    order by p.created_at desc, p.id desc
    limit :limit
    """
)


async def user_posts(
    tx: Tx, me: uuid.UUID, author: uuid.UUID, after: tuple[Any, Any] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(
        _USER_POSTS, me=me, author=author, after_at=at, after_id=last, limit=limit
    )


_CREATE = Query(
    """
    insert into public.social_posts
      (user_id, id, text, visibility, workout_id, workout_summary, achievement, gym_id)
    values (:me, :id, :text, :visibility, :workout_id, :summary, :achievement, :gym_id)
    """
)


async def create(tx: Tx, me: uuid.UUID, post_id: uuid.UUID, values: dict[str, Any]) -> None:
    await tx.execute(_CREATE, me=me, id=post_id, **values)


# One shape for every PATCH: a flag per field says whether it was sent.
_UPDATE = Query(
    """
    update public.social_posts set
      text = case when :set_text then :text else text end,
      visibility = case when :set_visibility then :visibility else visibility end,
      workout_id = case when :set_workout then cast(:workout_id as uuid) else workout_id end,
      workout_summary = case when :set_workout then cast(:summary as jsonb)
                        else workout_summary end,
      gym_id = case when :set_workout then cast(:gym_id as uuid) else gym_id end,
      achievement = case when :set_achievement then cast(:achievement as jsonb)
                    else achievement end,
      updated_at = :now
    where user_id = :me and id = :id and hidden_at is null
    returning id
    """
)


async def update(
    tx: Tx, me: uuid.UUID, post_id: uuid.UUID, changes: dict[str, Any], now: dt.datetime
) -> bool:
    row = await tx.row(
        _UPDATE,
        me=me,
        id=post_id,
        now=now,
        set_text="text" in changes,
        text=changes.get("text"),
        set_visibility="visibility" in changes,
        visibility=changes.get("visibility"),
        set_workout="workout_id" in changes,
        workout_id=changes.get("workout_id"),
        summary=changes.get("summary"),
        gym_id=changes.get("gym_id"),
        set_achievement="achievement" in changes,
        achievement=changes.get("achievement"),
    )
    return row is not None


_DELETE = Query(
    "delete from public.social_posts where user_id = :me and id = :id and hidden_at is null "
    "returning id"
)


async def delete(tx: Tx, me: uuid.UUID, post_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE, me=me, id=post_id) is not None


# Liking and reporting: only a post the caller may see (the insert policies agree).
_VISIBLE_POST = (
    f"select p.user_id, p.id from public.social_posts p where p.id = :id and {visible('p', ':me')}"
)
_LIKE = Query(
    f"""
    with post as ({_VISIBLE_POST}),
    added as (
      insert into public.social_post_likes (user_id, post_user_id, post_id)
      select :me, post.user_id, post.id from post
      on conflict do nothing
      returning 1)
    select count(*) from post
    """
)


async def like(tx: Tx, me: uuid.UUID, post_id: uuid.UUID) -> bool:
    """False when the caller may not see the post."""
    return bool(await tx.value(_LIKE, me=me, id=post_id))


_UNLIKE = Query("delete from public.social_post_likes where user_id = :me and post_id = :id")


async def unlike(tx: Tx, me: uuid.UUID, post_id: uuid.UUID) -> None:
    await tx.execute(_UNLIKE, me=me, id=post_id)


_REPORT = Query(
    f"""
    with post as ({_VISIBLE_POST}),
    added as (
      insert into public.social_post_reports (user_id, post_user_id, post_id, reason)
      select :me, post.user_id, post.id, :reason from post
      on conflict do nothing
      returning 1)
    select count(*) from post
    """
)


async def report(tx: Tx, me: uuid.UUID, post_id: uuid.UUID, reason: str | None) -> bool:
    return bool(await tx.value(_REPORT, me=me, id=post_id, reason=reason))


# --- administrators (app_admin: the admin policies see every post) ------------------------

_MODERATE = Query(
    """
    with old as (
      select user_id, id, hidden_at, hidden_reason from public.social_posts
      where id = :id for update)
    update public.social_posts p set
      hidden_at = case when :hide then coalesce(old.hidden_at, cast(:now as timestamptz)) end,
      hidden_by = case when :hide then cast(:admin as uuid) end,
      hidden_reason = case when :hide then cast(:reason as text) end
    from old
    where p.user_id = old.user_id and p.id = old.id
    returning p.user_id, old.hidden_at as was_hidden_at, old.hidden_reason as was_reason,
              p.hidden_at, p.hidden_reason
    """
)


async def moderate(
    tx: Tx,
    admin: uuid.UUID,
    post_id: uuid.UUID,
    *,
    hide: bool,
    reason: str | None,
    now: dt.datetime,
) -> asyncpg.Record | None:
    return await tx.row(_MODERATE, admin=admin, id=post_id, hide=hide, reason=reason, now=now)


_REPORTS = Query(
    """
    select r.post_id, r.post_user_id as author_id, r.user_id as reporter_id, r.reason,
           r.created_at, p.text, p.visibility, p.hidden_at
    from public.social_post_reports r
    join public.social_posts p on p.user_id = r.post_user_id and p.id = r.post_id
    where (cast(:after_at as timestamptz) is null
           or (r.created_at, r.user_id, r.post_id) < (:after_at, :after_user, :after_post))
      and (not :open_only or p.hidden_at is null)
    order by r.created_at desc, r.user_id desc, r.post_id desc
    limit :limit
    """
)


async def reports(
    tx: Tx, after: tuple[Any, Any, Any] | None, open_only: bool, limit: int
) -> list[asyncpg.Record]:
    at, user, post = after or (None, None, None)
    return await tx.fetch(
        _REPORTS,
        after_at=at,
        after_user=user,
        after_post=post,
        open_only=open_only,
        limit=limit,
    )


# --- comments ------------------------------------------------------------------------------

_COMMENTS = Query(
    f"""
    select k.id,
           json_build_object('id', k.user_id, 'display_name', c.display_name,
                             'avatar_url', c.avatar_url) as author,
           k.text, k.created_at
    from public.social_post_comments k
    left join public.social_profiles c on c.user_id = k.user_id
    where k.post_user_id = :author and k.post_id = :post_id
      and not {blocked_between(":me", "k.user_id")}
      and (cast(:after_at as timestamptz) is null
           or (k.created_at, k.id) > (:after_at, :after_id))
    order by k.created_at, k.id
    limit :limit
    """
)


async def comments(
    tx: Tx,
    me: uuid.UUID,
    author: uuid.UUID,
    post_id: uuid.UUID,
    after: tuple[Any, Any] | None,
    limit: int,
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(
        _COMMENTS,
        me=me,
        author=author,
        post_id=post_id,
        after_at=at,
        after_id=last,
        limit=limit,
    )


_POST_AUTHOR = Query(f"{_VISIBLE_POST}")


async def visible_post_author(tx: Tx, me: uuid.UUID, post_id: uuid.UUID) -> uuid.UUID | None:
    """The author of a post the caller may see; None otherwise."""
    row = await tx.row(_POST_AUTHOR, me=me, id=post_id)
    return None if row is None else row["user_id"]


_COMMENT = Query(
    """
    insert into public.social_post_comments (user_id, id, post_user_id, post_id, text)
    values (:me, :id, :author, :post_id, :text)
    """
)


async def add_comment(
    tx: Tx, me: uuid.UUID, comment_id: uuid.UUID, author: uuid.UUID, post_id: uuid.UUID, text: str
) -> None:
    await tx.execute(_COMMENT, me=me, id=comment_id, author=author, post_id=post_id, text=text)


_ONE_COMMENT = Query(
    """
    select k.id,
           json_build_object('id', k.user_id, 'display_name', c.display_name,
                             'avatar_url', c.avatar_url) as author,
           k.text, k.created_at
    from public.social_post_comments k
    left join public.social_profiles c on c.user_id = k.user_id
    where k.user_id = :me and k.id = :id
    """
)


async def own_comment(tx: Tx, me: uuid.UUID, comment_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_ONE_COMMENT, me=me, id=comment_id)


# The writer, or the post's author (the delete policies agree).
_DELETE_COMMENT = Query(
    """
    delete from public.social_post_comments
    where id = :id and post_id = :post_id and (user_id = :me or post_user_id = :me)
    returning id
    """
)


async def delete_comment(tx: Tx, me: uuid.UUID, post_id: uuid.UUID, comment_id: uuid.UUID) -> bool:
    return await tx.row(_DELETE_COMMENT, me=me, id=comment_id, post_id=post_id) is not None

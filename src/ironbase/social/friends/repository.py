"""Statements on ``social_friendships``: each filters by the caller as the policies do."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any

import asyncpg

from ironbase.db.pg import Query, Tx

_PERSON = (
    "json_build_object('id', f.friend_id, 'display_name', c.display_name, "
    "'avatar_url', c.avatar_url) as user"
)

_FRIENDS = Query(
    f"""
    select {_PERSON}, f.accepted_at as since
    from public.social_friendships f
    left join public.social_profiles c on c.user_id = f.friend_id
    where f.user_id = :me and f.status = 'accepted'
      and (cast(:after_at as timestamptz) is null
           or (f.accepted_at, f.friend_id) < (:after_at, :after_id))
    order by f.accepted_at desc, f.friend_id desc
    limit :limit
    """
)


async def friends_page(
    tx: Tx, me: uuid.UUID, after: tuple[Any, Any] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    return await tx.fetch(_FRIENDS, me=me, after_at=at, after_id=last, limit=limit)


@functools.cache
def _requests_query(direction: str | None) -> Query:
    """Pending requests, both ways or one (``incoming``: someone asked the caller)."""
    which = {
        None: "",
        "incoming": "and f.requested_by <> :me",
        "outgoing": "and f.requested_by = :me",
    }[direction]
    return Query(
        f"""
        select f.id, case when f.requested_by = :me then 'outgoing' else 'incoming' end
                 as direction,
               {_PERSON}, f.created_at
        from public.social_friendships f
        left join public.social_profiles c on c.user_id = f.friend_id
        where f.user_id = :me and f.status = 'pending' {which}
          and not (f.by_email and f.requested_by = :me)
          and (cast(:after_at as timestamptz) is null
               or (f.created_at, f.id) < (:after_at, :after_id))
        order by f.created_at desc, f.id desc
        limit :limit
        """
    )


async def requests_page(
    tx: Tx, me: uuid.UUID, direction: str | None, after: tuple[Any, Any] | None, limit: int
) -> list[asyncpg.Record]:
    at, last = after or (None, None)
    query = _requests_query(direction)
    return await tx.fetch(query, me=me, after_at=at, after_id=last, limit=limit)


_PAIR = Query(
    f"""
    select f.id, f.status, f.requested_by, f.created_at, f.accepted_at, {_PERSON}
    from public.social_friendships f
    left join public.social_profiles c on c.user_id = f.friend_id
    where f.user_id = :me and f.friend_id = :other
    """
)


async def pair(tx: Tx, me: uuid.UUID, other: uuid.UUID) -> asyncpg.Record | None:
    """The caller's row of the pair (one probe of uq_social_friendships_friend)."""
    return await tx.row(_PAIR, me=me, other=other)


_REQUEST = Query(
    """
    insert into public.social_friendships (user_id, id, friend_id, requested_by)
    values (:me, :id, :other, :me), (:other, :id, :me, :me)
    on conflict do nothing
    """
)


async def request(tx: Tx, me: uuid.UUID, other: uuid.UUID) -> bool:
    """Both rows of a new request; False when either already existed (nothing written)."""
    status = await tx.execute(_REQUEST, me=me, other=other, id=uuid.uuid4())
    return status == "INSERT 0 2"


_BY_EMAIL = Query("select public.social_request_by_email(:email)")


async def request_by_email(tx: Tx, email: str) -> None:
    await tx.execute(_BY_EMAIL, email=email)


_ACCEPT = Query(
    """
    update public.social_friendships set status = 'accepted', accepted_at = :now
    where id = :id and (user_id = :me or friend_id = :me)
      and status = 'pending' and requested_by <> :me
    returning user_id
    """
)


async def accept(tx: Tx, me: uuid.UUID, request_id: uuid.UUID, now: dt.datetime) -> bool:
    rows = await tx.fetch(_ACCEPT, me=me, id=request_id, now=now)
    return len(rows) > 0


@functools.cache
def _end_request_query(as_requester: bool) -> Query:
    who = "requested_by = :me" if as_requester else "requested_by <> :me"
    return Query(
        f"""
        delete from public.social_friendships
        where id = :id and (user_id = :me or friend_id = :me) and status = 'pending' and {who}
        returning user_id
        """
    )


async def end_request(tx: Tx, me: uuid.UUID, request_id: uuid.UUID, *, as_requester: bool) -> bool:
    rows = await tx.fetch(_end_request_query(as_requester), me=me, id=request_id)
    return len(rows) > 0


_UNFRIEND = Query(
    """
    delete from public.social_friendships
    where status = 'accepted'
      and ((user_id = :me and friend_id = :other) or (user_id = :other and friend_id = :me))
    returning user_id
    """
)


async def unfriend(tx: Tx, me: uuid.UUID, other: uuid.UUID) -> bool:
    return len(await tx.fetch(_UNFRIEND, me=me, other=other)) > 0

"""The statements of challenges. RLS decides who sees a challenge and its participants;
every statement also names the caller or the challenge, as the policies do.

The standing (``value``, ``reached_at``) is written by the database's triggers, never here.
"""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg

from ironbase.db.pg import Query, Tx

_COLUMNS = """
    c.id, c.user_id as creator_id, c.title, c.metric, c.exercise_id, c.starts_at, c.ends_at,
    c.visibility, c.gym_id, c.created_at,
    (select count(*) from public.challenge_participants n
     where n.challenge_id = c.id and n.status = 'joined')::integer as participants,
    (select m.status from public.challenge_participants m
     where m.challenge_id = c.id and m.user_id = :user_id) as my_status
"""

_GET = Query(f"select {_COLUMNS} from public.challenges c where c.id = :challenge_id")

_PAGE_FIRST = Query(
    f"""select {_COLUMNS} from public.challenges c
    order by c.starts_at desc, c.id desc limit :limit"""
)
_PAGE_AFTER = Query(
    f"""select {_COLUMNS} from public.challenges c
    where (c.starts_at, c.id) < (:starts_at, :id)
    order by c.starts_at desc, c.id desc limit :limit"""
)

_CHECKS = Query(
    """
    select
      (cast(:exercise_id as uuid) is null or exists (
        select 1 from public.exercises e
        where e.id = cast(:exercise_id as uuid) and e.user_id is null)) as exercise_ok,
      (cast(:gym_id as uuid) is null or exists (
        select 1 from public.user_gyms g
        where g.gym_id = cast(:gym_id as uuid) and g.user_id = :user_id)) as gym_ok
    """
)

_INSERT = Query(
    """
    insert into public.challenges
      (user_id, title, metric, exercise_id, starts_at, ends_at, visibility, gym_id)
    values (:user_id, :title, :metric, :exercise_id, :starts_at, :ends_at, :visibility, :gym_id)
    returning id
    """
)

_JOIN = Query(
    """
    insert into public.challenge_participants (user_id, challenge_id, status)
    values (:user_id, :challenge_id, 'joined')
    """
)

_INVITE = Query(
    """
    insert into public.challenge_participants (user_id, challenge_id, status)
    select u.id, :challenge_id, 'invited' from unnest(cast(:user_ids as uuid[])) as u (id)
    where u.id <> :user_id
    """
)

_ACCEPT = Query(
    """
    update public.challenge_participants set status = 'joined'
    where user_id = :user_id and challenge_id = :challenge_id and status = 'invited'
    """
)

# A standing in the API's units: kg for volume (stored in gram-reps) and e1RM (stored in
# milligrams), else the count.
SCALED = (
    "p.value::float8 / case c.metric when 'volume' then 1000 when 'e1rm' then 1000000 else 1 end"
)
_MEMBERSHIP = Query(
    f"""
    select p.challenge_id, p.user_id, p.status, p.joined_at, {SCALED} as value
    from public.challenge_participants p join public.challenges c on c.id = p.challenge_id
    where p.user_id = :user_id and p.challenge_id = :challenge_id
    """
)

_LEAVE = Query(
    """
    delete from public.challenge_participants
    where user_id = :user_id and challenge_id = :challenge_id
    """
)

_METRIC = Query("select metric from public.challenges where id = :challenge_id")

_STANDING = "user_id, display_name, value, reached_at"
# Value descending, then who reached it first, then the user id: the index's order. After a
# cursor: the rest of the cursor's value, then every lower value, each an index range (the
# comparisons are on bigint, timestamptz and uuid, whose operators are leakproof: RLS lets
# them into the index condition).
_LEADERBOARD_FIRST = Query(
    f"""
    select {_STANDING} from public.challenge_participants
    where challenge_id = :challenge_id and status = 'joined'
    order by value desc, reached_at, user_id limit :limit
    """
)
_LEADERBOARD_AFTER = Query(
    f"""
    (select {_STANDING} from public.challenge_participants
     where challenge_id = :challenge_id and status = 'joined'
       and value = :value and (reached_at, user_id) > (:reached_at, :after_user)
     order by reached_at, user_id limit :limit)
    union all
    (select {_STANDING} from public.challenge_participants
     where challenge_id = :challenge_id and status = 'joined' and value < :value
     order by value desc, reached_at, user_id limit :limit)
    limit :limit
    """
)


async def get(tx: Tx, user_id: uuid.UUID, challenge_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET, user_id=user_id, challenge_id=challenge_id)


async def page(
    tx: Tx, user_id: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    if after is None:
        return await tx.fetch(_PAGE_FIRST, user_id=user_id, limit=limit)
    return await tx.fetch(
        _PAGE_AFTER, user_id=user_id, starts_at=after[0], id=after[1], limit=limit
    )


async def checks(
    tx: Tx, user_id: uuid.UUID, exercise_id: uuid.UUID | None, gym_id: uuid.UUID | None
) -> asyncpg.Record:
    row = await tx.row(_CHECKS, user_id=user_id, exercise_id=exercise_id, gym_id=gym_id)
    assert row is not None
    return row


async def insert(tx: Tx, user_id: uuid.UUID, values: dict[str, object]) -> uuid.UUID:
    challenge_id: uuid.UUID = await tx.value(_INSERT, user_id=user_id, **values)
    return challenge_id


async def join(tx: Tx, user_id: uuid.UUID, challenge_id: uuid.UUID) -> None:
    await tx.execute(_JOIN, user_id=user_id, challenge_id=challenge_id)


async def invite(
    tx: Tx, user_id: uuid.UUID, challenge_id: uuid.UUID, user_ids: list[uuid.UUID]
) -> None:
    await tx.execute(_INVITE, user_id=user_id, challenge_id=challenge_id, user_ids=user_ids)


async def accept(tx: Tx, user_id: uuid.UUID, challenge_id: uuid.UUID) -> None:
    await tx.execute(_ACCEPT, user_id=user_id, challenge_id=challenge_id)


async def membership(tx: Tx, user_id: uuid.UUID, challenge_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_MEMBERSHIP, user_id=user_id, challenge_id=challenge_id)


async def leave(tx: Tx, user_id: uuid.UUID, challenge_id: uuid.UUID) -> bool:
    return await tx.execute(_LEAVE, user_id=user_id, challenge_id=challenge_id) == "DELETE 1"


async def metric(tx: Tx, challenge_id: uuid.UUID) -> str | None:
    """The challenge's metric, None when the caller may not see it."""
    value: str | None = await tx.value(_METRIC, challenge_id=challenge_id)
    return value


async def leaderboard(
    tx: Tx,
    challenge_id: uuid.UUID,
    after: tuple[int, dt.datetime, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    if after is None:
        return await tx.fetch(_LEADERBOARD_FIRST, challenge_id=challenge_id, limit=limit)
    value, reached_at, user_id = after
    return await tx.fetch(
        _LEADERBOARD_AFTER,
        challenge_id=challenge_id,
        value=value,
        reached_at=reached_at,
        after_user=user_id,
        limit=limit,
    )

"""The statements of battles. RLS decides who sees a battle (its ambassador, the invited)
and its standings; every statement also names the caller or the battle, as the policies do.

The standings (``value``, ``reached_at``) and the participants themselves are written by the
database's triggers (an accepted invitation inserts its participant), never here.
"""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg

from ironbase.db.pg import Query, Tx

# Stored standings are integers: gram-reps (volume), milligrams (e1RM), else a count.
SCALE = "case b.metric when 'volume' then 1000 when 'e1rm' then 1000000 else 1 end"

_COLUMNS = f"""
    b.id, b.user_id as ambassador_id, b.title, b.description, b.metric, b.exercise_id,
    b.starts_at, b.ends_at, b.mode, b.teams, b.max_participants,
    (select count(*) from public.battle_participants n where n.battle_id = b.id)::integer
      as participants,
    case when b.settled_at is not null then 'settled' when b.ends_at <= now() then 'ended'
         when b.starts_at <= now() then 'running' else 'upcoming' end as phase,
    case when b.user_id = :user_id then 'ambassador'
         else (select case i.status when 'accepted' then 'participant'
                                    when 'declined' then 'declined' else 'invited' end
               from public.battle_invitations i
               where i.battle_id = b.id and i.user_id = :user_id) end as my_role,
    b.winner_user_id, b.winner_team, b.winning_value::float8 / {SCALE} as winning_value,
    b.settled_at, b.created_at, b.updated_at
"""
# The caller's battles: created by them, or invited to (accepted ones included).
_MINE = """(b.user_id = :user_id or exists (
    select 1 from public.battle_invitations i where i.battle_id = b.id and i.user_id = :user_id))"""

_GET = Query(f"select {_COLUMNS} from public.battles b where b.id = :battle_id and {_MINE}")

_PAGE_FIRST = Query(
    f"""select {_COLUMNS} from public.battles b where {_MINE}
    order by b.starts_at desc, b.id desc limit :limit"""
)
_PAGE_AFTER = Query(
    f"""select {_COLUMNS} from public.battles b
    where {_MINE} and (b.starts_at, b.id) < (:starts_at, :id)
    order by b.starts_at desc, b.id desc limit :limit"""
)

# The caller's ambassador status (None: no profile) and whether the exercise is the catalog's.
_CHECKS = Query(
    """
    select
      (select a.status from public.ambassador_profiles a where a.user_id = :user_id) as status,
      (cast(:exercise_id as uuid) is null or exists (
        select 1 from public.exercises e
        where e.id = cast(:exercise_id as uuid) and e.user_id is null)) as exercise_ok
    """
)

_INSERT = Query(
    """
    insert into public.battles (user_id, title, description, metric, exercise_id, starts_at,
                                ends_at, mode, teams, max_participants)
    values (:user_id, :title, :description, :metric, :exercise_id, :starts_at, :ends_at,
            :mode, :teams, :max_participants)
    returning id
    """
)

# One shape for every PATCH: a flag per field says whether it was sent.
_UPDATE = Query(
    """
    update public.battles set
      title = case when :set_title then cast(:title as text) else title end,
      description = case when :set_description then cast(:description as text)
                         else description end,
      starts_at = case when :set_starts_at then cast(:starts_at as timestamptz)
                       else starts_at end,
      ends_at = case when :set_ends_at then cast(:ends_at as timestamptz) else ends_at end,
      max_participants = case when :set_max_participants
                              then cast(:max_participants as integer) else max_participants end
    where user_id = :user_id and id = :battle_id and starts_at > now()
    """
)

_DELETE = Query("delete from public.battles where user_id = :user_id and id = :battle_id")

_ALREADY = Query(
    """
    select coalesce(array_agg(i.user_id), '{}') from public.battle_invitations i
    where i.battle_id = :battle_id and i.user_id = any(cast(:user_ids as uuid[]))
    """
)
_COUNT_INVITATIONS = Query(
    "select count(*)::integer from public.battle_invitations where battle_id = :battle_id"
)

_INVITATION = """
    i.id, i.battle_id, i.user_id, i.team,
    case when i.status = 'pending' and (b.ends_at <= now() or b.settled_at is not null)
         then 'expired' else i.status end as status,
    i.invited_by, i.responded_at, i.created_at, b.title as battle_title, b.starts_at, b.ends_at
"""
# The new rows, read back through the battle (pending: the battle has not ended).
_INVITE = Query(
    f"""
    with made as (
      insert into public.battle_invitations (user_id, battle_id, team, invited_by)
      select u.id, :battle_id, u.team, :user_id
      from unnest(cast(:user_ids as uuid[]), cast(:teams as text[])) as u (id, team)
      returning *
    )
    select {_INVITATION} from made i join public.battles b on b.id = i.battle_id
    order by i.created_at desc, i.id desc
    """
)

_MY_INVITATION = Query(
    f"""select {_INVITATION}, b.max_participants,
      (select count(*) from public.battle_participants p where p.battle_id = b.id)::integer
        as participants
    from public.battle_invitations i join public.battles b on b.id = i.battle_id
    where i.user_id = :user_id and i.id = :invitation_id"""
)
_ANSWER = Query(
    """
    update public.battle_invitations set status = :status
    where user_id = :user_id and id = :invitation_id and status = 'pending'
    """
)
_MY_INVITATIONS_FIRST = Query(
    f"""select {_INVITATION}
    from public.battle_invitations i join public.battles b on b.id = i.battle_id
    where i.user_id = :user_id
    order by i.created_at desc, i.id desc limit :limit"""
)
_MY_INVITATIONS_AFTER = Query(
    f"""select {_INVITATION}
    from public.battle_invitations i join public.battles b on b.id = i.battle_id
    where i.user_id = :user_id and (i.created_at, i.id) < (:created_at, :id)
    order by i.created_at desc, i.id desc limit :limit"""
)

_STANDING = "user_id, display_name, team, value, reached_at"
# Value descending, then who reached it first, then the user id: the index's order. After a
# cursor: the rest of the cursor's value, then every lower value, each an index range.
_LEADERBOARD_FIRST = Query(
    f"""
    select {_STANDING} from public.battle_participants where battle_id = :battle_id
    order by value desc, reached_at, user_id limit :limit
    """
)
_LEADERBOARD_AFTER = Query(
    f"""
    (select {_STANDING} from public.battle_participants
     where battle_id = :battle_id
       and value = :value and (reached_at, user_id) > (:reached_at, :after_user)
     order by reached_at, user_id limit :limit)
    union all
    (select {_STANDING} from public.battle_participants
     where battle_id = :battle_id and value < :value
     order by value desc, reached_at, user_id limit :limit)
    limit :limit
    """
)
# Each team's total and when it was last raised (the members' latest scoring moment).
_TEAMS = Query(
    """
    select team, count(*)::integer as members, sum(value)::bigint as total,
           max(reached_at) filter (where value > 0) as reached_at
    from public.battle_participants where battle_id = :battle_id and team is not null
    group by team
    """
)


async def get(tx: Tx, user_id: uuid.UUID, battle_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET, user_id=user_id, battle_id=battle_id)


async def page(
    tx: Tx, user_id: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    if after is None:
        return await tx.fetch(_PAGE_FIRST, user_id=user_id, limit=limit)
    return await tx.fetch(
        _PAGE_AFTER, user_id=user_id, starts_at=after[0], id=after[1], limit=limit
    )


async def checks(tx: Tx, user_id: uuid.UUID, exercise_id: uuid.UUID | None) -> asyncpg.Record:
    row = await tx.row(_CHECKS, user_id=user_id, exercise_id=exercise_id)
    assert row is not None
    return row


async def insert(tx: Tx, user_id: uuid.UUID, values: dict[str, object]) -> uuid.UUID:
    battle_id: uuid.UUID = await tx.value(_INSERT, user_id=user_id, **values)
    return battle_id


async def update(
    tx: Tx, user_id: uuid.UUID, battle_id: uuid.UUID, changes: dict[str, object]
) -> bool:
    fields = ("title", "description", "starts_at", "ends_at", "max_participants")
    values: dict[str, object] = {}
    for name in fields:
        values[f"set_{name}"] = name in changes
        values[name] = changes.get(name)
    status = await tx.execute(_UPDATE, user_id=user_id, battle_id=battle_id, **values)
    return bool(status == "UPDATE 1")


async def delete(tx: Tx, user_id: uuid.UUID, battle_id: uuid.UUID) -> bool:
    return await tx.execute(_DELETE, user_id=user_id, battle_id=battle_id) == "DELETE 1"


async def already_invited(
    tx: Tx, battle_id: uuid.UUID, user_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    found: list[uuid.UUID] = await tx.value(_ALREADY, battle_id=battle_id, user_ids=user_ids)
    return found


async def count_invitations(tx: Tx, battle_id: uuid.UUID) -> int:
    count: int = await tx.value(_COUNT_INVITATIONS, battle_id=battle_id)
    return count


async def invite(
    tx: Tx,
    user_id: uuid.UUID,
    battle_id: uuid.UUID,
    user_ids: list[uuid.UUID],
    teams: list[str | None],
) -> list[asyncpg.Record]:
    return await tx.fetch(
        _INVITE, user_id=user_id, battle_id=battle_id, user_ids=user_ids, teams=teams
    )


async def my_invitation(
    tx: Tx, user_id: uuid.UUID, invitation_id: uuid.UUID
) -> asyncpg.Record | None:
    return await tx.row(_MY_INVITATION, user_id=user_id, invitation_id=invitation_id)


async def answer(tx: Tx, user_id: uuid.UUID, invitation_id: uuid.UUID, status: str) -> bool:
    outcome = await tx.execute(_ANSWER, user_id=user_id, invitation_id=invitation_id, status=status)
    return bool(outcome == "UPDATE 1")


async def my_invitations(
    tx: Tx, user_id: uuid.UUID, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    if after is None:
        return await tx.fetch(_MY_INVITATIONS_FIRST, user_id=user_id, limit=limit)
    return await tx.fetch(
        _MY_INVITATIONS_AFTER, user_id=user_id, created_at=after[0], id=after[1], limit=limit
    )


async def leaderboard(
    tx: Tx,
    battle_id: uuid.UUID,
    after: tuple[int, dt.datetime, uuid.UUID] | None,
    limit: int,
) -> list[asyncpg.Record]:
    if after is None:
        return await tx.fetch(_LEADERBOARD_FIRST, battle_id=battle_id, limit=limit)
    value, reached_at, user_id = after
    return await tx.fetch(
        _LEADERBOARD_AFTER,
        battle_id=battle_id,
        value=value,
        reached_at=reached_at,
        after_user=user_id,
        limit=limit,
    )


async def teams(tx: Tx, battle_id: uuid.UUID) -> list[asyncpg.Record]:
    return await tx.fetch(_TEAMS, battle_id=battle_id)

"""Battle outcomes as battles end (``ironbase worker``'s periodic job, or ``ironbase battles
settle`` once).

For each battle whose ``ends_at`` passed and whose ``settled_at`` is still null, one
statement records the outcome and stamps it, so a battle is settled once whatever its end or
the worker's downtime:

- individual: the winner is the first of the leaderboard (value descending, then the
  earlier ``reached_at``, then the smaller user id), if their value is above zero;
- team: the team with the highest total (the sum of its members' standings); equal totals go
  to the team whose total stood first (its members' latest scoring moment, earlier wins),
  then to the team named first; a team needs a total above zero;
- nobody scored: settled without a winner.

The standings freeze with it (the log's triggers skip settled battles), and pending
invitations become ``expired``.

Runs as ``service_role`` through the operator's URL. Each batch is one transaction that
locks its battles ``for update skip locked``: two workers share the work and never settle a
battle twice; a repeat finds nothing left to settle.
"""

from __future__ import annotations

from ironbase.db import pg
from ironbase.db.pg import Query
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import in_batches

#: Battles per transaction.
BATCH = 50
#: Transactions per run; whatever is left waits for the next run.
MAX_BATCHES = 20

_SETTLE = Query(
    """
    with ended as (
      select b.id, b.mode, b.teams from public.battles b
      where b.settled_at is null and b.ends_at <= now()
      order by b.ends_at, b.id
      limit :batch
      for update skip locked
    ), solo as (
      select distinct on (p.battle_id) p.battle_id, p.user_id, p.value
      from public.battle_participants p join ended e on e.id = p.battle_id
      where e.mode = 'individual' and p.value > 0
      order by p.battle_id, p.value desc, p.reached_at, p.user_id
    ), totals as (
      select p.battle_id, p.team, sum(p.value)::bigint as total,
             max(p.reached_at) filter (where p.value > 0) as reached_at
      from public.battle_participants p join ended e on e.id = p.battle_id
      where e.mode = 'team' and p.team is not null
      group by p.battle_id, p.team
    ), team as (
      select distinct on (t.battle_id) t.battle_id, t.team, t.total
      from totals t join ended e on e.id = t.battle_id
      where t.total > 0
      order by t.battle_id, t.total desc, t.reached_at, array_position(e.teams, t.team)
    ), settled as (
      update public.battles b
      set settled_at = now(), winner_user_id = solo.user_id, winner_team = team.team,
          winning_value = coalesce(solo.value, team.total)
      from ended e left join solo on solo.battle_id = e.id left join team on team.battle_id = e.id
      where b.id = e.id
      returning b.id
    ), expired as (
      update public.battle_invitations i set status = 'expired'
      where i.battle_id in (select id from settled) and i.status = 'pending'
      returning i.id
    )
    select (select count(*) from settled)::integer as battles,
           (select count(*) from expired)::integer as expired
    """
)


async def settle_ended_battles(
    target: DatabaseTarget, *, batch: int = BATCH, max_batches: int = MAX_BATCHES
) -> int:
    """Record the outcome of the battles that ended since the last run; how many."""

    async def one_batch(tx: pg.Tx) -> int:
        row = await tx.row(_SETTLE, batch=batch)
        assert row is not None  # an aggregate answers one row
        settled: int = row["battles"]
        return settled

    return await in_batches(target, one_batch, batch=batch, max_batches=max_batches)

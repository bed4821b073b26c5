"""Challenge wins as challenges end (``ironbase worker``'s periodic job, or ``ironbase
achievements award-ended-challenges`` once).

``public.award_achievements`` (migration 0016) awards ``challenge_wins`` by the standings'
tie rule, but only when it runs for the winner: on their next finished workout. This job
runs it for the participants of every challenge that ended and was not handled yet
(``challenges.wins_awarded_at`` is null: the watermark, per challenge, so a challenge is
never missed whatever its end or the worker's downtime), then stamps the challenge.

Who is evaluated: the joined participants with a standing above zero. Only they can win
(the rule needs ``value > 0``), and the end of a challenge changes nothing else of anyone's
awards; a large public challenge thus costs its scorers, not its idle joiners.

Runs as ``service_role`` through the operator's URL. Each batch is one transaction that
locks its challenges ``for update skip locked``: two workers share the work and never
evaluate a challenge twice; a failed batch leaves its challenges unstamped for the next
run. At most ``max_batches`` per run. Awarding is idempotent (one row per person and
achievement), so a repeat changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ironbase.db import pg
from ironbase.db.pg import Query
from ironbase.db.retry import retry_transient
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn

#: Challenges per transaction.
BATCH = 20
#: Transactions per run; whatever is left waits for the next run.
MAX_BATCHES = 25

_ENDED = Query(
    """
    select c.id from public.challenges c
    where c.wins_awarded_at is null and c.ends_at <= now()
    order by c.ends_at, c.id
    limit :batch
    for update skip locked
    """
)
_PARTICIPANTS = Query(
    """
    select coalesce(array_agg(distinct p.user_id), '{}')
    from public.challenge_participants p
    where p.challenge_id = any(cast(:ids as uuid[])) and p.status = 'joined' and p.value > 0
    """
)
_AWARD = Query("select public.award_achievements(cast(:people as uuid[]))")
_STAMP = Query(
    "update public.challenges set wins_awarded_at = now() where id = any(cast(:ids as uuid[]))"
)


@dataclass(frozen=True, slots=True)
class EndedChallenges:
    challenges: int = 0
    people: int = 0


async def award_ended_challenges(
    target: DatabaseTarget, *, batch: int = BATCH, max_batches: int = MAX_BATCHES
) -> EndedChallenges:
    """Evaluate the participants of the challenges that ended since the last run."""
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-worker")
    tx = pg.Tx(conn)

    async def one_batch() -> tuple[int, int]:
        async with conn.transaction():
            await conn.execute("select set_config('role', $1, true)", SERVICE_ROLE)
            ids = [r["id"] for r in await tx.fetch(_ENDED, batch=batch)]
            if not ids:
                return 0, 0
            people = await tx.value(_PARTICIPANTS, ids=ids)
            if people:
                await tx.execute(_AWARD, people=people)
            await tx.execute(_STAMP, ids=ids)
        return len(ids), len(people)

    try:
        challenges = people = 0
        for _ in range(max_batches):
            done, evaluated = await retry_transient(one_batch)
            challenges += done
            people += evaluated
            if done < batch:
                break
        return EndedChallenges(challenges, people)
    finally:
        await conn.close()

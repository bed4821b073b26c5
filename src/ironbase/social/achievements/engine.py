"""Re-evaluating awards from history (``ironbase achievements rebuild``).

The engine itself is the database's ``public.award_achievements(users)`` (migration 0016):
the triggers on the training log call it as workouts are finished or imported, and award
plate milestones as sets arrive. A rebuild clears each person's awards and evaluates their
whole history again: one transaction per batch of people as ``service_role``, so nobody's
awards are ever seen half rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable

from ironbase.db import pg
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn
from ironbase.social.achievements import repository as repo

BATCH = 200


async def rebuild_all(
    target: DatabaseTarget, started: Callable[[int], None], done: Callable[[int], None]
) -> tuple[int, int]:
    """(people, awards they hold after the rebuild)."""
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-cli")
    try:
        tx = pg.Tx(conn)
        async with conn.transaction():
            await conn.execute("select set_config('role', $1, true)", SERVICE_ROLE)
            people = await repo.user_ids(tx)
        started(len(people))
        awards = 0
        for start in range(0, len(people), BATCH):
            batch = people[start : start + BATCH]
            async with conn.transaction():
                await conn.execute("select set_config('role', $1, true)", SERVICE_ROLE)
                awards += await repo.rebuild(tx, batch)
            done(len(batch))
        return len(people), awards
    finally:
        await conn.close()

"""Export retention: a finished export's zip is dropped after
``IRONBASE_EXPORT_RETENTION_HOURS`` (``ironbase worker``'s periodic job, or ``ironbase
exports expire`` once).

The row stays, ``expired``, with ``file`` nulled: its owner still sees the export and is
told the file is gone (410), and may start a new one. The work runs as ``service_role``
through the operator's URL, in batches of one transaction each (rows locked ``for update
skip locked``, so two workers never wait on each other), at most ``max_batches`` per run:
a run is bounded, the next one goes on. Running it again changes nothing.
"""

from __future__ import annotations

from ironbase.db import pg
from ironbase.db.pg import Query
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import in_batches

#: Exports expired per transaction (each frees up to 256 MiB of zip).
BATCH = 100
#: Transactions per run; whatever is left waits for the next run.
MAX_BATCHES = 50

_EXPIRE = Query(
    """
    with due as (
      select e.user_id, e.id from public.privacy_exports e
      where e.status = 'done' and e.finished_at <= now() - make_interval(hours => :hours)
      order by e.finished_at
      limit :batch
      for update skip locked
    )
    update public.privacy_exports e set status = 'expired', file = null
    from due where e.user_id = due.user_id and e.id = due.id and e.status = 'done'
    """
)


async def expire_exports(
    target: DatabaseTarget,
    retention_hours: int,
    *,
    batch: int = BATCH,
    max_batches: int = MAX_BATCHES,
) -> int:
    """Expire the exports finished more than ``retention_hours`` ago; how many were."""

    async def one_batch(tx: pg.Tx) -> int:
        status = await tx.execute(_EXPIRE, hours=retention_hours, batch=batch)
        return int(status.split()[-1])

    return await in_batches(target, one_batch, batch=batch, max_batches=max_batches)

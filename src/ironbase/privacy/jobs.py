"""Background jobs on procrastinate (PostgreSQL's own queue, schema ``procrastinate``).

``ironbase worker`` runs them; tests run them with ``run_pending`` (the same worker,
stopping once the queue is empty). The API queues an export with the definer function
``enqueue_privacy_export`` in the request's transaction (the row and its job land
together); a job's arguments carry the export's id only, never a person's id or email.

Periodic jobs (procrastinate's periodic tasks: the worker defers them on their cron, once
per tick however many workers run; the API never runs them): export retention
(``privacy.retention``), challenge wins as challenges end (``social.challenges.wins``) and
battle outcomes as battles end (``ambassadors.battles.settling``). Operators and tests run
each once with ``ironbase exports expire``, ``ironbase achievements award-ended-challenges``
and ``ironbase battles settle``, or by calling the same functions.
"""

from __future__ import annotations

import logging
import uuid

import procrastinate

from ironbase.ambassadors.battles import settling
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn
from ironbase.privacy import exporting, retention
from ironbase.social.challenges import wins

log = logging.getLogger(__name__)

#: Must match migration 0013's ``enqueue_privacy_export``.
EXPORT_QUEUE = "privacy"
EXPORT_TASK = "privacy_export"
#: The periodic jobs' queue, their task names and schedules (cron, UTC).
PERIODIC_QUEUE = "periodic"
EXPIRE_EXPORTS_TASK = "expire_exports"
EXPIRE_EXPORTS_CRON = "*/15 * * * *"
AWARD_ENDED_CHALLENGES_TASK = "award_ended_challenges"
AWARD_ENDED_CHALLENGES_CRON = "*/5 * * * *"
SETTLE_BATTLES_TASK = "settle_ended_battles"
SETTLE_BATTLES_CRON = "*/5 * * * *"
QUEUES = (EXPORT_QUEUE, PERIODIC_QUEUE)
DEFAULT_RETENTION_HOURS = 168


def make_app(
    target: DatabaseTarget,
    *,
    pool_size: int = 2,
    export_retention_hours: int = DEFAULT_RETENTION_HOURS,
) -> procrastinate.App:
    """A procrastinate app on the operator's URL, as ``service_role``, in its schema."""
    connector = procrastinate.PsycopgConnector(
        conninfo=asyncpg_dsn(target.admin_url),
        min_size=1,
        max_size=pool_size,
        kwargs={
            "options": f"-c role={SERVICE_ROLE} -c search_path=procrastinate,public",
            "application_name": "ironbase-worker",
        },
    )
    app = procrastinate.App(connector=connector)

    @app.task(name=EXPORT_TASK, queue=EXPORT_QUEUE)
    async def privacy_export(export_id: str) -> None:
        result = await exporting.run_export(target, uuid.UUID(export_id))
        log.info("export %s: %s (%d bytes)", export_id, result.status, result.file_bytes)

    # A queueing lock: at most one of each waits in the queue, however long the worker lags.
    @app.periodic(cron=EXPIRE_EXPORTS_CRON)
    @app.task(name=EXPIRE_EXPORTS_TASK, queue=PERIODIC_QUEUE, queueing_lock=EXPIRE_EXPORTS_TASK)
    async def expire_exports(timestamp: int) -> None:
        expired = await retention.expire_exports(target, export_retention_hours)
        log.info("exports expired: %d (older than %d hours)", expired, export_retention_hours)

    @app.periodic(cron=AWARD_ENDED_CHALLENGES_CRON)
    @app.task(
        name=AWARD_ENDED_CHALLENGES_TASK,
        queue=PERIODIC_QUEUE,
        queueing_lock=AWARD_ENDED_CHALLENGES_TASK,
    )
    async def award_ended_challenges(timestamp: int) -> None:
        done = await wins.award_ended_challenges(target)
        log.info("ended challenges evaluated: %d (%d people)", done.challenges, done.people)

    @app.periodic(cron=SETTLE_BATTLES_CRON)
    @app.task(name=SETTLE_BATTLES_TASK, queue=PERIODIC_QUEUE, queueing_lock=SETTLE_BATTLES_TASK)
    async def settle_ended_battles(timestamp: int) -> None:
        settled = await settling.settle_ended_battles(target)
        log.info("ended battles settled: %d", settled)

    return app


async def run_pending(target: DatabaseTarget, queues: tuple[str, ...] = (EXPORT_QUEUE,)) -> None:
    """Run every job queued in ``queues`` (the exports' by default: the periodic ones run on
    their cron), then return (the worker with ``wait=False``)."""
    app = make_app(target)
    async with app.open_async():
        await app.run_worker_async(
            queues=list(queues), wait=False, install_signal_handlers=False, listen_notify=False
        )


async def work(
    target: DatabaseTarget,
    concurrency: int = 1,
    export_retention_hours: int = DEFAULT_RETENTION_HOURS,
) -> None:
    """Run jobs until stopped (``ironbase worker``), the periodic ones on their cron."""
    app = make_app(target, pool_size=concurrency + 2, export_retention_hours=export_retention_hours)
    async with app.open_async():
        await app.run_worker_async(queues=list(QUEUES), concurrency=concurrency)

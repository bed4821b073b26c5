"""Background jobs on procrastinate (PostgreSQL's own queue, schema ``procrastinate``).

``ironbase worker`` runs them; tests run them with ``run_pending`` (the same worker,
stopping once the queue is empty). The API queues an export with the definer function
``enqueue_privacy_export`` in the request's transaction (the row and its job land
together); a job's arguments carry the export's id only, never a person's id or email.
"""

from __future__ import annotations

import logging
import uuid

import procrastinate

from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn
from ironbase.privacy import exporting

log = logging.getLogger(__name__)

#: Must match migration 0013's ``enqueue_privacy_export``.
EXPORT_QUEUE = "privacy"
EXPORT_TASK = "privacy_export"
QUEUES = (EXPORT_QUEUE,)


def make_app(target: DatabaseTarget, *, pool_size: int = 2) -> procrastinate.App:
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

    return app


async def run_pending(target: DatabaseTarget) -> None:
    """Run every queued job, then return (the worker with ``wait=False``)."""
    app = make_app(target)
    async with app.open_async():
        await app.run_worker_async(
            queues=list(QUEUES), wait=False, install_signal_handlers=False, listen_notify=False
        )


async def work(target: DatabaseTarget, concurrency: int = 1) -> None:
    """Run jobs until stopped (``ironbase worker``)."""
    app = make_app(target, pool_size=concurrency + 2)
    async with app.open_async():
        await app.run_worker_async(queues=list(QUEUES), concurrency=concurrency)

"""Export retention: a finished export's zip is dropped after the retention (the row stays,
``expired``; its file answers 410), by the worker's periodic job, by `ironbase exports
expire`, in bounded batches, idempotently; a new export may start after."""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

import asyncpg
import httpx
import pytest
from procrastinate import exceptions as procrastinate_errors

from ironbase.db.setup import DatabaseTarget
from ironbase.privacy import jobs, retention
from tests.conftest import SignedUpUser, sign_up
from tests.privacy.test_cli import _cli
from tests.privacy.test_exports import PROBLEM, finished_zip, start

STATE = (
    "select status, file is null as no_file, file_bytes from public.privacy_exports where id = $1"
)


async def finished_export(
    client: httpx.AsyncClient,
    database_target: DatabaseTarget,
    owner: asyncpg.Connection,
    user: SignedUpUser,
    hours_ago: float,
) -> str:
    """A done export of ``user`` whose zip was made ``hours_ago`` (the clock: finished_at)."""
    export_id = await start(client, user)
    await jobs.run_pending(database_target)
    await finished_zip(client, user, export_id)
    await owner.execute(
        "update public.privacy_exports set finished_at = now() - make_interval(secs => $2) "
        "where id = $1",
        uuid.UUID(export_id),
        hours_ago * 3600,
    )
    return export_id


async def drain(database_target: DatabaseTarget, hours: int) -> None:
    """Whatever earlier tests left due, expired first (the database is shared)."""
    while await retention.expire_exports(database_target, hours):
        pass


async def test_an_export_expires_after_the_retention_and_its_file_is_gone(
    client: httpx.AsyncClient, database_target: DatabaseTarget, owner: asyncpg.Connection
) -> None:
    await drain(database_target, 168)
    old_user, recent_user = await sign_up(client), await sign_up(client)
    old = await finished_export(client, database_target, owner, old_user, hours_ago=169)
    recent = await finished_export(client, database_target, owner, recent_user, hours_ago=167)

    assert await retention.expire_exports(database_target, 168) == 1

    state = await client.get(f"/v1/me/exports/{old}", headers=old_user.headers)
    assert state.status_code == 200, state.text
    assert state.json() == {"id": old, "status": "expired", "progress": 100, "file_url": None}
    gone = await client.get(f"/v1/me/exports/{old}/file", headers=old_user.headers)
    assert gone.status_code == 410, gone.text
    assert gone.headers["content-type"] == PROBLEM
    assert gone.json()["status"] == 410
    assert gone.json()["type"].endswith("/export-expired")
    row = await owner.fetchrow(STATE, uuid.UUID(old))
    assert row is not None
    assert (row["status"], row["no_file"]) == ("expired", True)
    assert row["file_bytes"] > 0  # how large it was stays
    # Someone else still gets 404, not 410: the row is its owner's alone.
    other = await client.get(f"/v1/me/exports/{old}/file", headers=recent_user.headers)
    assert other.status_code == 404

    # The one within the retention is untouched.
    await finished_zip(client, recent_user, recent)

    # Idempotent: a second run finds nothing, the expired row stays as it is.
    assert await retention.expire_exports(database_target, 168) == 0
    again = await owner.fetchrow(STATE, uuid.UUID(old))
    assert again == row

    # A new export may start after expiry, and is served.
    fresh = await start(client, old_user)
    await jobs.run_pending(database_target)
    await finished_zip(client, old_user, fresh)
    # A shorter retention takes the one of 167 hours too, not the one just made.
    assert await retention.expire_exports(database_target, 1) == 1
    assert (await owner.fetchrow(STATE, uuid.UUID(recent)))["status"] == "expired"
    await finished_zip(client, old_user, fresh)


async def test_only_finished_exports_expire(
    client: httpx.AsyncClient, database_target: DatabaseTarget, owner: asyncpg.Connection
) -> None:
    await drain(database_target, 1)
    user = await sign_up(client)
    queued = await start(client, user)
    failed_user = await sign_up(client)
    failed = await start(client, failed_user)
    await owner.execute(
        "update public.privacy_exports set status = 'failed', error = 'X', "
        "finished_at = now() - interval '30 days' where id = $1",
        uuid.UUID(failed),
    )
    await owner.execute(
        "update public.privacy_exports set created_at = now() - interval '30 days' where id = $1",
        uuid.UUID(queued),
    )
    assert await retention.expire_exports(database_target, 1) == 0
    assert (await owner.fetchrow(STATE, uuid.UUID(queued)))["status"] == "queued"
    assert (await owner.fetchrow(STATE, uuid.UUID(failed)))["status"] == "failed"
    await jobs.run_pending(database_target)


async def test_a_run_is_bounded_and_the_next_goes_on(
    client: httpx.AsyncClient, database_target: DatabaseTarget, owner: asyncpg.Connection
) -> None:
    await drain(database_target, 168)
    people = [await sign_up(client) for _ in range(3)]
    ids = [
        await finished_export(client, database_target, owner, p, hours_ago=200 + i)
        for i, p in enumerate(people)
    ]
    assert await retention.expire_exports(database_target, 168, batch=1, max_batches=2) == 2
    states = [(await owner.fetchrow(STATE, uuid.UUID(i)))["status"] for i in ids]
    # Oldest first: the last one (202 hours) and the one before it went first.
    assert states == ["done", "expired", "expired"]
    assert await retention.expire_exports(database_target, 168, batch=1, max_batches=2) == 1
    assert await retention.expire_exports(database_target, 168, batch=1, max_batches=2) == 0


async def test_the_worker_runs_the_retention_job_on_a_schedule(
    client: httpx.AsyncClient, database_target: DatabaseTarget, owner: asyncpg.Connection
) -> None:
    app = jobs.make_app(database_target, export_retention_hours=24)
    periodic = {task.task.name: task for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic[jobs.EXPIRE_EXPORTS_TASK].cron == jobs.EXPIRE_EXPORTS_CRON == "*/15 * * * *"
    assert periodic[jobs.EXPIRE_EXPORTS_TASK].task.queue == jobs.PERIODIC_QUEUE
    assert jobs.PERIODIC_QUEUE in jobs.QUEUES

    user = await sign_up(client)
    kept = await finished_export(client, database_target, owner, user, hours_ago=23)
    other = await sign_up(client)
    export_id = await finished_export(client, database_target, owner, other, hours_ago=25)
    # The job as procrastinate defers it on a tick (a timestamp argument), run by a worker
    # of this app (its retention, 24 hours), until the queue is empty.
    async with app.open_async():
        # (AlreadyEnqueued: the schedule queued one already, the same job)
        with contextlib.suppress(procrastinate_errors.AlreadyEnqueued):
            await app.configure_task(jobs.EXPIRE_EXPORTS_TASK).defer_async(timestamp=0)
        await app.run_worker_async(
            queues=[jobs.PERIODIC_QUEUE],
            wait=False,
            install_signal_handlers=False,
            listen_notify=False,
        )
    row = await owner.fetchrow(STATE, uuid.UUID(export_id))
    assert row is not None
    assert row["status"] == "expired"
    assert row["no_file"]
    await finished_zip(client, user, kept)


async def test_exports_expire_command(
    client: httpx.AsyncClient,
    database_target: DatabaseTarget,
    owner: asyncpg.Connection,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await drain(database_target, 48)
    user = await sign_up(client)
    export_id = await finished_export(client, database_target, owner, user, hours_ago=49)
    monkeypatch.setenv("IRONBASE_EXPORT_RETENTION_HOURS", "48")
    done = _cli(database_target, tmp_path, "exports", "expire")
    assert done.returncode == 0, done.stderr
    assert "1 exports expired (older than 48 hours)" in done.stdout
    assert (await owner.fetchrow(STATE, uuid.UUID(export_id)))["status"] == "expired"
    again = _cli(database_target, tmp_path, "exports", "expire")
    assert again.returncode == 0, again.stderr
    assert "0 exports expired" in again.stdout
    monkeypatch.setenv("IRONBASE_EXPORT_RETENTION_HOURS", "0")
    refused = _cli(database_target, tmp_path, "exports", "expire")
    assert refused.returncode != 0

"""POST /v1/me/exports: everything an account holds, as a zip built by a background job
(procrastinate, run here by its own worker until the queue is empty)."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.db.setup import DatabaseTarget
from ironbase.privacy import exporting, jobs
from ironbase.privacy.registry import all_tables
from tests.conftest import SignedUpUser, sign_up
from tests.support import as_user
from tests.training.transfer.conftest import upload
from tests.training.transfer.test_export import lifter, log_history, log_of

PROBLEM = "application/problem+json"


async def start(client: httpx.AsyncClient, user: SignedUpUser) -> str:
    response = await client.post("/v1/me/exports", headers=user.headers)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued"
    assert set(body) == {"id", "status"}
    return str(body["id"])


async def finished_zip(
    client: httpx.AsyncClient, user: SignedUpUser, export_id: str
) -> zipfile.ZipFile:
    state = await client.get(f"/v1/me/exports/{export_id}", headers=user.headers)
    assert state.status_code == 200, state.text
    assert state.json() == {
        "id": export_id,
        "status": "done",
        "progress": 100,
        "file_url": f"/v1/me/exports/{export_id}/file",
    }
    response = await client.get(state.json()["file_url"], headers=user.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def table(archive: zipfile.ZipFile, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(archive.read(f"tables/{name}.json"))
    return rows


async def test_an_export_is_queued_run_by_the_worker_and_served_as_a_zip(
    client: httpx.AsyncClient, database_target: DatabaseTarget, seeded_catalog: None
) -> None:
    user = await lifter(client)
    await log_history(client, user)
    export_id = await start(client, user)

    waiting = await client.get(f"/v1/me/exports/{export_id}", headers=user.headers)
    assert waiting.json() == {"id": export_id, "status": "queued", "progress": 0, "file_url": None}
    early = await client.get(f"/v1/me/exports/{export_id}/file", headers=user.headers)
    assert early.status_code == 409
    assert early.headers["content-type"] == PROBLEM
    # One at a time: a second while the first waits is refused, nothing stored.
    again = await client.post("/v1/me/exports", headers=user.headers)
    assert again.status_code == 409, again.text
    assert again.headers["content-type"] == PROBLEM

    await jobs.run_pending(database_target)
    archive = await finished_zip(client, user, export_id)

    names = set(archive.namelist())
    # Driven by the registry: one file per table holding people's rows, whatever domain.
    expected = {f"tables/{t.name}.json" for t in exporting.exported_tables(all_tables())}
    assert expected <= names
    assert {"manifest.json", "training/strong.csv"} <= names
    identity = table(archive, "auth.users")
    assert [row["email"] for row in identity] == [user.email]
    assert "encrypted_password" not in identity[0]
    assert str(user.id) == identity[0]["id"]
    tokens = table(archive, "auth.refresh_tokens")
    assert tokens
    assert all("token_hash" not in row for row in tokens)
    assert len(table(archive, "public.workouts")) == 3
    assert len(table(archive, "public.workout_sets")) == 9
    assert {r["user_id"] for r in table(archive, "public.workout_sets")} == {str(user.id)}
    assert table(archive, "public.users")[0]["time_zone"] == "Europe/Madrid"
    # The export lists itself, without the zip it is.
    assert all("file" not in row for row in table(archive, "public.privacy_exports"))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["tables"]["public.workouts"] == 3

    # A new export may start once the last one is done.
    assert (await client.post("/v1/me/exports", headers=user.headers)).status_code == 202


async def test_the_csv_in_the_zip_imports_into_another_account_as_the_same_log(
    client: httpx.AsyncClient, database_target: DatabaseTarget, seeded_catalog: None
) -> None:
    original = await lifter(client)
    await log_history(client, original)
    export_id = await start(client, original)
    await jobs.run_pending(database_target)
    archive = await finished_zip(client, original, export_id)
    strong_csv = archive.read("training/strong.csv")
    assert strong_csv.startswith(b'"Workout #";"Date";"Workout Name"')

    fresh = await lifter(client)
    report = await upload(client, fresh, strong_csv, name="strong.csv")
    assert report.status_code == 201, report.text
    assert report.json()["workouts_created"] == 3
    assert report.json()["unmatched_exercises"] == []
    assert await log_of(client, fresh) == await log_of(client, original)


async def test_an_export_is_its_owners_alone(
    client: httpx.AsyncClient, database_target: DatabaseTarget
) -> None:
    owner, other = await sign_up(client), await sign_up(client)
    export_id = await start(client, owner)
    await jobs.run_pending(database_target)
    for path in (f"/v1/me/exports/{export_id}", f"/v1/me/exports/{export_id}/file"):
        response = await client.get(path, headers=other.headers)
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == PROBLEM
        assert (await client.get(path)).status_code == 401
    # The other person's own export holds nothing of the first.
    theirs = await start(client, other)
    await jobs.run_pending(database_target)
    archive = await finished_zip(client, other, theirs)
    for name in archive.namelist():
        assert str(owner.id).encode() not in archive.read(name), name
        assert owner.email.encode() not in archive.read(name), name
    unknown = await client.get(f"/v1/me/exports/{uuid.uuid4()}", headers=owner.headers)
    assert unknown.status_code == 404
    bad = await client.get("/v1/me/exports/not-a-uuid", headers=owner.headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"] == PROBLEM


async def test_the_job_carries_the_export_id_and_nothing_of_the_person(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    user = await sign_up(client)
    export_id = await start(client, user)
    conn = await asyncpg.connect(owner_url)
    try:
        job = await conn.fetchrow(
            "select task_name, queue_name, args::text as args, lock, queueing_lock "
            "from procrastinate.procrastinate_jobs where args ->> 'export_id' = $1",
            export_id,
        )
    finally:
        await conn.close()
    assert job is not None
    assert (job["task_name"], job["queue_name"]) == (jobs.EXPORT_TASK, jobs.EXPORT_QUEUE)
    assert json.loads(job["args"]) == {"export_id": export_id}
    for value in job.values():
        assert str(user.id) not in str(value)
        assert user.email not in str(value)


async def test_an_export_cannot_be_queued_for_someone_else(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    """The queueing function checks the export is the caller's own and still queued."""
    owner, other = await sign_up(client), await sign_up(client)
    export_id = await start(client, owner)

    async with as_user(authenticator_dsn, other.id) as conn:
        with pytest.raises(asyncpg.PostgresError):
            await conn.fetchval("select public.enqueue_privacy_export($1)", uuid.UUID(export_id))
    async with as_user(authenticator_dsn, other.id) as conn:
        with pytest.raises(asyncpg.PostgresError):
            await conn.execute("insert into public.privacy_exports (user_id) values ($1)", owner.id)


async def test_the_export_job_reports_progress_and_a_vanished_export_is_left_alone(
    client: httpx.AsyncClient, database_target: DatabaseTarget, owner_url: str
) -> None:
    user = await sign_up(client)
    export_id = await start(client, user)
    seen: list[tuple[int, int, str]] = []

    async def progress(done: int, total: int, what: str) -> None:
        seen.append((done, total, what))

    result = await exporting.run_export(database_target, uuid.UUID(export_id), progress)
    assert result.status == "done"
    assert result.rows["auth.users"] == 1
    assert [s[0] for s in seen[:-1]] == sorted(s[0] for s in seen[:-1])
    assert seen[-1] == (1, 1, "done")
    # Run again (a job delivered twice): the finished export is not rebuilt.
    assert (await exporting.run_export(database_target, uuid.UUID(export_id))).status == "done"
    assert (await exporting.run_export(database_target, uuid.uuid4())).status == "gone"

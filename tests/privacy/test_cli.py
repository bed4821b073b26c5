"""`ironbase users export`, `ironbase users erase --verify` and `ironbase worker`, run as an
operator runs them (a process of their own, against the test database)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx

from ironbase.db.setup import DatabaseTarget
from tests.conftest import sign_up


def _env(target: DatabaseTarget, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
    }


def _cli(target: DatabaseTarget, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ironbase.cli", *args]
    return subprocess.run(  # noqa: S603
        command, env=_env(target, data_dir), capture_output=True, text=True, timeout=180
    )


async def test_users_export_writes_the_zip(
    client: httpx.AsyncClient, database_target: DatabaseTarget, tmp_path: Path
) -> None:
    user = await sign_up(client)
    out = tmp_path / "account.zip"
    done = _cli(database_target, tmp_path, "users", "export", user.email.upper(), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stderr
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    identity = json.loads(archive.read("tables/auth.users.json"))
    assert [row["email"] for row in identity] == [user.email]
    # The person sees the operator's export among theirs (its row is kept).
    exports = json.loads(archive.read("tables/public.privacy_exports.json"))
    assert len(exports) == 1

    unknown = _cli(database_target, tmp_path, "users", "export", "nobody@example.com")
    assert unknown.returncode == 2
    assert "no account" in unknown.stderr


async def test_users_erase_verify_scans_and_reports(
    client: httpx.AsyncClient, database_target: DatabaseTarget, tmp_path: Path
) -> None:
    user = await sign_up(client)
    done = _cli(database_target, tmp_path, "users", "erase", user.email, "--verify", "--yes")
    assert done.returncode == 0, done.stderr
    assert "verified:" in done.stderr
    assert "auth.users" in done.stderr  # the table of what was erased
    assert (await client.get("/v1/me", headers=user.headers)).status_code == 404
    again = _cli(database_target, tmp_path, "users", "erase", user.email, "--yes")
    assert again.returncode == 2


async def test_the_worker_runs_queued_exports_until_stopped(
    client: httpx.AsyncClient, database_target: DatabaseTarget, tmp_path: Path
) -> None:
    user = await sign_up(client)
    started = await client.post("/v1/me/exports", headers=user.headers)
    assert started.status_code == 202
    export_id = started.json()["id"]
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ironbase.cli",
        "worker",
        env=_env(database_target, tmp_path),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline:
            state = await client.get(f"/v1/me/exports/{export_id}", headers=user.headers)
            status = state.json()["status"]
            if status in ("done", "failed"):
                break
            await asyncio.sleep(0.2)
        assert status == "done"
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            _, errors = await asyncio.wait_for(worker.communicate(), timeout=30)
        except TimeoutError:
            worker.kill()
            _, errors = await worker.communicate()
    assert worker.returncode == 0, errors.decode()
    served = await client.get(f"/v1/me/exports/{export_id}/file", headers=user.headers)
    assert served.status_code == 200

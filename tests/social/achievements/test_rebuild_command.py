"""`ironbase achievements rebuild`: everyone's awards evaluated again, with a report."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx

from ironbase.db.setup import DatabaseTarget
from tests.conftest import sign_up
from tests.social.lifts import BENCH, log_workout


def _rebuild(target: DatabaseTarget, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
    }
    command = [sys.executable, "-m", "ironbase.cli", "achievements", "rebuild"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603


async def test_rebuild_restores_lost_awards(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    exercises: dict[str, str],
    database_target: DatabaseTarget,
    tmp_path: Path,
) -> None:
    user = await sign_up(client)
    start = dt.datetime(2026, 9, 1, 18, 0, tzinfo=dt.UTC)
    await log_workout(client, user, start, [(exercises[BENCH], 100, 3)])
    awards = "select achievement_slug, earned_at from public.user_achievements where user_id = $1"
    before = sorted(await owner.fetch(awards, user.id))
    assert before
    await owner.execute("delete from public.user_achievements where user_id = $1", user.id)
    done = _rebuild(database_target, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "people hold" in done.stderr
    assert sorted(await owner.fetch(awards, user.id)) == before

"""`ironbase programs check`: the checker on every stored program, exit 1 when one fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import httpx

from ironbase.db.setup import DatabaseTarget
from tests.conftest import sign_up
from tests.programs.conftest import create_program, equipped_gym, put_profile


def _check(target: DatabaseTarget, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "COLUMNS": "250",
    }
    command = [sys.executable, "-m", "ironbase.cli", "programs", "check"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603


async def test_every_stored_program_is_checked_and_a_broken_one_fails(
    client: httpx.AsyncClient,
    database_target: DatabaseTarget,
    seeded_catalog: None,
    owner: asyncpg.Connection,
    tmp_path: Path,
) -> None:
    user = await sign_up(client)
    gym_id = await equipped_gym(client, user)
    await put_profile(client, user, gym_id)
    good = await create_program(client, user)
    bad = await create_program(client, user, seed=11)
    total = await owner.fetchval("select count(*) from ai_programs")

    passing = _check(database_target, tmp_path)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert f"{total} programs checked, 0 failing" in passing.stdout + passing.stderr

    # Someone edits a stored program by hand: 30 sets in one session breaks invariant 3.
    data = json.loads(
        await owner.fetchval(
            "select program_data from ai_programs where id = $1", uuid.UUID(bad["id"])
        )
    )
    data["weeks"][0]["sessions"][0]["exercises"][0]["sets"] = 30
    await owner.execute(
        "update ai_programs set program_data = $1::jsonb where id = $2",
        json.dumps(data),
        uuid.UUID(bad["id"]),
    )
    failing = _check(database_target, tmp_path)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    said = failing.stdout + failing.stderr
    assert bad["id"] in said
    assert good["id"] not in said
    assert f"{total} programs checked, 1 failing" in said

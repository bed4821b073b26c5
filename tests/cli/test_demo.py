"""`ironbase demo`: an account a newcomer can sign in with, a gym, plates; twice is fine."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ironbase.config import Environment
from ironbase.db.setup import DatabaseTarget
from ironbase.demo import DemoRefused, create_demo
from tests.conftest import make_settings


def _demo(target: DatabaseTarget, data_dir: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "IRONBASE_ENVIRONMENT": "development",
    }
    command = [sys.executable, "-m", "ironbase.cli", "demo", "--url", "http://testserver"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)  # noqa: S603
    assert result.returncode == 0, result.stderr
    return result.stdout


def _field(output: str, name: str) -> str:
    match = re.search(rf"^\s+{name}\s+(\S+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


async def test_demo_account_signs_in_and_loads_a_bar(
    client: httpx.AsyncClient, database_target: DatabaseTarget, seeded_catalog: None, tmp_path: Path
) -> None:
    first = _demo(database_target, tmp_path)
    second = _demo(database_target, tmp_path)  # idempotent: same account, same gym
    email, password = _field(second, "email"), _field(second, "password")
    assert (email, password) == (_field(first, "email"), _field(first, "password"))
    assert _field(second, "gym id") == _field(first, "gym id")
    curls = [line.strip() for line in second.splitlines() if "curl" in line]
    assert len(curls) == 3

    token = await client.post("/v1/auth/token", json={"email": email, "password": password})
    assert token.status_code == 200, token.text
    assert "/v1/auth/token" in curls[0]
    assert password in curls[0]
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    me = await client.get("/v1/me", headers=headers)
    assert me.json()["display_name"] == "Demo Lifter"
    gyms = (await client.get("/v1/me/gyms", headers=headers)).json()["items"]
    assert len(gyms) == 1
    assert gyms[0]["is_default"]
    path = re.search(r'"http://testserver(/v1/me/gyms/[^"]+)"', curls[2])
    assert path, curls[2]
    loads = await client.get(path.group(1), headers=headers)
    assert loads.status_code == 200, loads.text
    assert loads.json()["achievable"] is True
    plates = await client.get(f"/v1/me/gyms/{gyms[0]['gym']['id']}/plates", headers=headers)
    assert len(plates.json()["plates"]) == 7
    # A training history: sessions of squat, bench press and deadlift, not doubled by the
    # second run, with the squat heavier in the last week than in the first.
    workouts = (await client.get("/v1/workouts", headers=headers, params={"unit": "kg"})).json()
    sessions = workouts["items"]
    assert 1 <= len(sessions) <= 9
    assert len({s["id"] for s in sessions}) == len(sessions)
    assert all(len(s["exercises"]) == 3 for s in sessions)
    squat_tops = [max(x["weight"] for x in s["exercises"][0]["sets"]) for s in sessions]
    assert squat_tops[0] >= squat_tops[-1]  # newest first
    records = (await client.get("/v1/records", headers=headers)).json()
    assert records["items"]


async def test_demo_is_refused_in_production(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    settings = make_settings(database_target, tmp_path, environment=Environment.production)
    with pytest.raises(DemoRefused):
        await create_demo(settings, database_target)

"""`ironbase import FILE --user EMAIL`: the same import as the API's, run by an operator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from ironbase.db.setup import DatabaseTarget
from tests.conftest import sign_up
from tests.training.transfer.conftest import FIXTURES


def _import(target: DatabaseTarget, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
    }
    command = [sys.executable, "-m", "ironbase.cli", "import", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)  # noqa: S603


async def test_a_file_is_imported_into_the_account_with_a_report(
    client: httpx.AsyncClient,
    database_target: DatabaseTarget,
    seeded_catalog: None,
    tmp_path: Path,
) -> None:
    user = await sign_up(client)
    path = str(FIXTURES / "strong_comma_lb.csv")
    first = _import(database_target, tmp_path, path, "--user", user.email.upper(), "--unit", "lb")
    assert first.returncode == 0, first.stderr
    assert "workouts created" in first.stdout
    imports = (await client.get("/v1/imports", headers=user.headers)).json()["items"]
    assert len(imports) == 1
    report = imports[0]
    assert (report["format"], report["unit"], report["file_name"]) == (
        "strong",
        "lb",
        "strong_comma_lb.csv",
    )
    assert report["id"] in first.stdout
    workouts = (await client.get("/v1/workouts", headers=user.headers)).json()["items"]
    assert len(workouts) == report["workouts_created"] == 2
    sets = [s for w in workouts for e in w["exercises"] for s in e["sets"]]
    assert len(sets) == report["sets_created"] == 10

    again = _import(database_target, tmp_path, path, "--user", user.email, "--unit", "lb")
    assert again.returncode == 0, again.stderr
    assert "imported before" in again.stdout
    assert len((await client.get("/v1/workouts", headers=user.headers)).json()["items"]) == 2


async def test_unmatched_names_are_listed(
    client: httpx.AsyncClient,
    database_target: DatabaseTarget,
    seeded_catalog: None,
    tmp_path: Path,
) -> None:
    user = await sign_up(client)
    done = _import(
        database_target, tmp_path, str(FIXTURES / "fitnotes_legacy.csv"), "--user", user.email
    )
    assert done.returncode == 0, done.stderr
    assert "Cycling" in done.stdout
    assert "/mappings" in done.stdout


async def test_refusals_exit_1_and_write_nothing(
    client: httpx.AsyncClient,
    database_target: DatabaseTarget,
    seeded_catalog: None,
    tmp_path: Path,
) -> None:
    user = await sign_up(client)
    path = str(FIXTURES / "strong_comma_lb.csv")
    unknown = _import(database_target, tmp_path, path, "--user", "nobody-here@example.com")
    assert unknown.returncode != 0
    assert "no account with this email" in unknown.stderr

    no_unit = _import(database_target, tmp_path, path, "--user", user.email)
    assert no_unit.returncode == 1
    assert "unit=kg or unit=lb" in no_unit.stderr

    bad = tmp_path / "bad.csv"
    lines = (FIXTURES / "strong_6x_kg.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace('"92.5";"5"', '"92.5";"-5"')
    bad.write_text("\n".join(lines), encoding="utf-8")
    refused = _import(database_target, tmp_path, str(bad), "--user", user.email)
    assert refused.returncode == 1
    assert "line 4" in refused.stderr
    assert (await client.get("/v1/workouts", headers=user.headers)).json()["items"] == []
    assert (await client.get("/v1/imports", headers=user.headers)).json()["items"] == []

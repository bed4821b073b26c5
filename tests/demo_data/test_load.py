"""`ironbase demo-data` at a small scale: the rows it writes, progressive histories, the
walls between the people it makes, and a second run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from ironbase.db.setup import DatabaseTarget
from tests.conftest import run_sql
from tests.support import as_user

DEMO = "demo-data-%@example.com"
pytestmark = pytest.mark.usefixtures("seeded_catalog")


def _run(target: DatabaseTarget, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "IRONBASE_ENVIRONMENT": "development",
    }
    command = [
        sys.executable, "-m", "ironbase.cli", "demo-data", "--scale", "0.01", "--seed", "7",
        "--end", "2026-11-30", *args,
    ]  # fmt: skip
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-data")


@pytest.fixture(scope="module")
def loaded(database_target: DatabaseTarget, seeded_catalog: None, data_dir: Path) -> Iterator[str]:
    """The command's output; the demo people are deleted again after this module."""
    result = _run(database_target, data_dir)
    assert result.returncode == 0, result.stderr
    yield result.stdout
    run_sql(database_target, "delete from auth.users where email like :demo", demo=DEMO)


_COUNTS = """
    select (select count(*) from auth.users where email like $1) as users,
           count(distinct w.id) as workouts, count(distinct we.id) as exercises,
           count(s.id) as sets,
           count(*) filter (where s.set_type = 'warmup') as warmups,
           count(s.rpe) + count(s.rir) as efforts,
           count(*) filter (where e.user_id is not null) as private_exercises
    from auth.users a
    join public.workouts w on w.user_id = a.id
    join public.workout_exercises we on we.user_id = w.user_id and we.workout_id = w.id
    join public.exercises e on e.id = we.exercise_id
    join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
    where a.email like $1
"""


async def test_the_scale_s_rows_are_written(loaded: str, owner: asyncpg.Connection) -> None:
    assert "loaded 10 people, 100 workouts" in loaded
    assert "500 sets" in loaded
    counts = await owner.fetchrow(_COUNTS, DEMO)
    assert (counts["users"], counts["workouts"], counts["sets"]) == (10, 100, 500)
    assert 100 < counts["exercises"] < 500
    assert 0 < counts["warmups"] < 200
    assert counts["efforts"] > 0
    assert counts["private_exercises"] == 0  # catalog exercises only
    profiles = await owner.fetch(
        "select u.display_name, u.time_zone from public.users u join auth.users a using (id)"
        " where a.email like $1",
        DEMO,
    )
    assert len(profiles) == 10
    assert all(p["display_name"].startswith("Demo lifter ") for p in profiles)
    # The sync log saw every row, as it sees the API's writes.
    logged = await owner.fetchval(
        "select count(*) from public.training_changes c join auth.users a on a.id = c.user_id"
        " where a.email like $1",
        DEMO,
    )
    assert logged == counts["workouts"] + counts["exercises"] + counts["sets"]


_SESSION_LOADS = """
    select w.user_id, we.exercise_id, w.started_at, max(s.weight_g) as top_g
    from auth.users a
    join public.workouts w on w.user_id = a.id
    join public.workout_exercises we on we.user_id = w.user_id and we.workout_id = w.id
    join public.workout_sets s on s.user_id = we.user_id and s.workout_exercise_id = we.id
    where a.email like $1 and s.set_type = 'normal' and s.weight_g > 0
    group by w.user_id, we.exercise_id, w.id, w.started_at
    order by w.user_id, we.exercise_id, w.started_at
"""


async def test_histories_are_progressive(loaded: str, owner: asyncpg.Connection) -> None:
    series: dict[tuple[uuid.UUID, uuid.UUID], list[int]] = {}
    for row in await owner.fetch(_SESSION_LOADS, DEMO):
        series.setdefault((row["user_id"], row["exercise_id"]), []).append(row["top_g"])
    long = [tops for tops in series.values() if len(tops) >= 6]
    assert len(long) >= 5
    # The top load of the later half of the sessions beats the earlier half's, nearly
    # everywhere (a deload or a bad day may tie it).
    rising = [max(t[len(t) // 2 :]) > max(t[: len(t) // 2]) for t in long]
    assert sum(rising) / len(rising) >= 0.8


async def test_row_level_security_still_isolates_them(
    loaded: str, owner: asyncpg.Connection, authenticator_dsn: str
) -> None:
    people = await owner.fetch(
        "select a.id, (select count(*) from public.workouts w where w.user_id = a.id) as workouts,"
        " (select count(*) from public.workout_sets s where s.user_id = a.id) as sets"
        " from auth.users a where a.email like $1 order by a.email",
        DEMO,
    )
    for person in people[:3]:
        async with as_user(authenticator_dsn, person["id"]) as conn:
            seen = await conn.fetchrow(
                "select (select count(*) from public.workouts) as workouts,"
                " (select count(*) from public.workout_sets) as sets,"
                " (select count(*) from public.training_changes where user_id <> $1) as others",
                person["id"],
            )
        assert (seen["workouts"], seen["sets"]) == (person["workouts"], person["sets"])
        assert seen["others"] == 0


async def test_a_demo_person_signs_in_and_sees_only_their_training(
    loaded: str, client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    password = re.search(r"^\s+password\s+(\S+)$", loaded, re.MULTILINE)
    assert password, loaded
    token = await client.post(
        "/v1/auth/token",
        json={"email": "demo-data-1@example.com", "password": password.group(1)},
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    mine = await owner.fetchval(
        "select count(*) from public.workouts w join auth.users a on a.id = w.user_id"
        " where a.email = 'demo-data-1@example.com'"
    )
    page = await client.get("/v1/workouts", headers=headers, params={"limit": 100})
    assert page.status_code == 200, page.text
    assert len(page.json()["items"]) == mine
    records = await client.get("/v1/records", headers=headers)
    assert records.status_code == 200
    assert records.json()["items"]
    theirs = await owner.fetchval(
        "select w.id from public.workouts w join auth.users a on a.id = w.user_id"
        " where a.email = 'demo-data-2@example.com' limit 1"
    )
    other = await client.get(f"/v1/workouts/{theirs}", headers=headers)
    assert other.status_code == 404


async def test_a_second_run_refuses_or_replaces(
    loaded: str, database_target: DatabaseTarget, data_dir: Path, owner: asyncpg.Connection
) -> None:
    digest = (
        "select md5(string_agg(s.id::text || s.weight_g || s.reps, ',' order by s.id))"
        " from public.workout_sets s join auth.users a on a.id = s.user_id where a.email like $1"
    )
    before = await owner.fetchval(digest, DEMO)
    refused = _run(database_target, data_dir)
    assert refused.returncode == 1
    assert "nothing loaded: 10 demo people" in refused.stderr
    assert await owner.fetchval(digest, DEMO) == before
    replaced = _run(database_target, data_dir, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "replaced 10 earlier demo people" in replaced.stdout
    # The same seed: the same people, ids and sets.
    assert await owner.fetchval(digest, DEMO) == before
    other_seed = _run(database_target, data_dir, "--replace", "--seed", "8")
    assert other_seed.returncode == 0, other_seed.stderr
    assert await owner.fetchval(digest, DEMO) != before

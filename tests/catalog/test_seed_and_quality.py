"""Seeding is idempotent with stable ids; the shipped catalog passes its quality checks."""

from __future__ import annotations

import copy
import uuid

import httpx
import pytest
from typer.testing import CliRunner

from ironbase.catalog.seed import SeedStats, load_data
from ironbase.cli import app as cli
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.reference import CATALOG_STEPS, seed_reference_data
from tests.conftest import _server_url, run_sql, sign_up_admin
from tests.support import scratch_database

pytestmark = pytest.mark.usefixtures("seeded_catalog")


def test_reseeding_changes_nothing_and_ids_are_stable(database_target: DatabaseTarget) -> None:
    with system_transaction(database_target) as conn:
        stats = seed_reference_data(conn)
    assert stats.changed == 0, stats.tables
    data = load_data()
    bench = next(x for x in data["exercises"] if x["slug"] == "barbell_bench_press")
    assert bench["id"] == str(
        uuid.uuid5(
            uuid.UUID("6f1c1f0e-2b7a-4c39-9d7e-1b0c6a2f5e11"), "exercise:barbell_bench_press"
        )
    )
    stored = run_sql(
        database_target,
        "select id from exercises where slug = 'barbell_bench_press' and user_id is null",
    )
    assert str(stored[0][0]) == bench["id"]


def test_an_edited_data_file_updates_exactly_what_changed(database_target: DatabaseTarget) -> None:
    """On a database of its own, so the shared catalog stays as shipped."""
    password = database_target.authenticator_password
    with scratch_database(_server_url(), password, "ironbase_seed") as target:
        data = load_data()
        with system_transaction(target) as conn:
            first = seed_reference_data(conn)
        assert first.tables["exercises"][0] == len(data["exercises"])
        edited = copy.deepcopy(data)
        squat = next(x for x in edited["exercises"] if x["slug"] == "barbell_back_squat")
        squat["difficulty"] = 5
        squat["names"]["it"] = "Squat con bilanciere (bassa)"
        squat["aliases"] = [*squat["aliases"], "Low Bar Squat Test Alias"]
        stats = SeedStats()
        with system_transaction(target) as conn:
            for _, step in CATALOG_STEPS:
                step(conn, edited, stats)
    changed = {table: counts for table, counts in stats.tables.items() if any(counts)}
    assert changed == {
        "exercises": [0, 1, 0],
        "exercise_translations": [0, 1, 0],
        "exercise_aliases": [1, 0, 0],
    }


async def test_shipped_catalog_passes_the_checks_via_the_admin_api(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    response = await client.post("/v1/admin/catalog/check", headers=admin.headers)
    assert response.status_code == 201
    report = response.json()
    assert report["error_count"] == 0, [f for f in report["findings"] if f["severity"] == "error"][
        :10
    ]
    assert report["summary"]["counts"]["exercises"] >= 500
    assert report["summary"]["counts"]["equipment"] >= 200
    coverage = report["summary"]["translation_coverage"]["exercises"]
    assert set(coverage) == {"en", "es", "de", "fr", "pt", "it"}
    listed = await client.get("/v1/admin/data-quality-reports", headers=admin.headers)
    assert report["id"] in {r["id"] for r in listed.json()["items"]}


def test_cli_check_exits_non_zero_on_errors(
    database_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "DATABASE_URL", database_target.admin_url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("IRONBASE_AUTHENTICATOR_PASSWORD", database_target.authenticator_password)
    runner = CliRunner()
    clean = runner.invoke(cli, ["catalog", "check"])
    assert clean.exit_code == 0, clean.output
    # Break the catalog in a way the checks must catch: an exercise with no equipment.
    run_sql(
        database_target,
        "insert into exercises (id, name, slug, primary_muscle, movement_pattern, load_type) "
        "values (:id, 'Broken Test Exercise', 'broken_test_exercise', 'chest', "
        "'horizontal_push', 'barbell')",
        id=uuid.uuid4(),
    )
    try:
        broken = runner.invoke(cli, ["catalog", "check"])
        assert broken.exit_code == 1
        assert "broken_test_exercise" in broken.output
    finally:
        run_sql(database_target, "delete from exercises where slug = 'broken_test_exercise'")

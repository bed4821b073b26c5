"""Backups by tier and verified restores, on real databases.

A scratch source database gets the reference data, demo people with training histories, a
row in every table that holds people's rows (the isolation suite's factories) and audit
entries. Each tier is backed up, then restored into fresh empty databases: all three
together (counts, checksums, rows compared directly, the audit chain, the counters),
one alone (its references to the other tiers are reported), with a doctored manifest
(verification fails, the command exits 1) and with a doctored dump (refused before
anything is written); a database that is not empty is refused. Tiers backed up together
are one restore point, from one snapshot: a signup committed right after it is in no tier,
and the restore has no broken reference, where tiers backed up one by one around the same
signup do (and the restore warns that they come from different moments).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import create_engine, text

from ironbase.admin.audit_chain import verify_chain
from ironbase.db.setup import DatabaseTarget, head_revision
from ironbase.db.system import system_transaction
from ironbase.demo_data import load as demo_load
from ironbase.privacy.backup import (
    Manifest,
    ManifestError,
    RestoreRefused,
    backup_tier,
    backup_tiers,
    different_moments,
    restore,
    verify_database,
)
from ironbase.privacy.backup.checksums import table_sums, use_canonical_settings
from ironbase.privacy.registry import Tier, all_tables
from ironbase.reference import seed_reference_data
from tests.rls.factories import FACTORIES, new_user
from tests.support import scratch_database


def _dsn(target: DatabaseTarget) -> str:
    return target.admin_url.set(drivername="postgresql").render_as_string(hide_password=False)


def _cli(target: DatabaseTarget, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": target.admin_url.render_as_string(hide_password=False),
        "IRONBASE_AUTHENTICATOR_PASSWORD": target.authenticator_password,
        "IRONBASE_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
    }
    command = [sys.executable, "-m", "ironbase.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603


def _fetch(target: DatabaseTarget, statement: str, **params: Any) -> list[Any]:
    engine = create_engine(target.admin_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def _tables(target: DatabaseTarget) -> list[str]:
    return [
        row[0]
        for row in _fetch(
            target,
            "select format('%I.%I', schemaname, tablename) from pg_tables "
            "where schemaname not in ('pg_catalog', 'information_schema')",
        )
    ]


async def _populate(target: DatabaseTarget) -> None:
    """Demo histories, a row in every people's table, audit entries."""
    await demo_load.load(
        target, scale=0.01, seed=11, end=dt.date(2026, 11, 30), password_hash="not-a-hash"
    )
    conn = await asyncpg.connect(_dsn(target))
    try:
        async with conn.transaction():
            owner = await new_user(conn)
            for table in sorted(FACTORIES):
                await FACTORIES[table](conn, owner)
            for n in range(3):
                await conn.execute(
                    "insert into admin_audit_log (actor_id, action, target_table, target_id, "
                    "after) values ($1, 'backup.test', 'auth.users', $2, $3::jsonb)",
                    owner, str(owner), json.dumps({"n": n, "note": "ünïcødé ✓"}),
                )  # fmt: skip
            await conn.execute(
                "insert into app_flags (key, description, enabled, user_ids) "
                "values ($1, 'backup test', true, array[$2::uuid])",
                f"backup_{uuid.uuid4().hex[:8]}", owner,
            )  # fmt: skip
    finally:
        await conn.close()


@dataclass
class Source:
    target: DatabaseTarget
    folders: dict[Tier, Path]
    manifests: dict[Tier, Manifest]
    #: the account committed by another connection once the tier 1 snapshot was taken
    late_template: uuid.UUID


@pytest.fixture(scope="module")
def source(
    database_target: DatabaseTarget, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Source]:
    import asyncio

    with scratch_database(
        database_target.admin_url, database_target.authenticator_password, "backup_src"
    ) as target:
        with system_transaction(target) as conn:
            seed_reference_data(conn)
        asyncio.run(_populate(target))
        root = tmp_path_factory.mktemp("backups")
        late: list[uuid.UUID] = []

        def write_after_snapshot() -> None:
            # A template: tier 1 only (with its change-feed row), so the tiers taken after
            # this one stay consistent with it (README, "Backups and restores").
            rows = _fetch(
                target,
                "insert into public.workout_templates (user_id, name) "
                "select id, :name from auth.users order by created_at, id limit 1 returning id",
                name=f"late-{uuid.uuid4().hex[:8]}",
            )
            late.append(rows[0][0])

        manifests = {
            Tier.IRREPLACEABLE: backup_tier(
                target, Tier.IRREPLACEABLE, root / "tier1", on_snapshot=write_after_snapshot
            )
        }
        for tier in (Tier.COMMUNITY, Tier.REPRODUCIBLE):
            folder = root / f"tier{int(tier)}"
            result = _cli(target, root, "backup", "--tier", str(int(tier)), "--out", str(folder))
            assert result.returncode == 0, result.stderr
            assert "manifest.json" in result.stdout
            manifests[tier] = Manifest.read(folder)
        folders = {tier: root / f"tier{int(tier)}" for tier in Tier}
        yield Source(target, folders, manifests, late[0])


@pytest.fixture
def empty_database(database_target: DatabaseTarget) -> Iterator[DatabaseTarget]:
    with scratch_database(
        database_target.admin_url,
        database_target.authenticator_password,
        "backup_dst",
        migrate=False,
    ) as target:
        yield target


@dataclass
class Restored:
    target: DatabaseTarget
    stdout: str


@pytest.fixture(scope="module")
def restored(
    source: Source, database_target: DatabaseTarget, tmp_path_factory: Any
) -> Iterator[Restored]:
    """All three tiers restored into a fresh empty database through the command."""
    with scratch_database(
        database_target.admin_url,
        database_target.authenticator_password,
        "backup_full",
        migrate=False,
    ) as target:
        folders = [str(source.folders[tier]) for tier in Tier]
        result = _cli(target, tmp_path_factory.mktemp("restore"), "restore", *folders)
        assert result.returncode == 0, result.stdout + result.stderr
        yield Restored(target, result.stdout)


def test_the_tiers_follow_the_seed() -> None:
    """Identity, training log and programs are tier 1, social and gyms tier 2, reference
    data and counters tier 3; every table is in exactly one tier."""
    tiers = {t.name: t.tier for t in all_tables().tables}
    for name in (
        "auth.users", "public.users", "public.workouts", "public.workout_sets",
        "public.workout_templates", "public.template_exercises", "public.user_gym_plates",
        "public.admin_audit_log",
    ):  # fmt: skip
        assert tiers[name] is Tier.IRREPLACEABLE, name
    for name in ("public.gyms", "public.gym_admins", "public.app_flags"):
        assert tiers[name] is Tier.COMMUNITY, name
    for name in (
        "public.exercise_translations", "public.cities", "public.bar_types",
        "public.daily_activity_counts", "public.text_translations",
    ):  # fmt: skip
        assert tiers[name] is Tier.REPRODUCIBLE, name
    per_tier = [{t.name for t in all_tables().tier(tier)} for tier in Tier]
    assert sum(len(s) for s in per_tier) == len(tiers)


def test_each_backup_holds_its_tier_with_counts_taken_in_the_dump_s_snapshot(
    source: Source,
) -> None:
    for tier, manifest in source.manifests.items():
        assert manifest.tier == int(tier)
        assert manifest.revision == head_revision()
        assert dt.datetime.fromisoformat(manifest.created_at).utcoffset() == dt.timedelta(0)
        assert [t.name for t in manifest.tables] == [t.name for t in all_tables().tier(tier)]
        dump = source.folders[tier] / manifest.dump_file
        assert dump.stat().st_size > 0
        # Password hashes and training logs: readable by the operator's account only.
        assert dump.stat().st_mode & 0o777 == 0o600
        assert (source.folders[tier] / "manifest.json").stat().st_mode & 0o777 == 0o600
        assert source.folders[tier].stat().st_mode & 0o777 == 0o700
        # One tier per command: ``--out DIR`` is the tier's folder, as before restore points.
        assert {p.name for p in source.folders[tier].iterdir()} == {
            manifest.dump_file,
            "manifest.json",
        }
        assert manifest.format == 2
        assert manifest.snapshot_id
    # Each command took its own snapshot: three restore points.
    assert len({m.restore_point for m in source.manifests.values()} - {None}) == 3
    # Every table of tier 1 was written by _populate, so none may be empty.
    tier1 = {t.name: t for t in source.manifests[Tier.IRREPLACEABLE].tables}
    assert all(t.rows > 0 for t in tier1.values()), tier1
    # The template committed after the snapshot is in the database but not in the backup.
    now = _fetch(source.target, "select count(*) from public.workout_templates")[0][0]
    assert tier1["public.workout_templates"].rows == now - 1
    changes_now = _fetch(source.target, "select count(*) from public.training_changes")[0][0]
    assert tier1["public.training_changes"].rows == changes_now - 1
    # The other counts are the database's own (nothing else was written since).
    for tier in (Tier.COMMUNITY, Tier.REPRODUCIBLE):
        for entry in source.manifests[tier].tables:
            count = _fetch(source.target, f"select count(*) from {entry.name}")[0][0]
            assert entry.rows == count, entry.name
    assert source.manifests[Tier.REPRODUCIBLE].tables  # reference data was seeded
    assert {t.name: t.rows for t in source.manifests[Tier.REPRODUCIBLE].tables}[
        "public.exercise_translations"
    ] > 0


def test_a_full_restore_matches_every_count_and_checksum(
    source: Source, restored: Restored
) -> None:
    assert "verified" in restored.stdout
    for tier in Tier:
        for entry in source.manifests[tier].tables:
            assert entry.name in restored.stdout
    engine = create_engine(restored.target.admin_url)
    try:
        with engine.begin() as conn:
            use_canonical_settings(conn)
            names = [t.name for tier in Tier for t in source.manifests[tier].tables]
            sums = {s.name: s for s in table_sums(conn, names)}
    finally:
        engine.dispose()
    for tier in Tier:
        for entry in source.manifests[tier].tables:
            assert sums[entry.name] == entry, entry.name
    # Nothing was added around the restored rows: no second profile, no doubled counter.
    assert _tables(restored.target)  # migrated
    late = _fetch(
        restored.target,
        "select count(*) from public.workout_templates where id = :i",
        i=source.late_template,
    )
    assert late[0][0] == 0


def test_tiers_backed_up_one_by_one_restore_with_a_warning(restored: Restored) -> None:
    """Separate commands are separate moments: the restore says so (here nothing was
    written between them that another tier points at, so it verifies)."""
    assert "verified" in restored.stdout
    assert "warning: these folders come from different moments" in restored.stdout
    assert "ironbase backup --all" in restored.stdout


def test_restored_rows_equal_the_source_s(source: Source, restored: Restored) -> None:
    for statement in (
        "select * from auth.users order by id",
        "select * from public.workout_templates where id <> :late order by user_id, id",
        "select * from public.workout_sets order by user_id, id limit 200",
        "select * from public.workouts order by user_id, id",
        "select * from public.daily_activity_counts order by day, shard",
        "select * from public.training_changes t where row_id <> :late order by t::text",
        "select * from public.admin_audit_log order by chain_seq",
        "select * from public.gyms order by id",
        "select * from public.exercises order by id",
    ):
        before = _fetch(source.target, statement, late=source.late_template)
        after = _fetch(restored.target, statement, late=source.late_template)
        assert before, statement
        assert after == before, statement


def test_the_restored_audit_chain_holds_and_grows(restored: Restored) -> None:
    with system_transaction(restored.target) as conn:
        report = verify_chain(conn)
    assert report.broken is None
    assert report.entries == 3
    # The identity sequence continues after the restored ids and the trigger chains on
    # (rolled back: the other tests compare the restored database with the manifests).
    engine = create_engine(restored.target.admin_url)
    try:
        with engine.connect() as conn:
            conn.execute(
                text(
                    "insert into admin_audit_log (action, target_table) "
                    "values ('after.restore', 'x')"
                )
            )
            grown = verify_chain(conn)
            conn.rollback()
    finally:
        engine.dispose()
    assert grown.broken is None
    assert grown.entries == 4


def test_verification_notices_a_changed_row(source: Source, restored: Restored) -> None:
    manifests = [source.manifests[tier] for tier in Tier]
    checks, orphans = verify_database(restored.target, manifests)
    assert all(c.ok for c in checks)
    assert not orphans
    row = _fetch(restored.target, "select user_id, id, reps from workout_sets limit 1")[0]
    # Triggers off, so that only this row changes (not the change feed, not updated_at).
    change = (
        "set local session_replication_role = replica; "
        "update workout_sets set reps = :r where user_id = :u and id = :i"
    )
    _fetch(restored.target, change, r=row.reps + 1, u=row.user_id, i=row.id)
    try:
        checks, _ = verify_database(restored.target, manifests)
    finally:
        _fetch(restored.target, change, r=row.reps, u=row.user_id, i=row.id)
    bad = [c.name for c in checks if not c.ok]
    assert bad == ["public.workout_sets"]
    (check,) = [c for c in checks if not c.ok]
    assert check.rows == check.expected_rows  # same count, other content


def test_a_doctored_manifest_fails_verification(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    folders = []
    for tier in Tier:
        folder = tmp_path / f"tier{int(tier)}"
        shutil.copytree(source.folders[tier], folder)
        folders.append(folder)
    path = folders[0] / "manifest.json"
    data = json.loads(path.read_text())
    for entry in data["tables"]:
        if entry["name"] == "public.workouts":
            entry["rows"] += 1
        if entry["name"] == "auth.users":
            entry["checksum"] = "0" * 32
    path.write_text(json.dumps(data))
    result = _cli(empty_database, tmp_path, "restore", *map(str, folders))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "MISMATCH" in result.stdout
    assert "verification failed: 2 tables differ" in result.stdout
    # Not migrated on past the backup's revision: the operator looks first.
    revision = _fetch(empty_database, "select version_num from alembic_version")[0][0]
    assert revision == source.manifests[Tier.IRREPLACEABLE].revision


def test_one_tier_alone_reports_what_it_points_at(
    source: Source, empty_database: DatabaseTarget
) -> None:
    report = restore(empty_database, [source.folders[Tier.IRREPLACEABLE]], upgrade=False)
    assert all(c.ok for c in report.checks)
    assert not report.ok
    pointed_at = {o.references for o in report.orphans}
    assert "public.gyms" in pointed_at  # tier 2
    assert "public.movement_patterns" in pointed_at or "public.load_types" in pointed_at


def test_a_database_that_is_not_empty_is_refused(source: Source, tmp_path: Path) -> None:
    before = _fetch(source.target, "select count(*) from workouts")[0][0]
    with pytest.raises(RestoreRefused, match="is not empty"):
        restore(source.target, [source.folders[tier] for tier in Tier])
    result = _cli(source.target, tmp_path, "restore", str(source.folders[Tier.REPRODUCIBLE]))
    assert result.returncode == 1
    assert "not empty" in result.stderr
    assert _fetch(source.target, "select count(*) from workouts")[0][0] == before


def test_a_doctored_dump_is_refused_before_anything_is_written(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    folder = tmp_path / "tier3"
    shutil.copytree(source.folders[Tier.REPRODUCIBLE], folder)
    dump = folder / source.manifests[Tier.REPRODUCIBLE].dump_file
    content = bytearray(dump.read_bytes())
    content[len(content) // 2] ^= 0xFF
    dump.write_bytes(bytes(content))
    with pytest.raises(RestoreRefused, match="sha256"):
        restore(empty_database, [folder])
    assert _tables(empty_database) == []


def test_folders_that_do_not_belong_together_are_refused(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    same = [source.folders[Tier.COMMUNITY], source.folders[Tier.COMMUNITY]]
    with pytest.raises(RestoreRefused, match="same tier"):
        restore(empty_database, same)
    folder = tmp_path / "tier2"
    shutil.copytree(source.folders[Tier.COMMUNITY], folder)
    data = json.loads((folder / "manifest.json").read_text())
    data["revision"] = "0000_unknown"
    (folder / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(RestoreRefused, match="different migration revisions"):
        restore(empty_database, [folder, source.folders[Tier.REPRODUCIBLE]])
    with pytest.raises(RestoreRefused, match="does not know"):
        restore(empty_database, [folder])
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(RestoreRefused, match="not JSON"):
        restore(empty_database, [folder])
    assert _tables(empty_database) == []


def test_backup_refuses_a_folder_holding_a_backup(source: Source) -> None:
    from ironbase.privacy.backup import BackupRefused

    with pytest.raises(BackupRefused, match="holds a backup already"):
        backup_tier(source.target, Tier.COMMUNITY, source.folders[Tier.COMMUNITY])
    assert Manifest.read(source.folders[Tier.COMMUNITY]) == source.manifests[Tier.COMMUNITY]


def test_a_login_subject_to_row_level_security_is_refused(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    """The owner's forced RLS would hide rows from a backup: refused, not half done."""
    from ironbase.privacy.backup import BackupRefused

    probe = f"probe_{uuid.uuid4().hex[:10]}"
    _fetch(source.target, f"create role {probe} login in role ironbase_owner")
    try:
        login = source.target.admin_url.set(username=probe)
        as_probe = DatabaseTarget(login, source.target.authenticator_password)
        with pytest.raises(BackupRefused, match="row-level security"):
            backup_tier(as_probe, Tier.COMMUNITY, tmp_path / "tier2")
        assert not (tmp_path / "tier2" / "manifest.json").exists()
        empty = DatabaseTarget(
            empty_database.admin_url.set(username=probe), empty_database.authenticator_password
        )
        with pytest.raises(RestoreRefused, match="row-level security"):
            restore(empty, [source.folders[Tier.REPRODUCIBLE]])
        assert _tables(empty_database) == []
    finally:
        _fetch(source.target, f"drop role if exists {probe}")


def test_a_checksum_follows_content_not_order(database_target: DatabaseTarget) -> None:
    from ironbase.privacy.backup.checksums import table_sum

    engine = create_engine(database_target.admin_url)
    try:
        with engine.connect() as conn:
            use_canonical_settings(conn)
            conn.execute(
                text("create temporary table sums (a int, b text, at timestamptz, f float8)")
            )
            fill = (
                "insert into sums select i, 'row ' || i, timestamptz '2026-11-30 12:00+01' "
                "+ i * interval '1 minute', i / 3.0 from generate_series(1, 500) i order by {o}"
            )

            def checksum(order: str) -> str:
                conn.execute(text("truncate sums"))
                conn.execute(text(fill.format(o=order)))
                return table_sum(conn, "pg_temp.sums").checksum

            ascending, descending = checksum("i"), checksum("i desc")
            assert ascending == descending
            conn.execute(text("update sums set b = 'row 2' where a = 1"))  # a duplicated value
            changed = table_sum(conn, "pg_temp.sums")
            assert changed.rows == 500
            assert changed.checksum != ascending
            # Another time zone shows the same instants as other text: the checksum is taken
            # in the canonical settings, not the session's.
            checksum("i")
            conn.execute(text("set local timezone = 'America/Los_Angeles'"))
            use_canonical_settings(conn)
            assert table_sum(conn, "pg_temp.sums").checksum == ascending
            conn.rollback()
    finally:
        engine.dispose()


def test_a_backup_taken_under_writes_restores_exactly(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    """Rows inserted and updated all through the backup: the dump and the manifest still
    describe one instant, so the restored tables verify."""
    import threading

    stop = threading.Event()
    commits = [0]

    def write() -> None:
        engine = create_engine(source.target.admin_url)
        try:
            with engine.connect() as conn:
                while not stop.is_set():
                    conn.execute(
                        text(
                            "insert into daily_activity_counts (day, shard, sets) "
                            "values (date '2000-01-01' + :n, 0, :n)"
                        ),
                        {"n": commits[0]},
                    )
                    conn.execute(
                        text(
                            "update daily_activity_counts set sets = sets + 1 "
                            "where day = date '2000-01-01' and shard = 0"
                        )
                    )
                    conn.commit()
                    commits[0] += 1
        finally:
            engine.dispose()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while commits[0] < 5:
            stop.wait(0.01)
        before = commits[0]
        manifest = backup_tier(source.target, Tier.REPRODUCIBLE, tmp_path / "tier3")
        during = commits[0] - before
        while commits[0] < before + during + 5:
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    try:
        assert during > 0, "no write happened while the backup ran"
        counted = {t.name: t.rows for t in manifest.tables}["public.daily_activity_counts"]
        now = _fetch(source.target, "select count(*) from daily_activity_counts")[0][0]
        assert now > counted
        report = restore(empty_database, [tmp_path / "tier3"], upgrade=False)
        assert [c.name for c in report.checks if not c.ok] == []
    finally:
        _fetch(source.target, "delete from daily_activity_counts where day < date '2001-01-01'")


def test_rows_setup_writes_are_replaced_by_the_backup_s(
    source: Source, empty_database: DatabaseTarget
) -> None:
    """Setup may fill a table of its own accord (rows derived from the code): the restore
    empties it before the load, so the backup's rows come back, not both."""
    key, locale = _fetch(source.target, "select key, locale from text_translations limit 1")[0]

    def setup_writes() -> None:
        _fetch(
            empty_database,
            "insert into text_translations (key, locale, value) values "
            "(:k, :l, 'written by setup'), ('backup.setup.only', :l, 'written by setup')",
            k=key, l=locale,
        )  # fmt: skip

    report = restore(
        empty_database, [source.folders[Tier.REPRODUCIBLE]], upgrade=False, on_migrated=setup_writes
    )
    assert [c.name for c in report.checks if not c.ok] == []
    assert report.emptied == ("public.text_translations",)
    restored = "select value from text_translations where key = :k and locale = :l"
    before = _fetch(source.target, restored, k=key, l=locale)
    assert _fetch(empty_database, restored, k=key, l=locale) == before
    assert _fetch(empty_database, restored, k="backup.setup.only", l=locale) == []


def _sign_up(target: DatabaseTarget) -> uuid.UUID:
    """An account committed by another connection: its profile (tier 1) and profile card
    (tier 2) follow from triggers, as for a signup through the API."""
    rows = _fetch(
        target,
        "insert into auth.users (email) values (:e) returning id",
        e=f"late-{uuid.uuid4().hex[:10]}@example.com",
    )
    account: uuid.UUID = rows[0][0]
    card = "select count(*) from public.social_profiles where user_id = :u"
    assert _fetch(target, card, u=account)[0][0] == 1
    return account


def _forget(target: DatabaseTarget, accounts: list[uuid.UUID]) -> None:
    for account in accounts:
        _fetch(target, "delete from public.social_profiles where user_id = :u", u=account)
        _fetch(target, "delete from auth.users where id = :u", u=account)


def test_tiers_backed_up_one_by_one_around_a_signup_break_references(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    """Tier 1's snapshot misses the account, tier 2's (taken later) has its card: restored
    together, the card points at no account."""
    late: list[uuid.UUID] = []
    try:
        backup_tier(
            source.target,
            Tier.IRREPLACEABLE,
            tmp_path / "tier1",
            on_snapshot=lambda: late.append(_sign_up(source.target)),
        )
        for tier in (Tier.COMMUNITY, Tier.REPRODUCIBLE):
            backup_tier(source.target, tier, tmp_path / f"tier{int(tier)}")
        folders = [tmp_path / f"tier{int(tier)}" for tier in Tier]
        report = restore(empty_database, folders, upgrade=False)
    finally:
        _forget(source.target, late)
    assert [c.name for c in report.checks if not c.ok] == []  # each tier matches its dump
    assert not report.ok
    broken = {(o.table, o.references) for o in report.orphans}
    assert ("public.social_profiles", "auth.users") in broken, report.orphans
    assert all(o.rows == 1 for o in report.orphans), report.orphans
    assert report.warning is not None
    assert "different moments" in report.warning
    for tier in Tier:
        assert f"tier {int(tier)} at " in report.warning


def test_a_restore_point_around_a_signup_restores_without_broken_references(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    """The same signup, committed right after the snapshot of one backup of all three
    tiers: in none of them, so the restore verifies with no broken reference."""
    late: list[uuid.UUID] = []
    out = tmp_path / "point"
    try:
        manifests = backup_tiers(
            source.target,
            [Tier.REPRODUCIBLE, Tier.IRREPLACEABLE, Tier.COMMUNITY],
            out,
            on_snapshot=lambda: late.append(_sign_up(source.target)),
        )
        folders = [out / f"tier{int(tier)}" for tier in Tier]
        assert sorted(p.name for p in out.iterdir()) == ["tier1", "tier2", "tier3"]
        assert out.stat().st_mode & 0o777 == 0o700
        for tier, folder in zip(Tier, folders, strict=True):
            assert Manifest.read(folder) == manifests[tier]
            assert manifests[tier].tier == int(tier)
            assert [t.name for t in manifests[tier].tables] == [
                t.name for t in all_tables().tier(tier)
            ]
        # One moment: the same created_at, restore point and snapshot in every manifest.
        assert len({m.created_at for m in manifests.values()}) == 1
        assert len({m.snapshot_id for m in manifests.values()}) == 1
        (point,) = {m.restore_point for m in manifests.values()}
        assert point is not None
        assert point not in {m.restore_point for m in source.manifests.values()}
        # The account and its card are in the database, and in neither tier's counts.
        counts = {t.name: t.rows for m in manifests.values() for t in m.tables}
        for table in ("auth.users", "public.users", "public.social_profiles"):
            now = _fetch(source.target, f"select count(*) from {table}")[0][0]
            assert counts[table] == now - 1, table
        report = restore(empty_database, folders, upgrade=False)
    finally:
        _forget(source.target, late)
    assert [c.name for c in report.checks if not c.ok] == []
    assert report.orphans == ()
    assert report.warning is None
    assert report.ok
    accounts = "select count(*) from auth.users where id = :u"
    assert _fetch(empty_database, accounts, u=late[0])[0][0] == 0


def test_the_command_backs_up_a_restore_point(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    """``--all`` and a repeated ``--tier`` write one folder per tier under ``--out``, from
    one snapshot; the ``--all`` folders restore through the command with no warning."""
    every = tmp_path / "all"
    result = _cli(source.target, tmp_path, "backup", "--all", "--out", str(every))
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in every.iterdir()) == ["tier1", "tier2", "tier3"]
    full = {tier: Manifest.read(every / f"tier{int(tier)}") for tier in Tier}
    (point,) = {m.restore_point for m in full.values()}
    assert f"restore point {point}" in result.stdout
    assert len({m.created_at for m in full.values()}) == 1
    for tier in Tier:
        assert f"{every / f'tier{int(tier)}' / full[tier].dump_file}" in result.stdout

    some = tmp_path / "some"
    result = _cli(
        source.target, tmp_path, "backup", "--tier", "3", "--tier", "1", "--tier", "3",
        "--out", str(some),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in some.iterdir()) == ["tier1", "tier3"]
    chosen = [Manifest.read(some / name) for name in ("tier1", "tier3")]
    assert [m.tier for m in chosen] == [1, 3]
    assert chosen[0].restore_point == chosen[1].restore_point != point

    for wrong in (["--all", "--tier", "1"], [], ["--tier", "4"]):
        result = _cli(source.target, tmp_path, "backup", *wrong, "--out", str(tmp_path / "x"))
        assert result.returncode == 2, (wrong, result.stdout + result.stderr)
    assert not (tmp_path / "x").exists()

    folders = [str(every / f"tier{int(tier)}") for tier in Tier]
    result = _cli(empty_database, tmp_path, "restore", "--no-upgrade", *folders)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified" in result.stdout
    assert "warning" not in result.stdout + result.stderr


def test_folders_of_different_restore_points_are_named(source: Source, tmp_path: Path) -> None:
    manifests = backup_tiers(source.target, list(Tier), tmp_path / "point")
    together = list(manifests.values())
    assert different_moments(together) is None
    assert different_moments(together[:1]) is None
    mixed = [manifests[Tier.IRREPLACEABLE], manifests[Tier.COMMUNITY]]
    mixed.append(source.manifests[Tier.REPRODUCIBLE])
    warning = different_moments(mixed)
    assert warning is not None
    assert "different moments" in warning
    assert "broken references are likely" in warning
    assert f"tier 3 at {source.manifests[Tier.REPRODUCIBLE].created_at}" in warning
    assert f"restore point {manifests[Tier.IRREPLACEABLE].restore_point[:12]}" in warning  # type: ignore[index]


def _as_format_1(folder: Path) -> None:
    """The manifest as an ironbase before restore points wrote it."""
    path = folder / "manifest.json"
    data = json.loads(path.read_text())
    data["format"] = 1
    del data["restore_point"], data["snapshot_id"]
    path.write_text(json.dumps(data))


def test_format_1_manifests_still_restore(
    source: Source, empty_database: DatabaseTarget, tmp_path: Path
) -> None:
    """Folders written before restore points: read, restored and verified; being separate
    snapshots, they come with the warning."""
    folders = []
    for tier in Tier:
        folder = tmp_path / f"tier{int(tier)}"
        shutil.copytree(source.folders[tier], folder)
        _as_format_1(folder)
        old = Manifest.read(folder)
        assert (old.format, old.restore_point, old.snapshot_id) == (1, None, None)
        assert old.tables == source.manifests[tier].tables
        assert "restore_point" not in old.to_json()
        folders.append(folder)
    report = restore(empty_database, folders, upgrade=False)
    assert [c.name for c in report.checks if not c.ok] == []
    assert report.ok
    assert report.warning is not None
    assert "tier 1 at " in report.warning
    assert "(own snapshot)" in report.warning


def test_manifest_formats_are_checked(source: Source) -> None:
    data = source.manifests[Tier.COMMUNITY].to_json()
    assert Manifest.from_json(data) == source.manifests[Tier.COMMUNITY]
    for format_ in (3, 0, True, "2"):
        with pytest.raises(ManifestError, match="manifest format"):
            Manifest.from_json({**data, "format": format_})
    for field in ("restore_point", "snapshot_id"):
        without = {k: v for k, v in data.items() if k != field}
        with pytest.raises(ManifestError, match="malformed"):
            Manifest.from_json(without)
        with pytest.raises(ManifestError, match="malformed"):
            Manifest.from_json({**data, field: ""})

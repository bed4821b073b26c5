"""``ironbase backup --tier N [--tier M ...] --out DIR``: tiers dumped and summed in one snapshot.

A REPEATABLE READ transaction exports its snapshot; for each tier in turn, ``pg_dump
--snapshot`` reads that tier's tables in exactly that snapshot while this transaction counts
and checksums the same tables in it, so each manifest describes its dump even while the API
keeps writing, and the tiers of one command (a restore point) agree with one another.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from ironbase.db.setup import DatabaseTarget, current_revision
from ironbase.privacy.backup.checksums import quote_table, table_sums, use_canonical_settings
from ironbase.privacy.backup.manifest import (
    FORMAT_VERSION,
    MANIFEST_FILE,
    Manifest,
    TableSum,
    file_sha256,
)
from ironbase.privacy.backup.tools import Tool, find_tool, libpq_arguments, server_major
from ironbase.privacy.registry import Tier, all_tables


class BackupRefused(RuntimeError):
    """The backup could not be made (nothing usable was left in the folder)."""


@dataclass(frozen=True, slots=True)
class SessionFacts:
    superuser: bool
    bypassrls: bool
    version_num: int
    version: str

    def require_every_row(self, what: str) -> None:
        """Backups and restores see every row: a login subject to row-level security (the
        owner's forced RLS, a request role) would silently see a part."""
        if not (self.superuser or self.bypassrls):
            raise PermissionError(
                f"{what} reads and writes every row past row-level security: run it with a "
                "superuser login (the embedded server's is one), or a login with BYPASSRLS and "
                "every privilege on the tables"
            )


def session_facts(conn: Connection) -> SessionFacts:
    row = conn.execute(
        text(
            "select rolsuper, rolbypassrls, current_setting('server_version_num')::int as num, "
            "current_setting('server_version') as version "
            "from pg_roles where rolname = current_user"
        )
    ).one()
    return SessionFacts(bool(row.rolsuper), bool(row.rolbypassrls), int(row.num), str(row.version))


def dump_file_name(tier: Tier) -> str:
    return f"tier-{int(tier)}.dump"


#: backups hold password hashes and people's training logs: owner-only, like secrets/
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


def _prepare_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BackupRefused(f"{out} exists and is not a folder")
    if not out.exists():
        out.mkdir(mode=PRIVATE_FOLDER, parents=True)
    if (out / MANIFEST_FILE).exists():
        raise BackupRefused(f"{out} holds a backup already: give an empty or new folder")


def _private_file(path: Path) -> None:
    """Create (or empty) ``path`` readable by its owner only, before pg_dump writes it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE))
    path.chmod(PRIVATE_FILE)


def tier_folders(tiers: Iterable[Tier], out: Path) -> dict[Tier, Path]:
    """Where a backup of ``tiers`` is written: one tier, ``out`` itself (``ironbase backup
    --tier N --out DIR``); several, a restore point: ``out/tier1``, ``out/tier2``, ...."""
    chosen = sorted(set(tiers))
    if len(chosen) == 1:
        return {chosen[0]: out}
    return {tier: out / f"tier{int(tier)}" for tier in chosen}


def backup_tier(
    target: DatabaseTarget,
    tier: Tier,
    out: Path,
    *,
    progress: Callable[[str], None] = lambda name: None,
    started: Callable[[int], None] = lambda tables: None,
    on_snapshot: Callable[[], None] = lambda: None,
) -> Manifest:
    """Dump ``tier``'s tables into ``out`` and write its manifest (see ``backup_tiers``)."""
    manifests = backup_tiers(
        target, [tier], out, progress=progress, started=started, on_snapshot=on_snapshot
    )
    return manifests[tier]


def backup_tiers(
    target: DatabaseTarget,
    tiers: Iterable[Tier],
    out: Path,
    *,
    progress: Callable[[str], None] = lambda name: None,
    started: Callable[[int], None] = lambda tables: None,
    on_snapshot: Callable[[], None] = lambda: None,
) -> dict[Tier, Manifest]:
    """Dump each of ``tiers`` into its folder (``tier_folders``) with its manifest, all from
    one snapshot: one restore point, whose manifests share ``created_at``, ``restore_point``
    and ``snapshot_id``. Returns the manifests by tier.

    ``started`` gets the number of tables, ``progress`` each table's name once summed;
    ``on_snapshot`` runs once the snapshot is taken, before anything is read (what others
    commit from then on is in none of the dumps nor manifests). The manifests are written
    only once every dump has succeeded: a failed backup leaves no manifest behind.
    """
    folders = tier_folders(tiers, out)
    if not folders:
        raise BackupRefused("name at least one tier to back up")
    names = {tier: [t.name for t in all_tables().tier(tier)] for tier in folders}
    for tier, tables in names.items():
        if not tables:
            raise BackupRefused(f"no table is registered in tier {int(tier)}")
    if len(folders) > 1:
        _prepare_folder(out)
    for folder in folders.values():
        _prepare_folder(folder)
    written: list[Path] = []
    engine = create_engine(target.admin_url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("set transaction read only"))
            facts = session_facts(conn)
            try:
                facts.require_every_row("a backup")
            except PermissionError as exc:
                raise BackupRefused(str(exc)) from exc
            exported = conn.execute(text("select pg_export_snapshot() as id, now() as at")).one()
            snapshot, taken_at = str(exported.id), exported.at
            revision = current_revision(conn)
            if revision is None:
                raise BackupRefused("the database has no migration revision: nothing to back up")
            on_snapshot()
            started(sum(len(tables) for tables in names.values()))
            pg_dump = find_tool("pg_dump", server_major(facts.version_num))
            use_canonical_settings(conn)
            sums: dict[Tier, tuple[TableSum, ...]] = {}
            for tier, folder in folders.items():
                path = folder / dump_file_name(tier)
                written.append(path)
                sums[tier] = _dump_and_sum(
                    conn, target, pg_dump, snapshot, names[tier], path, progress
                )
        restore_point = uuid.uuid4().hex
        created_at = taken_at.astimezone(dt.UTC).isoformat(timespec="seconds")
        manifests = {
            tier: Manifest(
                format=FORMAT_VERSION,
                tier=int(tier),
                revision=revision,
                created_at=created_at,
                server_version=facts.version,
                pg_dump_major=pg_dump.major,
                dump_file=dump_file_name(tier),
                dump_sha256=file_sha256(folder / dump_file_name(tier)),
                tables=sums[tier],
                restore_point=restore_point,
                snapshot_id=snapshot,
            )
            for tier, folder in folders.items()
        }
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
    for tier, folder in folders.items():
        manifests[tier].write(folder)
    return manifests


def _dump_and_sum(
    conn: Connection,
    target: DatabaseTarget,
    pg_dump: Tool,
    snapshot: str,
    names: list[str],
    path: Path,
    progress: Callable[[str], None],
) -> tuple[TableSum, ...]:
    """One tier: ``pg_dump --snapshot`` writes ``path`` while ``conn`` (the transaction that
    exported the snapshot) counts and checksums the same tables."""
    _private_file(path)
    with tempfile.TemporaryFile() as errors:
        dump = _start_pg_dump(target, pg_dump, snapshot, names, path, errors)
        try:
            sums = table_sums(conn, names, progress)
        except BaseException:
            dump.kill()
            dump.wait()
            raise
        code = dump.wait()
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
    if code != 0:
        raise BackupRefused(f"pg_dump failed (exit {code}): {message}")
    return sums


def _start_pg_dump(
    target: DatabaseTarget,
    pg_dump: Tool,
    snapshot: str,
    names: list[str],
    path: Path,
    errors: IO[bytes],
) -> subprocess.Popen[bytes]:
    dsn, env = libpq_arguments(target.admin_url)
    command = [
        str(pg_dump.path),
        "--format=custom",
        "--data-only",
        "--no-owner",
        "--no-privileges",
        "--strict-names",
        f"--snapshot={snapshot}",
        f"--file={path}",
    ]
    command += [f"--table={quote_table(name)}" for name in names]
    command.append(f"--dbname={dsn}")
    return subprocess.Popen(  # noqa: S603 (arguments built here, no shell)
        command, env=env, stdout=subprocess.DEVNULL, stderr=errors, stdin=subprocess.DEVNULL
    )

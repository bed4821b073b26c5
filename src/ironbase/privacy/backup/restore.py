"""``ironbase restore DIR [DIR ...]``: tier backups into an empty database, then verified.

Order of work: read every manifest and check each dump file's sha256 (nothing is touched
before that); refuse a database that holds any table; create roles and grants and migrate
to the backups' revision (``db.setup.prepare``, as ``ironbase db upgrade`` does); load every
folder with ``pg_restore`` in one transaction per folder, with
``session_replication_role = replica`` so that no trigger fires (foreign keys are checked
after the load, the audit chain keeps its stored hashes, the activity counters and the
change feed are not counted twice, a restored ``auth.users`` row makes no second profile);
move identity sequences past the restored ids; then count and checksum every restored table
in one snapshot and look for rows whose foreign key points at nothing (a tier left out).
Only when all of that holds is the database migrated on to this ironbase's head.
"""

from __future__ import annotations

import re
import subprocess
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ironbase.db import setup
from ironbase.db.setup import DatabaseTarget
from ironbase.privacy.backup.checksums import quote_table, table_sum, use_canonical_settings
from ironbase.privacy.backup.dump import session_facts
from ironbase.privacy.backup.manifest import Manifest, ManifestError
from ironbase.privacy.backup.tools import Tool, find_tool, libpq_arguments, server_major

_ERROR_LINES = 30
_PROCESSING = re.compile(r'processing data for table "([^"]+)\.([^"]+)"')


class RestoreRefused(RuntimeError):
    """The restore did not start (bad folders, a database that is not empty, no privilege)
    or the load failed; the message says which."""


@dataclass(frozen=True, slots=True)
class TableCheck:
    name: str
    tier: int
    expected_rows: int
    rows: int
    expected_checksum: str
    checksum: str

    @property
    def ok(self) -> bool:
        return self.rows == self.expected_rows and self.checksum == self.expected_checksum


@dataclass(frozen=True, slots=True)
class Orphans:
    """Rows of ``table`` whose ``constraint`` points at no row of ``references``."""

    constraint: str
    table: str
    references: str
    rows: int


@dataclass(frozen=True, slots=True)
class RestoreReport:
    revision: str
    checks: tuple[TableCheck, ...]
    orphans: tuple[Orphans, ...]
    #: the revision the database was migrated on to after verification, if any
    upgraded_to: str | None
    #: tables that setup had filled (rows it derives, e.g. from this code) before the load:
    #: emptied, so that they hold the backup's rows
    emptied: tuple[str, ...] = ()
    #: set when the folders come from different moments (``different_moments``)
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks) and not self.orphans


def read_manifests(folders: Sequence[Path]) -> list[tuple[Path, Manifest]]:
    """Every folder's manifest, checked against its dump and against the others."""
    if not folders:
        raise RestoreRefused("give at least one backup folder")
    found: list[tuple[Path, Manifest]] = []
    for folder in folders:
        try:
            manifest = Manifest.read(folder)
            manifest.check_dump(folder)
        except ManifestError as exc:
            raise RestoreRefused(str(exc)) from exc
        found.append((folder, manifest))
    tiers = [m.tier for _, m in found]
    if len(set(tiers)) != len(tiers):
        raise RestoreRefused(f"two folders hold the same tier ({sorted(tiers)})")
    revisions = {m.revision for _, m in found}
    if len(revisions) != 1:
        raise RestoreRefused(
            f"the backups were made at different migration revisions ({sorted(revisions)}): "
            "restore folders made at the same one"
        )
    names = [t.name for _, m in found for t in m.tables]
    if len(set(names)) != len(names):
        raise RestoreRefused("two folders hold the same table")
    return found


def different_moments(manifests: Sequence[Manifest]) -> str | None:
    """A warning when the folders were not dumped from one snapshot (one restore point):
    rows of one tier may then point at rows another lacks. None for one folder, or for
    folders sharing a restore point."""
    if len(manifests) < 2:
        return None
    points = {m.restore_point for m in manifests}
    if len(points) == 1 and None not in points:
        return None
    moments = ", ".join(
        f"tier {m.tier} at {m.created_at} "
        + (f"(restore point {m.restore_point[:12]})" if m.restore_point else "(own snapshot)")
        for m in sorted(manifests, key=lambda m: m.tier)
    )
    return (
        f"these folders come from different moments, not one restore point: {moments}. "
        "What was written between those moments is in some tiers and not others, so broken "
        "references are likely; for a consistent restore, back the tiers up together "
        "(ironbase backup --all)"
    )


def _check_revision_known(revision: str) -> None:
    script = ScriptDirectory(str(resources.files("ironbase") / "migrations"))
    try:
        script.get_revision(revision)
    except CommandError as exc:
        raise RestoreRefused(
            f"the backups were made at migration {revision}, which this ironbase does not "
            "know: restore with the ironbase version that made them (or a newer one)"
        ) from exc


_OTHER_RELATIONS = """
select format('%I.%I', n.nspname, c.relname) as name
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
order by 1
"""


def _check_empty_and_privileged(target: DatabaseTarget) -> int:
    """The server's major version; refuses a database holding any relation, or a login that
    cannot turn triggers off for its session."""
    engine = create_engine(target.admin_url)
    try:
        with engine.connect() as conn:
            facts = session_facts(conn)
            try:
                facts.require_every_row("a restore")
            except PermissionError as exc:
                raise RestoreRefused(str(exc)) from exc
            names = list(conn.execute(text(_OTHER_RELATIONS)).scalars())
            if names:
                database = conn.execute(text("select current_database()")).scalar_one()
                shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
                raise RestoreRefused(
                    f"database {database!r} is not empty ({len(names)} tables, sequences or "
                    f"views, e.g. {shown}): restore into a new, empty database "
                    "(createdb, then point DATABASE_URL at it)"
                )
            try:
                conn.execute(text("set local session_replication_role = replica"))
            except DBAPIError as exc:
                raise RestoreRefused(
                    "the login cannot set session_replication_role (which keeps triggers from "
                    "firing during the load): restore as a superuser, or grant it "
                    "`grant set on parameter session_replication_role to <login>`"
                ) from exc
            conn.rollback()
            return server_major(facts.version_num)
    finally:
        engine.dispose()


def _pg_restore(
    target: DatabaseTarget,
    pg_restore: Tool,
    dump: Path,
    progress: Callable[[str], None],
) -> None:
    dsn, env = libpq_arguments(target.admin_url)
    env["PGOPTIONS"] = (env.get("PGOPTIONS", "") + " -c session_replication_role=replica").strip()
    command = [
        str(pg_restore.path),
        "--data-only",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--verbose",
        f"--dbname={dsn}",
    ]
    command.append(str(dump))
    tail: deque[str] = deque(maxlen=_ERROR_LINES)
    with subprocess.Popen(  # noqa: S603 (arguments built here, no shell)
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:
            tail.append(line.rstrip())
            if found := _PROCESSING.search(line):
                progress(f"{found.group(1)}.{found.group(2)}")
        code = process.wait()
    if code != 0:
        lines = "\n".join(tail)
        raise RestoreRefused(
            f"pg_restore of {dump} failed (exit {code}); nothing of it was kept:\n{lines}"
        )


_OWNED_SEQUENCES = """
select s.oid::regclass::text as sequence, format('%I.%I', n.nspname, c.relname) as table_name,
       a.attname as column_name
from pg_class s
join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
  and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
join pg_class c on c.oid = d.refobjid
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
where s.relkind = 'S'
"""


def _advance_sequences(conn: Connection, tables: set[str]) -> None:
    """Identity and serial sequences continue after the largest restored id."""
    for row in conn.execute(text(_OWNED_SEQUENCES)).all():
        if row.table_name not in tables:
            continue
        column = '"' + str(row.column_name).replace('"', '""') + '"'
        largest = conn.execute(
            text(f"select max({column}) from {quote_table(row.table_name)}")  # noqa: S608
        ).scalar()
        if largest is None:
            continue
        state = conn.execute(
            text(f"select last_value, is_called from {row.sequence}")  # noqa: S608 (a regclass)
        ).one()
        if int(largest) > (int(state.last_value) if state.is_called else 0):
            conn.execute(
                text("select setval(cast(:s as regclass), :m, true)"),
                {"s": row.sequence, "m": int(largest)},
            )


_FOREIGN_KEYS = """
select k.conname as name,
       format('%I.%I', cn.nspname, c.relname) as child,
       format('%I.%I', pn.nspname, p.relname) as parent,
       array(select format('%I', a.attname) from unnest(k.conkey) with ordinality u(n, i)
             join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i)
         as child_columns,
       array(select format('%I', a.attname) from unnest(k.confkey) with ordinality u(n, i)
             join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i)
         as parent_columns
from pg_constraint k
join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
where k.contype = 'f'
order by 2, 1
"""


def find_orphans(conn: Connection, tables: set[str]) -> tuple[Orphans, ...]:
    """Rows of ``tables`` whose foreign key points at no row (MATCH SIMPLE: a key with a
    NULL column points at nothing and is fine). Loaded with triggers off, the database did
    not check them on the way in."""
    found = []
    for key in conn.execute(text(_FOREIGN_KEYS)).all():
        if key.child not in tables:
            continue
        present = " and ".join(f"c.{col} is not null" for col in key.child_columns)
        matches = " and ".join(
            f"p.{pc} = c.{cc}" for cc, pc in zip(key.child_columns, key.parent_columns, strict=True)
        )
        statement = (
            f"select count(*) from {key.child} c where {present} "  # noqa: S608 (catalog names)
            f"and not exists (select 1 from {key.parent} p where {matches})"
        )
        rows = int(conn.execute(text(statement)).scalar_one())
        if rows:
            found.append(Orphans(str(key.name), str(key.child), str(key.parent), rows))
    return tuple(found)


def verify_database(
    target: DatabaseTarget,
    manifests: Sequence[Manifest],
    progress: Callable[[str], None] = lambda name: None,
) -> tuple[tuple[TableCheck, ...], tuple[Orphans, ...]]:
    """Recount and re-checksum every table the manifests list, in one snapshot, and find
    rows whose foreign keys point at nothing."""
    engine = create_engine(target.admin_url, isolation_level="REPEATABLE READ")
    checks = []
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("set transaction read only"))
            use_canonical_settings(conn)
            for manifest in manifests:
                for expected in manifest.tables:
                    found = table_sum(conn, expected.name)
                    checks.append(
                        TableCheck(
                            expected.name, manifest.tier, expected.rows, found.rows,
                            expected.checksum, found.checksum,
                        )
                    )  # fmt: skip
                    progress(expected.name)
            orphans = find_orphans(conn, {t.name for m in manifests for t in m.tables})
    finally:
        engine.dispose()
    return tuple(checks), orphans


def restore(
    target: DatabaseTarget,
    folders: Sequence[Path],
    *,
    upgrade: bool = True,
    started: Callable[[str, int], None] = lambda stage, total: None,
    progress: Callable[[str], None] = lambda name: None,
    on_migrated: Callable[[], None] = lambda: None,
) -> RestoreReport:
    """Restore the tier backups in ``folders`` into the empty database of ``target``.

    ``started(stage, tables)`` marks the start of "loading" and "verifying", ``progress``
    names each table as it is loaded or verified; ``on_migrated`` runs after the migrations,
    before the load. Raises ``RestoreRefused`` when it cannot start or the load fails; a
    finished restore reports its checks (``report.ok``). After a verified restore (and
    ``upgrade``) setup runs again: migrations to head, and whatever setup derives from this
    code.
    """
    found = read_manifests(folders)
    manifests = [m for _, m in found]
    revision = manifests[0].revision
    _check_revision_known(revision)
    major = _check_empty_and_privileged(target)
    pg_restore = find_tool("pg_restore", max([major] + [m.pg_dump_major for m in manifests]))
    setup.prepare(target, revision)
    on_migrated()
    emptied = _empty_tables_setup_filled(target, [t.name for m in manifests for t in m.tables])
    total = sum(len(m.tables) for m in manifests)
    started("loading", total)
    # Reference data first, people's rows last: the order does not matter to the database
    # (no trigger fires), only to someone watching a failure.
    for folder, manifest in sorted(found, key=lambda pair: -pair[1].tier):
        _pg_restore(target, pg_restore, manifest.dump_path(folder), progress)
    restored = {t.name for m in manifests for t in m.tables}
    engine = create_engine(target.admin_url)
    try:
        with engine.begin() as conn:
            _advance_sequences(conn, restored)
            conn.execute(text("analyze"))
    finally:
        engine.dispose()
    started("verifying", total)
    checks, orphans = verify_database(target, manifests, progress)
    upgraded_to = None
    if upgrade and not orphans and all(c.ok for c in checks):
        setup.prepare(target)
        head = setup.head_revision()
        upgraded_to = head if head != revision else None
    return RestoreReport(
        revision, checks, orphans, upgraded_to, emptied, different_moments(manifests)
    )


def _empty_tables_setup_filled(target: DatabaseTarget, names: Sequence[str]) -> tuple[str, ...]:
    """Setup may write rows of its own (a migration's, or rows derived from this code): the
    backup holds those tables' rows as they were, so they are emptied before the load
    (triggers off: the audit log's guard, foreign keys) and the load's copy is verified."""
    engine = create_engine(target.admin_url)
    emptied = []
    try:
        with engine.begin() as conn:
            conn.execute(text("set local session_replication_role = replica"))
            for name in names:
                relation = quote_table(name)
                if conn.execute(text(f"select exists (select from {relation})")).scalar():  # noqa: S608
                    conn.execute(text(f"delete from {relation}"))  # noqa: S608
                    emptied.append(name)
    finally:
        engine.dispose()
    return tuple(emptied)

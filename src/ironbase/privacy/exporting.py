"""Export (GDPR art. 15 and 20): everything an account holds, as one zip.

The zip has one JSON file per table of the registry that holds the person's rows
(``tables/<schema>.<table>.json``: the rows the owner column gives them, plus the rows where
a column declared ``export=True`` names them; columns declared ``not_exported`` are left
out, the password hash first of all), the training log as a CSV in the Strong layout that
``POST /v1/imports`` reads (``training/strong.csv``, written by ``training.transfer``), and
``manifest.json`` (tables, row counts, when).

The work reads every table of a person, beyond what ``authenticated`` may: it runs as
``service_role`` through the operator's URL (``ironbase worker`` or ``ironbase users
export``), in one repeatable-read transaction, so every file shows the same moment. The
export's state and progress are written on a second connection as the work goes, so
``GET /v1/me/exports/{id}`` shows them while it runs.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import io
import uuid
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import asyncpg
import orjson

from ironbase.db import pg
from ironbase.db.pg import Query, Tx
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn
from ironbase.privacy.registry import OnErase, Registry, Table, all_tables
from ironbase.training.transfer import exporting as training_export
from ironbase.users.administration import acting_as

#: A zip larger than this fails the export (it is held in memory and in one bytea).
MAX_EXPORT_BYTES = 256 * 1024 * 1024
CSV_NAME = "training/strong.csv"
MANIFEST_NAME = "manifest.json"

Progress = Callable[[int, int, str], Awaitable[None]]


async def _no_progress(_done: int, _total: int, _what: str) -> None:
    return None


_EXPORT = Query(
    "select e.user_id, e.status, u.email from public.privacy_exports e "
    "join auth.users u on u.id = e.user_id where e.id = cast(:id as uuid)"
)
_START = Query(
    "update public.privacy_exports set status = 'running', started_at = now(), progress = 0 "
    "where id = cast(:id as uuid) and status = 'queued'"
)
_PROGRESS = Query(
    "update public.privacy_exports set progress = :progress "
    "where id = cast(:id as uuid) and status = 'running'"
)
_DONE = Query(
    "update public.privacy_exports set status = 'done', progress = 100, file = :file, "
    "file_bytes = :file_bytes, finished_at = now() "
    "where id = cast(:id as uuid) and status = 'running'"
)
_FAILED = Query(
    "update public.privacy_exports set status = 'failed', error = :error, finished_at = now() "
    "where id = cast(:id as uuid) and status in ('queued', 'running')"
)
_COLUMNS = Query(
    "select a.attname as name from pg_attribute a "
    "where a.attrelid = cast(:relation as regclass) and a.attnum > 0 and not a.attisdropped "
    "order by a.attnum"
)


class ExportTooLarge(RuntimeError):
    pass


def exported_tables(registry: Registry) -> tuple[Table, ...]:
    """Tables holding rows of a person: an owner column, or a person column to export."""
    return tuple(t for t in registry.tables if t.owner or any(p.export for p in t.people))


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _relation(table: Table) -> str:
    return f"{_ident(table.schema)}.{_ident(table.relation)}"


def _where(table: Table) -> str:
    """Rows of the person: the owner column, or a person column declared for export."""
    clauses = [f"{_ident(table.owner)} = $1"] if table.owner else []
    for person in table.people:
        if not person.export:
            continue
        if person.on_erase is OnErase.REMOVE_FROM_ARRAY:
            clauses.append(f"$1 = any({_ident(person.column)})")
        else:
            clauses.append(f"{_ident(person.column)} = $1")
    return " or ".join(clauses)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return str(value)  # uuid, inet, intervals and anything else orjson does not know


def _table_json(rows: Sequence[dict[str, Any]]) -> bytes:
    return orjson.dumps(
        list(rows), default=_plain, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
    )


@dataclass
class ExportFiles:
    """What goes into the zip, in order."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def _zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


async def _table_rows(tx: Tx, table: Table, user_id: uuid.UUID) -> list[dict[str, Any]]:
    names = [r["name"] for r in await tx.fetch(_COLUMNS, relation=table.name)]
    columns = [n for n in names if n not in table.not_exported]
    if not columns:
        return []
    listed = ", ".join(_ident(c) for c in columns)
    statement = f"select {listed} from {_relation(table)} where {_where(table)}"  # noqa: S608 (catalog names)
    records: list[asyncpg.Record] = await tx.conn.fetch(statement, user_id)
    return [dict(r) for r in records]


async def _training_csv(tx: Tx, user_id: uuid.UUID, email: str) -> bytes:
    """The training log in the Strong layout, written by ``training.transfer``'s export
    (the same bytes ``GET /v1/exports?format=csv`` serves), read in this snapshot."""

    @asynccontextmanager
    async def same_snapshot() -> AsyncIterator[Tx]:
        yield tx

    person = acting_as(user_id, email)
    profile = await training_export.profile(same_snapshot, person, "csv", None)
    chunks = [c async for c in training_export.csv_chunks(same_snapshot, person, profile)]
    return b"".join(chunks)


async def collect(
    tx: Tx,
    user_id: uuid.UUID,
    email: str,
    progress: Progress,
    registry: Registry | None = None,
) -> ExportFiles:
    """Read everything of the person in ``tx`` (``service_role``, one snapshot);
    ``progress(done, total, what)`` is awaited before each step."""
    tables = exported_tables(registry or all_tables())
    total = len(tables) + 2
    out = ExportFiles()
    for done, table in enumerate(tables):
        await progress(done, total, table.name)
        rows = await _table_rows(tx, table, user_id)
        out.rows[table.name] = len(rows)
        content = await asyncio.to_thread(_table_json, rows)
        out.files.append((f"tables/{table.name}.json", content))
    await progress(len(tables), total, CSV_NAME)
    out.files.append((CSV_NAME, await _training_csv(tx, user_id, email)))
    manifest = {
        "format": "ironbase-export/1",
        "made_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": out.rows,
        "training_csv": {"file": CSV_NAME, "layout": "strong", "imports_with": "POST /v1/imports"},
    }
    out.files.insert(0, (MANIFEST_NAME, orjson.dumps(manifest, option=orjson.OPT_INDENT_2)))
    await progress(len(tables) + 1, total, "zip")
    return out


@asynccontextmanager
async def _service_connection(target: DatabaseTarget) -> AsyncIterator[asyncpg.Connection]:
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-export")
    try:
        await conn.execute(f"set role {SERVICE_ROLE}")
        yield conn
    finally:
        await conn.close()


@dataclass(frozen=True, slots=True)
class ExportResult:
    status: str
    file_bytes: int = 0
    rows: dict[str, int] = field(default_factory=dict)


async def run_export(
    target: DatabaseTarget, export_id: uuid.UUID, progress: Progress | None = None
) -> ExportResult:
    """The job: build the export's zip and store it on its row. An export that is gone
    (its person erased meanwhile) or no longer queued is left alone."""
    report = progress or _no_progress
    async with _service_connection(target) as state, _service_connection(target) as reader:
        status_tx = Tx(state)
        found = await status_tx.row(_EXPORT, id=export_id)
        if found is None or found["status"] != "queued":
            return ExportResult("gone" if found is None else str(found["status"]))
        await status_tx.execute(_START, id=export_id)
        last = -1

        async def step(done: int, total: int, what: str) -> None:
            nonlocal last
            await report(done, total, what)
            percent = min(99, done * 100 // max(total, 1))
            if percent != last:
                last = percent
                await status_tx.execute(_PROGRESS, id=export_id, progress=percent)

        try:
            async with reader.transaction(isolation="repeatable_read", readonly=True):
                files = await collect(Tx(reader), found["user_id"], found["email"], step)
            archive = await asyncio.to_thread(_zip, files.files)
            if len(archive) > MAX_EXPORT_BYTES:
                raise ExportTooLarge(f"the export is larger than {MAX_EXPORT_BYTES} bytes")
        except Exception as exc:
            await status_tx.execute(_FAILED, id=export_id, error=type(exc).__name__[:500])
            raise
        await status_tx.execute(_DONE, id=export_id, file=archive, file_bytes=len(archive))
        await report(1, 1, "done")
        return ExportResult("done", len(archive), files.rows)


_QUEUE_FOR = Query(
    "insert into public.privacy_exports (user_id) values (cast(:user_id as uuid)) returning id"
)
_FILE = Query("select file from public.privacy_exports where id = cast(:id as uuid)")


async def export_account(
    target: DatabaseTarget, user_id: uuid.UUID, progress: Progress | None = None
) -> tuple[uuid.UUID, bytes]:
    """``ironbase users export``: the same export as the API's, run here and now (no job):
    its row is kept like any other, so the person sees it in their list of exports too."""
    async with _service_connection(target) as conn:
        export_id: uuid.UUID = await Tx(conn).value(_QUEUE_FOR, user_id=user_id)
    result = await run_export(target, export_id, progress)
    if result.status != "done":
        raise RuntimeError(f"the export ended {result.status}")
    async with _service_connection(target) as conn:
        content: bytes = await Tx(conn).value(_FILE, id=export_id)
    return export_id, bytes(content)

"""Imports: another app's export into the caller's log, all or nothing, once.

``import_file`` runs in four steps, and holds a database connection only in two short ones:

1. read the file (digest, detection, parsing) in a worker thread; a bad line is a 422
   naming it, an oversized file a 413, and nothing has touched the database;
2. one short read: the earlier batch of the same file (then its report is the answer and
   nothing is written), the profile (time zone, unit), which workouts the log already
   holds, remembered mappings and the exercise names;
3. plan the rows in a worker thread (names resolved, the log's bounds checked per line);
4. one write transaction: the batch, then every row in one statement.

The same file twice: the second answer is the first import's report (status 200, not 201)
and nothing is written. Another file with some of the same workouts (a later export from
the same app) creates only the workouts not imported before.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, cast
from zoneinfo import ZoneInfo

import anyio
import asyncpg

from ironbase.catalog.exercises import service as exercises
from ironbase.catalog.search import service as search
from ironbase.catalog.search.cache import CatalogSearchCache
from ironbase.catalog.search.names import ExerciseNames
from ironbase.db.pg import Transactions, Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound, ProblemError
from ironbase.kit.pagination import CursorKind, PageCursor, Text, Timestamp, Uuid
from ironbase.kit.units import unit_of_system
from ironbase.training.imports import (
    ImportFileError,
    ImportLineError,
    ImportTooLargeError,
    ParsedImport,
    Unit,
    UnitRequiredError,
    parse_import,
)
from ironbase.training.imports.reading import open_source
from ironbase.training.transfer import repository as repo
from ironbase.training.transfer.planning import (
    ImportPlan,
    Resolver,
    mapping_key,
    plan_import,
    workout_keys,
)
from ironbase.training.transfer.schemas import NameMapping
from ironbase.users import service as users

IMPORTS_BY_NEWEST = CursorKind("imports.newest", (Timestamp(), Uuid()))
NAME_MAPPINGS_BY_NAME = CursorKind("name-mappings.name", (Text(), Uuid()))
# Progress of a long import, for the command line: (stage, done, total).
Progress = Callable[[str, int, int], None]
_READ_CHUNK = 1024 * 1024
_REPORT_EVERY = 256 * 1024


@dataclass(frozen=True, slots=True)
class ImportResult:
    report: dict[str, Any]
    created: bool


# --- problems ----------------------------------------------------------------------------


def file_problem(error: ImportFileError) -> ProblemError:
    """What the client reads: 413 for a size limit, else 422; a line's number in ``errors``
    (``loc`` = file, line, column) as well as in the sentence."""
    location: list[str | int] = ["unit"] if isinstance(error, UnitRequiredError) else ["file"]
    if isinstance(error, ImportLineError):
        location += [error.line] + ([error.column] if error.column else [])
    return ProblemError(
        413 if isinstance(error, ImportTooLargeError) else 422,
        error.message,
        kind=error.code,
        title="The file cannot be imported",
        errors=[{"loc": location, "msg": error.message, "type": error.code}],
    )


# --- step 1: the file ----------------------------------------------------------------------


class _ReadProgress:
    """A binary stream that says how far the parser has read (the CLI's progress bar)."""

    def __init__(self, stream: BinaryIO, total: int, report: Progress) -> None:
        self._stream = stream
        self._total = total
        self._report = report
        self._done = 0
        self._reported = 0

    def _advance(self, data: bytes) -> bytes:
        self._done += len(data)
        if self._done - self._reported >= _REPORT_EVERY or not data:
            self._reported = self._done
            self._report("reading", min(self._done, self._total), self._total)
        return data

    def readline(self, limit: int = -1) -> bytes:
        return self._advance(self._stream.readline(limit))

    def read(self, size: int = -1) -> bytes:
        return self._advance(self._stream.read(size))

    def seekable(self) -> bool:
        return self._stream.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()


def _digest(stream: BinaryIO) -> tuple[str, int]:
    """The file's SHA-256 (the batch's ``source_key``) and its size; rewinds the stream."""
    start = stream.tell()
    digest = hashlib.sha256()
    while chunk := stream.read(_READ_CHUNK):
        digest.update(chunk)
    size = stream.tell() - start
    stream.seek(start)
    return f"sha256:{digest.hexdigest()}", size


def _read(
    source: BinaryIO, unit: Unit | None, progress: Progress | None
) -> tuple[ParsedImport, str]:
    stream = open_source(source)  # a file known to be over the limit stops here, unread
    source_key, size = _digest(stream)
    if progress is not None:
        stream = cast(BinaryIO, _ReadProgress(stream, size, progress))
    return parse_import(stream, unit), source_key


# --- step 2 and 3: what the log holds, and the plan ------------------------------------------


def _resolver(remembered: dict[str, uuid.UUID], names: ExerciseNames) -> Resolver:
    """Remembered mappings first, then the person's own exercises, then the catalog."""

    def resolve(name: str) -> uuid.UUID | None:
        mapped = remembered.get(mapping_key(name))
        if mapped is not None:
            return mapped
        found = names.resolve(name)
        return None if found is None else uuid.UUID(found)

    return resolve


@dataclass(frozen=True, slots=True)
class _Context:
    resolve: Resolver
    existing: frozenset[str]
    time_zone: ZoneInfo
    unit: str


async def _context(
    tx: Tx, caller: SignedIn, catalog: CatalogSearchCache, parsed: ParsedImport
) -> _Context:
    me = await users.get_me(tx, caller)
    existing = await repo.existing_keys(tx, caller.user_id, workout_keys(parsed))
    keys = sorted({mapping_key(name) for name in parsed.exercise_names})
    remembered = await repo.mappings(tx, caller.user_id, keys)
    names = await search.exercise_names(tx, caller, catalog)
    unit = parsed.unit.value if parsed.unit else unit_of_system(me["unit_system"])
    return _Context(_resolver(remembered, names), existing, ZoneInfo(me["time_zone"]), unit)


def _plan(parsed: ParsedImport, context: _Context) -> ImportPlan:
    return plan_import(parsed, context.resolve, context.existing, context.time_zone, context.unit)


# --- the use cases ------------------------------------------------------------------------


async def import_file(
    transactions: Transactions,
    caller: SignedIn,
    catalog: CatalogSearchCache,
    source: BinaryIO,
    *,
    file_name: str | None,
    unit: Unit | None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``source`` into the caller's log (see the module's docstring)."""
    try:
        parsed, source_key = await anyio.to_thread.run_sync(_read, source, unit, progress)
    except ImportFileError as error:
        raise file_problem(error) from error
    _step(progress, "matching")
    async with transactions() as tx:
        earlier = await repo.batch_by_source(tx, caller.user_id, source_key)
        if earlier is not None:
            return ImportResult((await _reports(tx, caller, [earlier]))[0], created=False)
        context = await _context(tx, caller, catalog, parsed)
    try:
        plan = await anyio.to_thread.run_sync(_plan, parsed, context)
    except ImportFileError as error:
        raise file_problem(error) from error
    _step(progress, "writing")
    batch = {
        "format": parsed.format.value,
        "source_key": source_key,
        "file_name": file_name,
        "layout": parsed.layout,
        "unit": parsed.unit.value if parsed.unit else None,
    }
    async with transactions() as tx:
        batch_id = await repo.insert_batch(tx, caller.user_id, batch)
        if batch_id is None:  # the same file, imported by a request that committed meanwhile
            again = await repo.batch_by_source(tx, caller.user_id, source_key)
            assert again is not None
            return ImportResult((await _reports(tx, caller, [again]))[0], created=False)
        await repo.write_rows(tx, caller.user_id, batch_id, plan)
        report = await get_import(tx, caller, batch_id)
    _step(progress, "done")
    return ImportResult(report, created=True)


def _step(progress: Progress | None, stage: str) -> None:
    if progress is not None:
        progress(stage, 1, 1)


async def _reports(
    tx: Tx, caller: SignedIn, rows: Sequence[asyncpg.Record]
) -> list[dict[str, Any]]:
    """``ImportReport`` documents: the batches with their unmatched names."""
    waiting: defaultdict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in await repo.unmatched(tx, caller.user_id, [r["id"] for r in rows]):
        waiting[row["batch_id"]].append({"name": row["name"], "rows": row["rows"]})
    return [{**dict(r), "unmatched_exercises": waiting.get(r["id"], [])} for r in rows]


async def get_import(tx: Tx, caller: SignedIn, batch_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.batch(tx, caller.user_id, batch_id)
    if row is None:
        raise NotFound("Import")
    return (await _reports(tx, caller, [row]))[0]


async def list_imports(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    """The caller's imports, newest first."""
    key = cursor.after(IMPORTS_BY_NEWEST)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page_batches(tx, caller.user_id, after, limit + 1)
    page, next_cursor = cursor.page(
        rows, limit, IMPORTS_BY_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    return {"items": await _reports(tx, caller, page), "next_cursor": next_cursor}


async def delete_import(tx: Tx, caller: SignedIn, batch_id: uuid.UUID) -> None:
    """Undo an import: the batch goes, and with it the workouts it created."""
    if not await repo.delete_batch(tx, caller.user_id, batch_id):
        raise NotFound("Import")


async def list_remembered_names(
    tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int
) -> dict[str, Any]:
    """The names the caller's earlier mappings taught the importer, in name order."""
    key = cursor.after(NAME_MAPPINGS_BY_NAME)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page_mappings(tx, caller.user_id, after, limit + 1)
    page, next_cursor = cursor.page(
        rows, limit, NAME_MAPPINGS_BY_NAME, lambda r: (r["name"], r["id"])
    )
    return {"items": [dict(r) for r in page], "next_cursor": next_cursor}


async def forget_remembered_name(tx: Tx, caller: SignedIn, mapping_id: uuid.UUID) -> None:
    """Later imports stop applying this mapping; what earlier imports wrote stays."""
    if not await repo.forget_mapping(tx, caller.user_id, mapping_id):
        raise NotFound("Name mapping")


def _chosen(mappings: list[NameMapping]) -> dict[str, uuid.UUID]:
    chosen: dict[str, uuid.UUID] = {}
    for i, mapping in enumerate(mappings):
        key = mapping_key(mapping.name)
        if not key:
            raise InvalidInput(f"body.{i}.name", "The name is blank.")
        if chosen.setdefault(key, mapping.exercise_id) != mapping.exercise_id:
            raise InvalidInput(f"body.{i}.name", "This name is mapped to two exercises.")
    return chosen


async def map_names(
    tx: Tx, caller: SignedIn, batch_id: uuid.UUID, mappings: list[NameMapping]
) -> dict[str, Any]:
    """Remember what these names mean and import the batch's rows waiting for them.

    Each name must be one the batch is waiting for, or one already mapped to the same
    exercise (so a retried request answers as the first did); each exercise must be one the
    caller may log (the catalog's or their own)."""
    if await repo.batch(tx, caller.user_id, batch_id) is None:
        raise NotFound("Import")
    chosen = _chosen(mappings)
    waiting = await repo.pending_keys(tx, caller.user_id, batch_id, list(chosen))
    if len(waiting) < len(chosen):
        remembered = await repo.mappings(tx, caller.user_id, list(chosen.keys() - waiting))
        for i, mapping in enumerate(mappings):
            key = mapping_key(mapping.name)
            if key not in waiting and remembered.get(key) != mapping.exercise_id:
                raise InvalidInput(
                    f"body.{i}.name", "This import has no unmatched exercise of this name."
                )
    ids = sorted({str(exercise_id) for exercise_id in chosen.values()})
    visible = {str(r["id"]) for r in await exercises.summaries(tx, caller, ids, ["en"])}
    for i, mapping in enumerate(mappings):
        if str(mapping.exercise_id) not in visible:
            raise InvalidInput(f"body.{i}.exercise_id", "No such exercise.")
    await repo.remember_and_apply(tx, caller.user_id, batch_id, chosen)
    return await get_import(tx, caller, batch_id)

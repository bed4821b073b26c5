"""Loading generated demo people with COPY, in batches, in one transaction.

Runs through the operator's URL as ``service_role`` (``db.system``): BYPASSRLS is what lets
COPY write tables with row-level security (PostgreSQL refuses COPY FROM into them for a
role that RLS binds). Every trigger fires as for any other write: the profile trigger of
``auth.users`` makes each ``public.users`` row (then one update per batch fills the
profiles), and the sync log's statement-level triggers append one change per row per COPY,
so a demo person's ``GET /v1/sync/changes`` returns their history like anyone's. At scale 1
they cost a tenth to a quarter of the load time (bench/README.md, "Demo data"), a price
worth a database that is consistent with its own log.

Demo people are the accounts whose email is ``demo-data-<n>@example.com``. A second run
refuses while any exist, unless told to replace them: then they are deleted first (with
their rows, by cascade) in the same transaction, so a failed run leaves the old ones.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg

from ironbase.db import pg
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn
from ironbase.demo_data.generate import (
    EMAIL_DOMAIN,
    EMAIL_PREFIX,
    ExerciseRow,
    Person,
    SetRow,
    UserRow,
    WorkoutRow,
    people,
    slugs,
)

BATCH_SETS = 25_000  # rows per COPY of sets; the other tables follow the same people
DEMO_EMAILS = f"{EMAIL_PREFIX}%@{EMAIL_DOMAIN}"
LOADED_TABLES = (
    "auth.users", "public.users", "public.workouts", "public.workout_exercises",
    "public.workout_sets", "public.training_changes", "public.training_change_heads",
)  # fmt: skip

# Each table's columns, as the generator's row types name them.
COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("auth", "users"): (*UserRow._fields, "encrypted_password"),
    ("public", "workouts"): WorkoutRow._fields,
    ("public", "workout_exercises"): ExerciseRow._fields,
    ("public", "workout_sets"): SetRow._fields,
}

_CAN_COPY = "select rolbypassrls from pg_roles where rolname = $1"
_COUNT_DEMO = "select count(*) from auth.users where email like $1"
_DELETE_DEMO = "delete from auth.users where email like $1"
_EXERCISES = (
    "select slug, id from public.exercises where user_id is null and slug = any($1::text[])"
)
_PROFILES = """
    update public.users u
    set display_name = p.display_name, unit_system = p.unit_system::public.unit_system,
        time_zone = p.time_zone, locale = p.locale, created_at = a.created_at
    from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
      as p (id, display_name, unit_system, time_zone, locale)
    join auth.users a on a.id = p.id
    where u.id = p.id
"""


class DemoDataRefused(RuntimeError):
    """Demo people exist already (and were not to be replaced), or the database cannot
    take them (catalog not seeded, no BYPASSRLS)."""


@dataclass(frozen=True, slots=True)
class Loaded:
    users: int
    workouts: int
    exercises: int
    sets: int
    replaced: int
    seconds: float


@dataclass(slots=True)
class _Counts:
    users: int = 0
    workouts: int = 0
    exercises: int = 0
    sets: int = 0

    def add(self, person: Person) -> None:
        self.users += 1
        self.workouts += len(person.workouts)
        self.exercises += len(person.exercises)
        self.sets += len(person.sets)


@dataclass(slots=True)
class _Batch:
    people: list[Person]
    sets: int = 0

    def add(self, person: Person) -> None:
        self.people.append(person)
        self.sets += len(person.sets)


async def _copy(
    conn: asyncpg.Connection, schema: str, table: str, rows: Sequence[tuple[object, ...]]
) -> None:
    await conn.copy_records_to_table(
        table, schema_name=schema, columns=COLUMNS[(schema, table)], records=rows
    )


async def _flush(conn: asyncpg.Connection, batch: _Batch, password_hash: str) -> None:
    """One batch: its people, their profiles, workouts, exercises and sets (parents first)."""
    group = batch.people
    await _copy(conn, "auth", "users", [(*p.user, password_hash) for p in group])
    columns = list(zip(*(p.profile for p in group), strict=True))
    await conn.execute(_PROFILES, *columns)
    await _copy(conn, "public", "workouts", [w for p in group for w in p.workouts])
    await _copy(conn, "public", "workout_exercises", [e for p in group for e in p.exercises])
    await _copy(conn, "public", "workout_sets", [s for p in group for s in p.sets])


async def _exercise_ids(conn: asyncpg.Connection) -> dict[str, uuid.UUID]:
    wanted = slugs()
    found = {row["slug"]: row["id"] for row in await conn.fetch(_EXERCISES, wanted)}
    missing = sorted(set(wanted) - found.keys())
    if missing:
        raise DemoDataRefused(f"the catalog lacks {', '.join(missing)}: run `ironbase seed`")
    return found


async def _make_room(conn: asyncpg.Connection, replace: bool) -> int:
    """How many earlier demo people were deleted (refuses to replace them unasked)."""
    if not await conn.fetchval(_CAN_COPY, SERVICE_ROLE):
        raise DemoDataRefused(
            f"{SERVICE_ROLE} lacks BYPASSRLS (setup grants it when run by a superuser): "
            "COPY cannot write tables with row-level security without it"
        )
    existing: int = await conn.fetchval(_COUNT_DEMO, DEMO_EMAILS)
    if existing and not replace:
        raise DemoDataRefused(
            f"{existing} demo people ({DEMO_EMAILS}) exist already: "
            "--replace deletes them and loads new ones"
        )
    if existing:
        await conn.execute(_DELETE_DEMO, DEMO_EMAILS)
    return existing


async def load(
    target: DatabaseTarget,
    *,
    scale: float,
    seed: int,
    end: dt.date,
    password_hash: str,
    replace: bool = False,
    progress: Callable[[int], None] = lambda sets: None,
) -> Loaded:
    """Generates and loads every demo person of ``scale``; ``progress`` gets the sets
    written after each batch."""
    started = time.perf_counter()
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-demo-data")
    counts = _Counts()
    try:
        async with conn.transaction():
            await conn.execute("select set_config('role', $1, true)", SERVICE_ROLE)
            replaced = await _make_room(conn, replace)
            exercise_ids = await _exercise_ids(conn)
            batch = _Batch([])
            for person in people(seed, scale, end, exercise_ids):
                batch.add(person)
                counts.add(person)
                if batch.sets >= BATCH_SETS:
                    await _flush(conn, batch, password_hash)
                    progress(batch.sets)
                    batch = _Batch([])
            if batch.people:
                await _flush(conn, batch, password_hash)
                progress(batch.sets)
        await _analyze(conn)
    finally:
        await conn.close()
    return Loaded(
        counts.users, counts.workouts, counts.exercises, counts.sets, replaced,
        time.perf_counter() - started,
    )  # fmt: skip


async def _analyze(conn: asyncpg.Connection) -> None:
    """Fresh statistics, so the first requests after a bulk load get the plans the data
    calls for (autovacuum would take a while). PostgreSQL skips, with a warning, a table
    the operator does not own."""
    await conn.execute(f"analyze {', '.join(LOADED_TABLES)}")

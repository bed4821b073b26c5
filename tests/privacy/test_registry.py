"""The registry of tables against the migrated database: every table has an entry (and so a
backup tier), every column naming a person is accounted for (and so exported and erased),
and no entry names a table or column that does not exist.

Read from the catalogs, so a new table or column fails here the day it lands without its
entry in its domain's ``registered_tables.py``."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
import pytest

from ironbase.privacy.registry import (
    SCHEMA_BOOKKEEPING,
    Erase,
    OnErase,
    Tier,
    all_tables,
)

TABLES_SQL = """
select format('%I.%I', n.nspname, c.relname) as name
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname not like 'pg\\_%'
"""
COLUMNS_SQL = """
select format('%I.%I', n.nspname, c.relname) as table_name, a.attname as column_name,
       format_type(a.atttypid, a.atttypmod) as type
from pg_attribute a join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
  and n.nspname not like 'pg\\_%'
  and a.attnum > 0 and not a.attisdropped
"""
# Columns with a foreign key to a person (auth.users or public.users).
PERSON_KEYS_SQL = """
select format('%I.%I', n.nspname, c.relname) as table_name, a.attname as column_name
from pg_constraint k join pg_class c on c.oid = k.conrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any(k.conkey)
where k.contype = 'f' and k.confrelid in ('auth.users'::regclass, 'public.users'::regclass)
"""


def names_a_person(column: str, type_name: str) -> bool:
    """Uuid columns whose name says they hold a person, with or without a foreign key."""
    if type_name not in ("uuid", "uuid[]"):
        return False
    return column in ("user_id", "user_ids", "actor_id") or column.endswith(
        ("_by", "_user_id", "_user_ids")
    )


@dataclass(frozen=True)
class Catalog:
    tables: set[str]
    columns: dict[str, dict[str, str]]  # table -> column -> type
    person_keys: set[tuple[str, str]]  # (table, column) with a foreign key to a person


@pytest.fixture
async def catalog(owner_url: str) -> Catalog:
    conn = await asyncpg.connect(owner_url)
    try:
        tables = {r["name"] for r in await conn.fetch(TABLES_SQL)}
        columns: dict[str, dict[str, str]] = {}
        for r in await conn.fetch(COLUMNS_SQL):
            columns.setdefault(r["table_name"], {})[r["column_name"]] = r["type"]
        keyed = {(r["table_name"], r["column_name"]) for r in await conn.fetch(PERSON_KEYS_SQL)}
    finally:
        await conn.close()
    return Catalog(tables, columns, keyed)


async def test_every_table_has_an_entry_and_every_entry_a_table(catalog: Catalog) -> None:
    tables = catalog.tables
    registered = set(all_tables().by_name())
    missing = sorted(tables - registered - SCHEMA_BOOKKEEPING)
    stale = sorted(registered - tables)
    assert not missing, f"tables without an entry in a registered_tables.py: {missing}"
    assert not stale, f"entries for tables that do not exist: {stale}"


async def test_every_column_naming_a_person_is_accounted_for(catalog: Catalog) -> None:
    columns, keyed = catalog.columns, catalog.person_keys
    entries = all_tables().by_name()
    unaccounted = []
    for table, cols in sorted(columns.items()):
        if table in SCHEMA_BOOKKEEPING:
            continue
        declared = set(entries[table].person_columns()) if table in entries else set()
        for column, type_name in sorted(cols.items()):
            person = (table, column) in keyed or names_a_person(column, type_name)
            if person and column not in declared:
                unaccounted.append(f"{table}.{column}")
    assert not unaccounted, f"columns naming a person that no entry declares: {unaccounted}"


async def test_declared_columns_exist_with_a_fitting_type(catalog: Catalog) -> None:
    columns = catalog.columns
    problems = []
    for entry in all_tables().tables:
        cols = columns.get(entry.name, {})
        for column in entry.person_columns() + entry.not_exported:
            if column not in cols:
                problems.append(f"{entry.name}.{column} does not exist")
        for person in entry.people:
            kind = cols.get(person.column)
            wanted = {
                OnErase.REMOVE_FROM_ARRAY: {"uuid[]"},
                OnErase.DELETE_MENTIONING_ROWS: {"text", "jsonb"},
                OnErase.REPLACE_MENTIONS: {"text", "jsonb"},
            }.get(person.on_erase, {"uuid"})
            if kind is not None and kind not in wanted:
                problems.append(
                    f"{entry.name}.{person.column} is {kind}, {person.on_erase} needs {wanted}"
                )
        if entry.owner and cols.get(entry.owner) not in ("uuid", None):
            problems.append(f"{entry.name}.{entry.owner} owns rows but is not a uuid")
    assert not problems, problems


def test_every_entry_is_complete() -> None:
    for entry in all_tables().tables:
        assert entry.tier in Tier, entry.name
        assert entry.holds, f"{entry.name}: say what the table holds"
        if entry.owner is None:
            assert entry.erase is Erase.DELETE, f"{entry.name}: erasure needs an owner column"
        if entry.sensitive:
            assert entry.owner, f"{entry.name}: sensitive data belongs to someone"


def test_the_registry_finds_every_domain() -> None:
    """The walk over the packages found the declarations (a typo in a module name would
    otherwise leave a whole domain out and the catalog test would say so too)."""
    names = all_tables().by_name()
    for table in ("auth.users", "public.workouts", "public.gyms", "public.exercises"):
        assert table in names

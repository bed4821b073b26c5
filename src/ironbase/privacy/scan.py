"""The erasure scan: every column of every table that could hold a person's id or email,
read from the catalogs (not from the registry, which it checks), searched for both.

``uuid``, ``uuid[]``, ``text``, ``varchar``, ``char``, ``json`` and ``jsonb`` columns of
every table in every schema but PostgreSQL's own are searched, case-insensitively, as text.
A hit in a column the registry declares pseudonymised is reported as such; the erasure
tests and ``ironbase users erase --verify`` expect no hit at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ironbase.db import pg
from ironbase.db.pg import Query, Tx
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn
from ironbase.privacy.registry import Erase, OnErase, Registry, all_tables

SCANNED_TYPES = ("uuid", "uuid[]", "text", "character varying", "character", "json", "jsonb")

_COLUMNS = Query(
    "select n.nspname as schema_name, c.relname as table_name, a.attname as column_name, "
    "format_type(a.atttypid, null) as column_type, "
    "has_column_privilege(c.oid, a.attnum, 'SELECT') as readable "
    "from pg_attribute a join pg_class c on c.oid = a.attrelid "
    "join pg_namespace n on n.oid = c.relnamespace "
    "where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped "
    "and n.nspname not in ('pg_catalog', 'information_schema') "
    "and n.nspname not like 'pg\\_%' "
    "and format_type(a.atttypid, null) = any(cast(:types as text[])) "
    "order by 1, 2, 3"
)


@dataclass(frozen=True, slots=True)
class Hit:
    table: str
    column: str
    rows: int
    #: the registry declares this column pseudonymised (the pseudonym belongs there, the
    #: person does not: a hit here is still a failed erasure, named as such)
    declared_pseudonymised: bool


@dataclass(frozen=True, slots=True)
class ScanReport:
    columns_scanned: int
    #: columns the scanning role may not read (named, never silently skipped)
    not_readable: tuple[str, ...]
    hits: tuple[Hit, ...]

    @property
    def clean(self) -> bool:
        return not self.hits


def pseudonymised_columns(registry: Registry) -> frozenset[tuple[str, str]]:
    declared: set[tuple[str, str]] = set()
    for table in registry.tables:
        if table.owner and table.erase is Erase.PSEUDONYMISE:
            declared.add((table.name, table.owner))
        for person in table.people:
            if person.on_erase in (OnErase.PSEUDONYM, OnErase.REPLACE_MENTIONS):
                declared.add((table.name, person.column))
    return frozenset(declared)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def scan(tx: Tx, user_id: uuid.UUID, email: str) -> ScanReport:
    """Search every scanned column for the id and the email (one count per column)."""
    declared = pseudonymised_columns(all_tables())
    columns = await tx.fetch(_COLUMNS, types=list(SCANNED_TYPES))
    hits: list[Hit] = []
    not_readable: list[str] = []
    scanned = 0
    for column in columns:
        table = f"{column['schema_name']}.{column['table_name']}"
        if not column["readable"]:
            not_readable.append(f"{table}.{column['column_name']}")
            continue
        scanned += 1
        name = _ident(column["column_name"])
        statement = Query(
            f"select count(*) from {_ident(column['schema_name'])}.{_ident(column['table_name'])} "  # noqa: S608 (quoted catalog names)
            f"where strpos(lower({name}::text), :id) > 0 or strpos(lower({name}::text), :email) > 0"
        )
        found = await tx.value(statement, id=str(user_id), email=email.lower())
        if found:
            hits.append(
                Hit(
                    table,
                    column["column_name"],
                    int(found),
                    (table, column["column_name"]) in declared,
                )
            )
    return ScanReport(scanned, tuple(not_readable), tuple(hits))


async def scan_database(target: DatabaseTarget, user_id: uuid.UUID, email: str) -> ScanReport:
    """The scan through the operator's URL: as that login when it is a superuser (every
    column readable), else as ``service_role`` (the password hashes are not)."""
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-scan")
    try:
        async with conn.transaction(readonly=True):
            superuser = await conn.fetchval(
                "select rolsuper from pg_roles where rolname = current_user"
            )
            if not superuser:
                await conn.execute(f"set local role {SERVICE_ROLE}")
            return await scan(Tx(conn), user_id, email)
    finally:
        await conn.close()

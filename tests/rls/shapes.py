"""What the catalogs say about the tables that hold people's rows: read, never hard-coded.

A "user table" is any table, in any schema the API reaches, with a ``user_id`` column or a
foreign key to ``auth.users`` (and ``auth.users`` itself). Its *owner column* is
``user_id`` when present, else ``id`` of the users tables, else the foreign key to
``auth.users``.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema')"
NON_SYSTEM = f"n.nspname not in {SYSTEM_SCHEMAS} and n.nspname not like 'pg\\_%'"

USER_TABLES_SQL = f"""
select format('%I.%I', n.nspname, c.relname) as name, c.oid
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and {NON_SYSTEM}
  and (c.oid = 'auth.users'::regclass
    or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id'
               and not a.attisdropped)
    or exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'f'
               and k.confrelid = 'auth.users'::regclass))
order by 1
"""

COLUMNS_SQL = """
select a.attname as name, not a.attnotnull as nullable,
  a.attgenerated = '' and a.attidentity <> 'a'
    and has_column_privilege('authenticated', a.attrelid, a.attname, 'INSERT') as insertable,
  a.attgenerated = ''
    and has_column_privilege('authenticated', a.attrelid, a.attname, 'UPDATE') as updatable
from pg_attribute a
where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped
order by a.attnum
"""

KEY_SQL = """
select array(select a.attname from unnest(i.indkey) with ordinality k(attnum, ord)
             join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
             order by k.ord)
from pg_index i where i.indrelid = $1 and i.indisprimary
"""

FOREIGN_KEYS_SQL = """
select format('%I.%I', pn.nspname, p.relname) as parent,
  array(select a.attname from unnest(k.conkey) with ordinality c(attnum, ord)
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = c.attnum
        order by c.ord) as columns,
  array(select a.attname from unnest(k.confkey) with ordinality c(attnum, ord)
        join pg_attribute a on a.attrelid = k.confrelid and a.attnum = c.attnum
        order by c.ord) as parent_columns
from pg_constraint k
join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
where k.conrelid = $1 and k.contype = 'f'
order by k.conname
"""


@dataclass(frozen=True)
class ForeignKey:
    parent: str
    columns: tuple[str, ...]
    parent_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableShape:
    name: str
    owner_column: str
    key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    insertable: frozenset[str]
    updatable: frozenset[str]
    nullable: frozenset[str]


async def user_table_names(conn: asyncpg.Connection) -> list[str]:
    return [r["name"] for r in await conn.fetch(USER_TABLES_SQL)]


def _owner_column(name: str, columns: list[str], fks: tuple[ForeignKey, ...]) -> str:
    if "user_id" in columns:
        return "user_id"
    if name in ("auth.users", "public.users"):
        return "id"
    to_users = [fk.columns[0] for fk in fks if fk.parent == "auth.users" and len(fk.columns) == 1]
    assert to_users, f"{name}: no column says whose row it is"
    return to_users[0]


async def table_shape(conn: asyncpg.Connection, name: str) -> TableShape:
    oid = await conn.fetchval("select $1::regclass::oid", name)
    columns = await conn.fetch(COLUMNS_SQL, oid)
    key = await conn.fetchval(KEY_SQL, oid)
    assert key, f"{name} has no primary key: the isolation suite cannot name its rows"
    fks = tuple(
        ForeignKey(r["parent"], tuple(r["columns"]), tuple(r["parent_columns"]))
        for r in await conn.fetch(FOREIGN_KEYS_SQL, oid)
    )
    return TableShape(
        name=name,
        owner_column=_owner_column(name, [c["name"] for c in columns], fks),
        key=tuple(key),
        foreign_keys=fks,
        insertable=frozenset(c["name"] for c in columns if c["insertable"]),
        updatable=frozenset(c["name"] for c in columns if c["updatable"]),
        nullable=frozenset(c["name"] for c in columns if c["nullable"]),
    )

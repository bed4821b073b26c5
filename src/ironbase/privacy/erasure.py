"""Erasure (GDPR art. 17): the steps, from the registry, and running them.

The database function ``erase_person(uuid)`` (migration 0013) erases an account in the
caller's transaction by walking ``privacy_erasure_steps`` in order. Setup writes those
steps from ``ironbase.privacy.registry`` on every ``ironbase db upgrade`` (``write_steps``),
so a table registered by a later domain is erased as soon as its code is deployed, and the
API reaches erasure through definer functions without ever naming a table itself:

1. every column naming a person in rows that are not (only) theirs, per its ``OnErase``
   (set to NULL, given the erasure's pseudonym, removed from an array, rows mentioning the
   person deleted, mentions in text or jsonb replaced);
2. owner columns of tables whose rows stay (``Erase.PSEUDONYMISE``) get the pseudonym;
3. every owner column's rows are deleted, children before parents (foreign keys from the
   catalogs), the identity (``auth.users``) last, its cascades taking what triggers wrote
   meanwhile (the sync feed's tombstones); then a second pass over the owner columns
   finds anything left.

Everything happens in one transaction: an error anywhere (a failing statement, a killed
connection) leaves every row as it was.
"""

from __future__ import annotations

import graphlib
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.engine import Connection

from ironbase.db.pg import Query, Tx
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_tx
from ironbase.privacy.registry import Erase, Registry, Table, all_tables

IDENTITY = "auth.users"

_COLUMN_TYPES = text(
    "select format('%I.%I', n.nspname, c.relname) as table_name, a.attname as column_name, "
    "format_type(a.atttypid, a.atttypmod) as column_type "
    "from pg_attribute a join pg_class c on c.oid = a.attrelid "
    "join pg_namespace n on n.oid = c.relnamespace "
    "where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped "
    "and n.nspname not in ('pg_catalog', 'information_schema')"
)
# (child, parent) pairs of foreign keys between tables.
_FOREIGN_KEYS = text(
    "select format('%I.%I', cn.nspname, c.relname) as child, "
    "format('%I.%I', pn.nspname, p.relname) as parent "
    "from pg_constraint k join pg_class c on c.oid = k.conrelid "
    "join pg_namespace cn on cn.oid = c.relnamespace "
    "join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace "
    "where k.contype = 'f' and k.conrelid <> k.confrelid"
)


@dataclass(frozen=True, slots=True)
class Step:
    table_name: str
    column_name: str
    column_type: str
    action: str


def plan(
    registry: Registry,
    column_types: dict[tuple[str, str], str],
    foreign_keys: list[tuple[str, str]],
) -> list[Step]:
    """The steps in the order ``erase_person`` runs them (pure: tested without a database)."""

    def step(table: Table, column: str | None, action: str) -> Step:
        column = column or table.owner or ""
        kind = column_types.get((table.name, column))
        if kind is None:
            raise ValueError(f"{table.name}.{column} is registered but does not exist")
        return Step(table.name, column, kind, action)

    steps = [
        step(table, person.column, person.on_erase.value)
        for table in registry.tables
        for person in table.people
    ]
    steps += [
        step(table, table.owner, "pseudonymise")
        for table in registry.tables
        if table.owner and table.erase is Erase.PSEUDONYMISE
    ]
    deleted = {t.name: t for t in registry.tables if t.owner and t.erase is Erase.DELETE}
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for name in deleted:
        sorter.add(name)
    for child, parent in foreign_keys:
        if child in deleted and parent in deleted:
            sorter.add(parent, child)  # the parent's rows go after the child's
    ranked = {name: i for i, name in enumerate(sorter.static_order())}
    # Children before parents; the identity last (every table keyed on it is its child).
    order = sorted((n for n in deleted if n != IDENTITY), key=lambda n: (ranked[n], n))
    for name in order:
        steps.append(step(deleted[name], None, "delete"))
    if IDENTITY in deleted:
        steps.append(step(deleted[IDENTITY], None, "delete"))
        # Again, after the identity: rows that triggers wrote while the first pass deleted
        # (the sync feed's tombstones) went with its cascade; any left are found here.
        for name in order:
            steps.append(step(deleted[name], None, "delete"))
    return steps


def write_steps(conn: Connection, registry: Registry | None = None) -> int:
    """Replace ``privacy_erasure_steps`` with the registry's, in the caller's transaction
    (setup runs it after the migrations, as ``service_role`` until the commit)."""
    registry = registry or all_tables()
    conn.execute(text("select set_config('role', :role, true)"), {"role": SERVICE_ROLE})
    types = {(r.table_name, r.column_name): r.column_type for r in conn.execute(_COLUMN_TYPES)}
    keys = [(r.child, r.parent) for r in conn.execute(_FOREIGN_KEYS)]
    steps = plan(registry, types, keys)
    conn.execute(text("delete from public.privacy_erasure_steps"))
    conn.execute(
        text(
            "insert into public.privacy_erasure_steps "
            "(position, table_name, column_name, column_type, action) "
            "values (:position, :table_name, :column_name, :column_type, :action)"
        ),
        [
            {
                "position": i,
                "table_name": s.table_name,
                "column_name": s.column_name,
                "column_type": s.column_type,
                "action": s.action,
            }
            for i, s in enumerate(steps, start=1)
        ],
    )
    return len(steps)


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure did: the pseudonym that replaced the person, rows per table."""

    pseudonym: uuid.UUID
    rows: dict[str, int]


def erased_from(value: Any) -> Erased:
    if isinstance(value, str | bytes):
        value = orjson.loads(value)
    rows = {str(k): int(v) for k, v in value["rows"].items()}
    return Erased(uuid.UUID(value["pseudonym"]), rows)


_ERASE_ME = Query("select public.erase_me()")
_ERASE_AS_ADMIN = Query("select public.erase_user_as_admin(cast(:user_id as uuid))")
_ERASE_PERSON = Query("select public.erase_person(cast(:user_id as uuid))")


async def erase_me(tx: Tx) -> Erased:
    """The caller's account, in the request's transaction (a definer function)."""
    return erased_from(await tx.value(_ERASE_ME))


async def erase_as_admin(tx: Tx, user_id: uuid.UUID) -> Erased | None:
    """Another account, by an administrator; None when there is no such account."""
    value = await tx.value(_ERASE_AS_ADMIN, user_id=user_id)
    return None if value is None else erased_from(value)


async def erase_person(tx: Tx, user_id: uuid.UUID) -> Erased:
    """Any account, in a system transaction (``service_role``: the CLI)."""
    return erased_from(await tx.value(_ERASE_PERSON, user_id=user_id))


_ACCOUNT = Query("select id from auth.users where email = :email")


async def account_id(target: DatabaseTarget, email: str) -> uuid.UUID | None:
    async with system_tx(target) as tx:
        found: uuid.UUID | None = await tx.value(_ACCOUNT, email=email)
        return found


async def erase_account(target: DatabaseTarget, user_id: uuid.UUID) -> Erased:
    """Erase an account through the operator's URL, committed when this returns."""
    async with system_tx(target) as tx:
        return await erase_person(tx, user_id)

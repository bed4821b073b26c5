"""What each database role can do, read from the catalogs (for tests/db/test_role_privileges)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import asyncpg

ROLES = (
    "anon",
    "authenticated",
    "app_admin",
    "auth_service",
    "service_role",
    "authenticator",
    "ironbase_owner",
)
# The owner owns every object (and so holds every privilege on it): not listed per table.
GRANTEES = tuple(r for r in ROLES if r != "ironbase_owner")

_ATTRIBUTES = """
select rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin, rolinherit
from pg_roles where rolname = any($1::text[])
"""
_MEMBERSHIPS = """
select u.rolname as member, r.rolname as role from pg_auth_members m
join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member
where u.rolname = any($1::text[]) or r.rolname = any($1::text[])
"""
_RELATION_GRANTS = """
select c.oid::regclass::text as relation, x.grantee::regrole::text as role,
       lower(x.privilege_type) as privilege
from pg_class c cross join lateral aclexplode(c.relacl) x
where c.relnamespace in ('public'::regnamespace, 'auth'::regnamespace)
  and c.relkind in ('r', 'p', 'v', 'm', 'S') and x.grantee <> 0
  and x.grantee::regrole::text = any($1::text[])
"""
_COLUMN_GRANTS = """
select a.attrelid::regclass::text as relation, x.grantee::regrole::text as role,
       lower(x.privilege_type) as privilege, a.attname::text as column_name
from pg_attribute a join pg_class c on c.oid = a.attrelid
cross join lateral aclexplode(a.attacl) x
where c.relnamespace in ('public'::regnamespace, 'auth'::regnamespace)
  and x.grantee <> 0 and x.grantee::regrole::text = any($1::text[])
"""
# Definer functions run with the owner's rights: who may call each one matters.
_DEFINER_FUNCTIONS = """
select p.oid::regprocedure::text as function, r.rolname as role
from pg_proc p cross join pg_roles r
where p.pronamespace in ('public'::regnamespace, 'auth'::regnamespace) and p.prosecdef
  and r.rolname = any($1::text[]) and has_function_privilege(r.oid, p.oid, 'EXECUTE')
"""
ALL = "all columns"
_FLAGS = ("rolsuper", "rolbypassrls", "rolcreaterole", "rolcreatedb", "rolcanlogin", "rolinherit")


def _attributes(rows: list[asyncpg.Record]) -> dict[str, str]:
    return {
        r["rolname"]: " ".join(flag.removeprefix("rol") for flag in _FLAGS if r[flag]) for r in rows
    }


def _relations(tables: list[asyncpg.Record], columns: list[asyncpg.Record]) -> dict[str, Any]:
    """role -> relation -> privilege -> "all columns" or the sorted list of columns."""
    result: dict[str, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for r in columns:
        granted = result[r["role"]][r["relation"]].setdefault(r["privilege"], [])
        granted.append(r["column_name"])
    for r in tables:
        result[r["role"]][r["relation"]][r["privilege"]] = ALL
    return {
        role: {
            relation: {
                privilege: sorted(cols) if isinstance(cols, list) else cols
                for privilege, cols in sorted(privileges.items())
            }
            for relation, privileges in sorted(relations.items())
        }
        for role, relations in sorted(result.items())
    }


async def actual_privileges(conn: asyncpg.Connection) -> dict[str, Any]:
    """Role attributes, memberships, privileges on every relation of ``public`` and ``auth``,
    and who may execute each security-definer function."""
    members = await conn.fetch(_MEMBERSHIPS, list(ROLES))
    functions: dict[str, list[str]] = defaultdict(list)
    for r in await conn.fetch(_DEFINER_FUNCTIONS, list(ROLES)):
        functions[r["function"]].append(r["role"])
    return {
        "attributes": _attributes(await conn.fetch(_ATTRIBUTES, list(ROLES))),
        "memberships": sorted((r["member"], r["role"]) for r in members),
        "relations": _relations(
            await conn.fetch(_RELATION_GRANTS, list(GRANTEES)),
            await conn.fetch(_COLUMN_GRANTS, list(GRANTEES)),
        ),
        "definer_functions": {name: sorted(roles) for name, roles in sorted(functions.items())},
    }

"""Every table in ``public`` has RLS enabled and forced, except an explicit allow-list of
read-only reference tables; the API's login cannot bypass any of it."""

from __future__ import annotations

import asyncpg

# Reference tables: readable by everyone signed in, writable by nobody through the API.
PUBLIC_REFERENCE_TABLES = {"alembic_version"}


async def test_every_public_table_has_forced_rls(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c "
            "where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')"
        )
    finally:
        await conn.close()
    assert rows, "no tables found: the migrations did not run"
    unprotected = sorted(
        r["relname"]
        for r in rows
        if not (r["relrowsecurity"] and r["relforcerowsecurity"])
        and r["relname"] not in PUBLIC_REFERENCE_TABLES
    )
    assert unprotected == []


async def test_reference_tables_are_read_only_for_request_roles(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        writable = await conn.fetch(
            "select table_name, grantee, privilege_type from information_schema.role_table_grants "
            "where table_schema = 'public' and table_name = any($1::text[]) "
            "and grantee in ('anon', 'authenticated', 'app_admin', 'auth_service') "
            "and privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')",
            sorted(PUBLIC_REFERENCE_TABLES),
        )
    finally:
        await conn.close()
    assert [tuple(r) for r in writable] == []


async def test_policies_use_the_subselect_form(owner_url: str) -> None:
    """``auth.uid()`` bare in a policy is evaluated per row; it must be wrapped in a select."""
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "select tablename, policyname, coalesce(qual, '') || coalesce(with_check, '') as expr "
            "from pg_policies where schemaname in ('public', 'auth')"
        )
    finally:
        await conn.close()
    bare = [
        (r["tablename"], r["policyname"])
        for r in rows
        if "auth.uid()" in r["expr"] and "SELECT auth.uid()" not in r["expr"]
    ]
    assert bare == []


async def test_api_login_is_not_privileged(authenticator_dsn: str) -> None:
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        row = await conn.fetchrow(
            "select current_user as name, rolsuper, rolbypassrls, rolinherit, "
            "pg_has_role(current_user, 'ironbase_owner', 'MEMBER') as owner_member "
            "from pg_roles where rolname = current_user"
        )
        owned = await conn.fetchval(
            "select count(*) from pg_class "
            "where relowner = (select oid from pg_roles where rolname = current_user)"
        )
    finally:
        await conn.close()
    assert row["name"] == "authenticator"
    assert row["rolsuper"] is False
    assert row["rolbypassrls"] is False
    assert row["rolinherit"] is False
    assert row["owner_member"] is False
    assert owned == 0


# What a policy on a table of people's rows must test: the caller's id (directly, or through
# the gym-role helper that reads it), or that the row belongs to nobody (shared catalog rows).
CALLER_BOUND = ("auth.uid()", "gym_role(", "user_id IS NULL")


async def test_policies_on_peoples_rows_are_bound_to_the_caller(owner_url: str) -> None:
    """A future `using (true)` on a table with a user_id column fails here, not in production."""
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "select p.tablename, p.policyname, coalesce(p.qual, '') || coalesce(p.with_check, '') "
            "as expr from pg_policies p join information_schema.columns c "
            "on c.table_schema = p.schemaname and c.table_name = p.tablename "
            "and c.column_name = 'user_id' "
            "where p.schemaname = 'public' and p.roles && array['authenticated', 'anon']::name[]"
        )
    finally:
        await conn.close()
    assert len(rows) >= 20, "expected the user tables' policies"
    unbound = [
        (r["tablename"], r["policyname"])
        for r in rows
        if not any(marker in r["expr"] for marker in CALLER_BOUND)
    ]
    assert unbound == []

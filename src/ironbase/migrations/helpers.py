"""SQL building blocks for migrations: RLS, grants and triggers written one way everywhere.

Migrations import these, so changing one changes history: add new helpers, do not edit old ones.
"""

from __future__ import annotations

from alembic import op

OWNER_ONLY_ACTIONS = ("select", "insert", "update", "delete")


def enable_rls(table: str) -> None:
    """Enable and force RLS: forcing makes even the owning role obey the policies."""
    op.execute(f"alter table {table} enable row level security")
    op.execute(f"alter table {table} force row level security")


def owner_policies(
    table: str,
    column: str = "user_id",
    actions: tuple[str, ...] = OWNER_ONLY_ACTIONS,
    role: str = "authenticated",
) -> None:
    """One policy per action, ``column = (select auth.uid())``: the sub-select runs once."""
    name = table.split(".")[-1]
    for action in actions:
        predicate = f"{column} = (select auth.uid())"
        if action == "insert":
            clause = f"with check ({predicate})"
        elif action == "update":
            clause = f"using ({predicate}) with check ({predicate})"
        else:
            clause = f"using ({predicate})"
        op.execute(f"create policy {name}_{action}_own on {table} for {action} to {role} {clause}")


def admin_policy(table: str, action: str = "all") -> None:
    """A separate ``app_admin`` policy: ``or is_admin()`` inside user policies defeats indexes."""
    name = table.split(".")[-1]
    clauses = {
        "select": "using (true)",
        "delete": "using (true)",
        "insert": "with check (true)",
    }
    clause = clauses.get(action, "using (true) with check (true)")
    op.execute(f"create policy {name}_{action}_admin on {table} for {action} to app_admin {clause}")


def reference_read_policy(table: str) -> None:
    """Reference data: everyone signed in reads it; writes go through admins."""
    name = table.split(".")[-1]
    op.execute(
        f"create policy {name}_read on {table} for select to anon, authenticated using (true)"
    )


def updated_at_trigger(table: str) -> None:
    name = table.split(".")[-1]
    op.execute(
        f"create trigger {name}_set_updated_at before update on {table} "
        "for each row execute function public.set_updated_at()"
    )


# --- Added with 0004d_roles_and_audit_chain -------------------------------------------------

ADMIN_CHECK = "(select auth.is_admin())"


def admin_checked_policy(table: str, action: str = "all") -> None:
    """Like ``admin_policy``, but the caller must be an administrator in the database now
    (``auth.is_admin()``), not only hold a token that says so: use this for new tables."""
    name = table.split(".")[-1]
    using, check = f"using ({ADMIN_CHECK})", f"with check ({ADMIN_CHECK})"
    clauses = {"select": using, "delete": using, "insert": check}
    clause = clauses.get(action, f"{using} {check}")
    op.execute(f"create policy {name}_{action}_admin on {table} for {action} to app_admin {clause}")


# How PostgreSQL prints `(select auth.is_admin()) and (X)` back: undoing strips it again.
_ADMIN_CHECK_PRINTED = r"^\(\( SELECT auth\.is_admin\(\) AS is_admin\) AND (.*)\)$"


def require_admin_in_admin_policies(undo: bool = False) -> None:
    """Prefix every policy of ``app_admin`` (alone) with ``auth.is_admin()``, or strip it."""
    if undo:
        wrap = f"regexp_replace(%s, '{_ADMIN_CHECK_PRINTED}', '\\1')"
        wanted = "strpos(coalesce(qual, with_check), 'auth.is_admin()') > 0"
    else:
        wrap = f"'({ADMIN_CHECK}) and (' || %s || ')'"
        wanted = "strpos(coalesce(qual, '') || coalesce(with_check, ''), 'auth.is_admin()') = 0"
    op.execute(
        f"""
        do $$
        declare p record;
        begin
          for p in select * from pg_policies
                   where roles = array['app_admin']::name[] and {wanted} loop
            execute format('alter policy %I on %I.%I', p.policyname, p.schemaname, p.tablename)
              || case when p.qual is null then ''
                      else ' using (' || {wrap % "p.qual"} || ')' end
              || case when p.with_check is null then ''
                      else ' with check (' || {wrap % "p.with_check"} || ')' end;
          end loop;
        end
        $$
        """
    )


AUDIT_CHAIN_LOCK = 7290532
"""Advisory lock (per database) that serialises writers of the audit chain until commit."""


def audit_entry_content_sql(row: str) -> str:
    """The canonical bytes of one audit entry (``row`` is a row variable or alias): a JSON
    array whose text form is the same in every session (UTC time, no locale)."""
    columns = (
        "id",
        "chain_seq",
        "actor_id",
        "action",
        "target_table",
        "target_id",
        "before",
        "after",
        "request_id",
    )
    parts = [f"{row}.{c}" for c in columns]
    parts += [f"{row}.ip::text", f"{row}.at at time zone 'UTC'"]
    return f"convert_to(jsonb_build_array({', '.join(parts)})::text, 'UTF8')"


def replace_policy(table: str, name: str, definition: str) -> None:
    """Drop and recreate a policy (``definition`` is everything after ``on <table>``).

    PostgreSQL's ``alter policy`` cannot change the command, so replacing is the one way.
    """
    op.execute(f"drop policy {name} on {table}")
    op.execute(f"create policy {name} on {table} {definition}")


# --- Added with 0005_training_log ----------------------------------------------------------

OWN = "user_id = (select auth.uid())"


def visible_exercise_check(table: str, column: str = "exercise_id") -> str:
    """The row's exercise is the catalog's (no owner) or the caller's private one.

    A foreign key is checked without RLS, so on its own it would let anyone point at (and
    probe for) another person's private exercise: the policy checks what the row points to.
    """
    return (
        f"exists (select 1 from public.exercises e where e.id = {table}.{column} "
        f"and (e.user_id is null or e.user_id = (select auth.uid())))"
    )


def owner_policies_checking(table: str, target_check: str) -> None:
    """``owner_policies`` whose insert and update also require ``target_check`` (what the
    row points to): select and delete need only the owner."""
    name = table.split(".")[-1]
    owner_policies(table, actions=("select", "delete"))
    check = f"{OWN} and {target_check}"
    op.execute(
        f"create policy {name}_insert_own on {table} for insert to authenticated "
        f"with check ({check})"
    )
    op.execute(
        f"create policy {name}_update_own on {table} for update to authenticated "
        f"using ({OWN}) with check ({check})"
    )


# --- Added with 0013_privacy_exports --------------------------------------------------------

#: The columns of an audit entry that may name a person: erasure rewrites them (ADR 0009).
AUDIT_PERSONAL_COLUMNS = ("actor_id", "target_id", "before", "after", "ip")


def audit_entry_personal_sql(row: str) -> str:
    """The canonical bytes of the columns of an entry that may name a person."""
    parts = [f"{row}.{c}" for c in AUDIT_PERSONAL_COLUMNS[:-1]] + [f"{row}.ip::text"]
    return f"convert_to(jsonb_build_array({', '.join(parts)})::text, 'UTF8')"


def audit_entry_seal_sql(row: str, salt: str) -> str:
    """SHA-256 over a per-entry random salt and the personal columns: the chain hashes this
    seal, never the columns themselves, so that erasure can rewrite them (and destroy the
    salt) without breaking the chain."""
    return f"sha256({salt} || {audit_entry_personal_sql(row)})"


def audit_entry_sealed_content_sql(row: str) -> str:
    """The canonical bytes the chain hashes since 0013: the entry without its personal
    columns, plus their seal (hex)."""
    columns = ("id", "chain_seq", "action", "target_table", "request_id")
    parts = [f"{row}.{c}" for c in columns]
    parts += [f"{row}.at at time zone 'UTC'", f"encode({row}.seal, 'hex')"]
    return f"convert_to(jsonb_build_array({', '.join(parts)})::text, 'UTF8')"


# --- Added with 0019_coaching ---------------------------------------------------------------

#: What a client may let a coach do (``coach_client_links.scopes``).
COACH_SCOPES = ("training:read", "readiness:read", "programs:write", "comments:write")


def coach_scope_predicate(scope: str, column: str = "user_id") -> str:
    """The row's owner (``column``) is a client of the caller through an active, unexpired
    link that grants ``scope``.

    Uncorrelated (``column in (select ...)``): PostgreSQL runs the sub-select once per
    statement as a hashed sub-plan, or turns it into a join, so the owner's own queries keep
    their indexes and the coach's reach the client's rows through ``(user_id, ...)``
    indexes. The link lookup uses ``ix_coach_client_links_coach_active``. Expiry is read
    here (``now()``), so an expired link opens nothing without a job ending it.
    """
    if scope not in COACH_SCOPES:
        raise ValueError(f"unknown coach scope {scope!r}")
    return (
        f"{column} in (select l.user_id from public.coach_client_links l "
        f"where l.coach_id = (select auth.uid()) and l.status = 'active' "
        f"and '{scope}' = any(l.scopes) "
        f"and (l.expires_at is null or l.expires_at > now()))"
    )


def coach_read_policy(table: str, scope: str) -> None:
    """``<table>_select_coach``: a coach reads a client's rows while the scope is granted."""
    name = table.split(".")[-1]
    op.execute(
        f"create policy {name}_select_coach on {table} for select to authenticated "
        f"using ({coach_scope_predicate(scope)})"
    )


def coach_insert_policy(table: str, scope: str, extra_check: str | None = None) -> None:
    """``<table>_insert_coach``: a coach writes a client's rows while the scope is granted
    (and ``extra_check`` holds: what the row must be or point to)."""
    name = table.split(".")[-1]
    check = coach_scope_predicate(scope)
    if extra_check is not None:
        check = f"{check} and {extra_check}"
    op.execute(
        f"create policy {name}_insert_coach on {table} for insert to authenticated "
        f"with check ({check})"
    )

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


def replace_policy(table: str, name: str, definition: str) -> None:
    """Drop and recreate a policy (``definition`` is everything after ``on <table>``).

    PostgreSQL's ``alter policy`` cannot change the command, so replacing is the one way.
    """
    op.execute(f"drop policy {name} on {table}")
    op.execute(f"create policy {name} on {table} {definition}")

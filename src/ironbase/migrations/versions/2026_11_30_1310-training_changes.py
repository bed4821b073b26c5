"""A per-person change log of the training rows, for offline sync (docs/adr/0007).

Revision ID: 0005b_training_changes
Revises: 0005_training_log
Create Date: 2026-11-30

Every insert, update and delete of a workout, workout exercise, set, template or template
exercise appends ``(user_id, seq, table_name, row_id, op)``; ``GET /v1/sync/changes?since=``
reads a person's entries after a ``seq``. Deletions are entries too (tombstones), so deleted
rows leave the tables for good.

``seq`` counts per person, taken from ``training_change_heads`` with a row lock held to
commit: two transactions of one person append in commit order, so a reader that has seen
``seq`` n never misses an n - 1 committed later (a global sequence or ``updated_at`` would).
The triggers are per statement (transition tables): an import of 10 000 sets takes one
head update, not 10 000.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import enable_rls, owner_policies

revision: str = "0005b_training_changes"
down_revision: str | None = "0005_training_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOGGED = (
    "workout_templates",
    "template_exercises",
    "workouts",
    "workout_exercises",
    "workout_sets",
)
EVENTS = {"insert": "new", "update": "new", "delete": "old"}


def _tables() -> None:
    logged = ", ".join(f"'{t}'" for t in LOGGED)
    op.execute(
        """
        create table public.training_change_heads (
          user_id uuid not null constraint fk_training_change_heads_user_id_users
            references auth.users (id) on delete cascade,
          last_seq bigint not null constraint ck_training_change_heads_last_seq
            check (last_seq > 0),
          constraint pk_training_change_heads primary key (user_id)
        )
        """
    )
    op.execute(
        f"""
        create table public.training_changes (
          user_id uuid not null constraint fk_training_changes_user_id_users
            references auth.users (id) on delete cascade,
          seq bigint not null constraint ck_training_changes_seq check (seq > 0),
          table_name text not null
            constraint ck_training_changes_table_name check (table_name in ({logged})),
          row_id uuid not null,
          op text not null constraint ck_training_changes_op check (op in ('upsert', 'delete')),
          changed_at timestamptz not null default now(),
          constraint pk_training_changes primary key (user_id, seq)
        )
        """
    )
    # "Was this row deleted after the client's write?" (no resurrection by a stale device).
    op.execute(
        "create index ix_training_changes_row on public.training_changes (user_id, row_id, seq)"
    )


def _append_sql(rows: str, op_name: str) -> str:
    """Number a statement's rows per person after that person's head, in one statement.

    People deleted in this same statement (account deletion cascading) are skipped: their
    log goes with them."""
    return f"""
        with touched as (
          select r.user_id, r.id, row_number() over (partition by r.user_id order by r.id) as n
          from {rows} r
          where exists (select 1 from auth.users u where u.id = r.user_id)
        ), counts as (
          select user_id, count(*) as total from touched group by user_id
        ), heads as (
          insert into public.training_change_heads as h (user_id, last_seq)
          select user_id, total from counts
          on conflict (user_id) do update set last_seq = h.last_seq + excluded.last_seq
          returning h.user_id, h.last_seq
        )
        insert into public.training_changes (user_id, seq, table_name, row_id, op)
        select t.user_id, h.last_seq - c.total + t.n, tg_table_name, t.id, '{op_name}'
        from touched t join counts c using (user_id) join heads h using (user_id);"""


def _trigger_function() -> None:
    op.execute(
        f"""
        create function public.log_training_changes() returns trigger
        language plpgsql security definer set search_path = pg_catalog as $$
        begin
          if tg_op = 'DELETE' then {_append_sql("old_rows", "delete")}
          else {_append_sql("new_rows", "upsert")}
          end if;
          return null;
        end
        $$
        """
    )
    op.execute("revoke all on function public.log_training_changes() from public")


def _triggers() -> None:
    for table in LOGGED:
        for event, side in EVENTS.items():
            op.execute(
                f"create trigger {table}_log_{event} after {event} on public.{table} "
                f"referencing {side} table as {side}_rows for each statement "
                "execute function public.log_training_changes()"
            )


def _security() -> None:
    for table in ("training_change_heads", "training_changes"):
        enable_rls(f"public.{table}")
        # Written only by the definer trigger function (the owner, bound by FORCE RLS).
        op.execute(
            f"create policy {table}_definer on public.{table} for all to ironbase_owner "
            "using (true) with check (true)"
        )
    op.execute("grant select on public.training_changes to authenticated")
    owner_policies("public.training_changes", actions=("select",))


def upgrade() -> None:
    _tables()
    _trigger_function()
    _triggers()
    _security()


def downgrade() -> None:
    for table in LOGGED:
        for event in EVENTS:
            op.execute(f"drop trigger {table}_log_{event} on public.{table}")
    op.execute("drop function public.log_training_changes()")
    op.execute("drop table public.training_changes")
    op.execute("drop table public.training_change_heads")

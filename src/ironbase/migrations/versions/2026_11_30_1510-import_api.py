"""What the import API needs beyond the training log: the file's layout and unit on a batch,
and the rows of exercises no name matched, kept until the person maps them.

Revision ID: 0007_import_api
Revises: 0009_operator_console
Create Date: 2026-11-30

``POST /v1/imports`` stores the sets of exercises whose names resolve and keeps the others
in ``import_pending_exercises`` (one row per exercise of a workout, its sets as a JSON
array); ``POST /v1/imports/{id}/mappings`` moves them into the log. A workout of the file is
created even when none of its exercises matched, so a mapped exercise always has its
workout to join. ``workouts_existing`` counts the file's workouts an earlier import already
created (skipped, as importing again must create nothing).
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import enable_rls, owner_policies

revision: str = "0007_import_api"
down_revision: str | None = "0009_operator_console"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = "import_pending_exercises"


def _batch_columns() -> None:
    t = "import_batches"
    op.execute(
        f"""
        alter table public.{t}
          add column layout text,
          add column unit text,
          add column workouts_existing integer not null default 0,
          add constraint ck_{t}_layout check (char_length(layout) between 1 and 40),
          add constraint ck_{t}_unit check (unit in ('kg', 'lb')),
          add constraint ck_{t}_workouts_existing check (workouts_existing >= 0)
        """
    )
    # GET /v1/imports: newest first.
    op.execute(f"create index ix_{t}_created_at on public.{t} (user_id, created_at desc, id desc)")


def _pending() -> None:
    t = PENDING
    op.execute(
        f"""
        create table public.{t} (
          user_id uuid not null constraint fk_{t}_user_id_users
            references auth.users (id) on delete cascade,
          id uuid not null default gen_random_uuid(),
          batch_id uuid not null,
          workout_key text not null,
          name text not null,
          name_key text not null,
          position smallint not null constraint ck_{t}_position check (position between 0 and 999),
          superset_group smallint
            constraint ck_{t}_superset_group check (superset_group between 0 and 99),
          notes text,
          set_count smallint not null
            constraint ck_{t}_set_count check (set_count between 0 and 1000),
          sets jsonb not null constraint ck_{t}_sets check (jsonb_typeof(sets) = 'array'),
          created_at timestamptz not null default now(),
          constraint pk_{t} primary key (user_id, id),
          constraint ck_{t}_workout_key check (char_length(workout_key) between 1 and 200),
          constraint ck_{t}_name check (char_length(name) between 1 and 200),
          constraint ck_{t}_name_key check (char_length(name_key) between 1 and 200),
          constraint ck_{t}_notes check (char_length(notes) between 1 and 2000),
          constraint fk_{t}_user_id_import_batches foreign key (user_id, batch_id)
            references public.import_batches (user_id, id) on delete cascade
        )
        """
    )
    # A batch's unmatched names, and the rows one mapping moves.
    op.execute(f"create index ix_{t}_batch on public.{t} (user_id, batch_id, name_key)")
    enable_rls(f"public.{t}")
    op.execute(f"grant select, insert, delete on public.{t} to authenticated")
    owner_policies(f"public.{t}", actions=("select", "insert", "delete"))


def upgrade() -> None:
    _batch_columns()
    _pending()


def downgrade() -> None:
    op.execute(f"drop table public.{PENDING}")
    t = "import_batches"
    op.execute(f"drop index public.ix_{t}_created_at")
    op.execute(
        f"""
        alter table public.{t}
          drop column workouts_existing,
          drop column unit,
          drop column layout
        """
    )

"""The training log: workouts, their exercises and sets, templates, import batches and
exercise-name mappings (docs/adr/0007).

Revision ID: 0005_training_log
Revises: 0004e_policy_targets
Create Date: 2026-11-30

Every table carries ``user_id``; primary keys are ``(user_id, id)`` and the foreign keys
inside the log include ``user_id``, so a child can only hang off the same person's parent
(the database checks it for every role) and Citus can co-locate a person's rows later.
Exercises are the catalog's or the caller's own: the policies check that, since a foreign
key is checked without RLS.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    enable_rls,
    owner_policies,
    owner_policies_checking,
    updated_at_trigger,
    visible_exercise_check,
)

revision: str = "0005_training_log"
down_revision: str | None = "0004e_policy_targets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "import_batches",
    "workout_templates",
    "template_exercises",
    "workouts",
    "workout_exercises",
    "workout_sets",
    "exercise_name_mappings",
)
# Tables whose rows point at an exercise (catalog or the caller's private one).
EXERCISE_TABLES = ("template_exercises", "workout_exercises", "exercise_name_mappings")
SET_TYPES = "('normal', 'warmup', 'drop', 'failure', 'amrap')"
SOURCE_FORMATS = "('strong', 'hevy', 'fitnotes', 'fitbod', 'jefit')"
# RPE 1-10 in half steps (8, 8.5, 9).
RPE_HALVES = "between 1 and 10 and {c} * 2 = trunc({c} * 2)"


def _key(table: str) -> str:
    """The columns every table of the log starts with."""
    return f"""
      user_id uuid not null constraint fk_{table}_user_id_users
        references auth.users (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      constraint pk_{table} primary key (user_id, id),"""


def _child_of(table: str, parent: str, column: str, on_delete: str = "cascade") -> str:
    return (
        f"constraint fk_{table}_user_id_{parent} foreign key (user_id, {column}) "
        f"references public.{parent} (user_id, id) on delete {on_delete}"
    )


def _text(table: str, column: str, high: int, name: str | None = None) -> str:
    return (
        f"constraint ck_{table}_{name or column} check (char_length({column}) between 1 and {high})"
    )


def _stamps() -> str:
    """Server times, and the client's time of its last write (the conflict rule's clock)."""
    return """
      client_updated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()"""


def _import_batches() -> None:
    t = "import_batches"
    op.execute(
        f"""
        create table public.{t} ({_key(t)}
          format text not null constraint ck_{t}_format check (format in {SOURCE_FORMATS}),
          source_key text not null,
          file_name text,
          workouts_created integer not null default 0,
          sets_created integer not null default 0,
          rows_skipped integer not null default 0,
          created_at timestamptz not null default now(),
          {_text(t, "source_key", 200)},
          {_text(t, "file_name", 255)},
          constraint ck_{t}_counts check (
            workouts_created >= 0 and sets_created >= 0 and rows_skipped >= 0),
          constraint uq_{t}_source_key unique (user_id, source_key)
        )
        """
    )


def _templates() -> None:
    t = "workout_templates"
    op.execute(
        f"""
        create table public.{t} ({_key(t)}
          name text not null,
          notes text,{_stamps()},
          {_text(t, "name", 200)},
          {_text(t, "notes", 5000)}
        )
        """
    )
    t = "template_exercises"
    op.execute(
        f"""
        create table public.{t} ({_key(t)}
          template_id uuid not null,
          exercise_id uuid not null constraint fk_{t}_exercise_id_exercises
            references public.exercises (id),
          position smallint not null constraint ck_{t}_position check (position between 0 and 999),
          superset_group smallint
            constraint ck_{t}_superset_group check (superset_group between 0 and 99),
          target_sets smallint constraint ck_{t}_target_sets check (target_sets between 1 and 50),
          rep_min smallint constraint ck_{t}_rep_min check (rep_min between 0 and 1000),
          rep_max smallint constraint ck_{t}_rep_max check (rep_max between 0 and 1000),
          target_rpe numeric(3, 1)
            constraint ck_{t}_target_rpe check (target_rpe {RPE_HALVES.format(c="target_rpe")}),
          target_rir smallint constraint ck_{t}_target_rir check (target_rir between 0 and 10),
          rest_s integer constraint ck_{t}_rest_s check (rest_s between 0 and 3600),
          notes text,{_stamps()},
          {_text(t, "notes", 2000)},
          constraint ck_{t}_rep_range check (rep_min <= rep_max),
          {_child_of(t, "workout_templates", "template_id")}
        )
        """
    )
    op.execute(f"create index ix_{t}_template on public.{t} (user_id, template_id, position)")
    op.execute(f"create index ix_{t}_exercise_id on public.{t} (exercise_id)")


def _workouts() -> None:
    t = "workouts"
    op.execute(
        f"""
        create table public.{t} ({_key(t)}
          template_id uuid,
          import_batch_id uuid,
          import_key text,
          gym_id uuid constraint fk_{t}_gym_id_gyms references public.gyms (id)
            on delete set null,
          started_at timestamptz not null,
          ended_at timestamptz,
          readiness_score smallint
            constraint ck_{t}_readiness_score check (readiness_score between 0 and 100),
          title text,
          notes text,{_stamps()},
          {_text(t, "title", 200)},
          {_text(t, "notes", 10000)},
          {_text(t, "import_key", 200)},
          constraint ck_{t}_duration check (
            ended_at >= started_at and ended_at - started_at <= interval '168 hours'),
          constraint ck_{t}_import check ((import_key is null) = (import_batch_id is null)),
          {_child_of(t, "workout_templates", "template_id", "no action")},
          {_child_of(t, "import_batches", "import_batch_id")}
        )
        """
    )
    # The list, newest first (keyset on started_at, id), and "the last session of ...".
    op.execute(f"create index ix_{t}_started_at on public.{t} (user_id, started_at desc, id desc)")
    op.execute(
        f"create index ix_{t}_template on public.{t} (user_id, template_id) "
        "where template_id is not null"
    )
    # An import recognises the workouts it already made (idempotent re-import).
    op.execute(
        f"create unique index uq_{t}_import_key on public.{t} (user_id, import_key) "
        "where import_key is not null"
    )
    op.execute(
        f"create index ix_{t}_import_batch on public.{t} (user_id, import_batch_id) "
        "where import_batch_id is not null"
    )
    op.execute(f"create index ix_{t}_gym_id on public.{t} (gym_id) where gym_id is not null")
    # Whose workout is this id? (a document naming another person's id answers 404).
    op.execute(f"create index ix_{t}_id on public.{t} (id)")


def _workout_exercises() -> None:
    t = "workout_exercises"
    op.execute(
        f"""
        create table public.{t} ({_key(t)}
          workout_id uuid not null,
          exercise_id uuid not null constraint fk_{t}_exercise_id_exercises
            references public.exercises (id),
          position smallint not null constraint ck_{t}_position check (position between 0 and 999),
          superset_group smallint
            constraint ck_{t}_superset_group check (superset_group between 0 and 99),
          notes text,{_stamps()},
          {_text(t, "notes", 2000)},
          {_child_of(t, "workouts", "workout_id")}
        )
        """
    )
    op.execute(f"create index ix_{t}_workout on public.{t} (user_id, workout_id, position)")
    # History and records per exercise.
    op.execute(f"create index ix_{t}_exercise on public.{t} (user_id, exercise_id)")
    op.execute(f"create index ix_{t}_exercise_id on public.{t} (exercise_id)")


def _workout_sets() -> None:
    t = "workout_sets"
    op.execute(
        f"""
        create table public.{t} ({_key(t)}
          workout_exercise_id uuid not null,
          position smallint not null constraint ck_{t}_position check (position between 0 and 999),
          set_type text not null default 'normal'
            constraint ck_{t}_set_type check (set_type in {SET_TYPES}),
          weight_g integer constraint ck_{t}_weight_g check (weight_g between 0 and 1000000),
          unit text constraint ck_{t}_unit check (unit in ('kg', 'lb')),
          reps smallint constraint ck_{t}_reps check (reps between 0 and 1000),
          duration_s integer constraint ck_{t}_duration_s check (duration_s between 0 and 86400),
          distance_m integer
            constraint ck_{t}_distance_m check (distance_m between 0 and 1000000),
          rpe numeric(3, 1) constraint ck_{t}_rpe check (rpe {RPE_HALVES.format(c="rpe")}),
          rir smallint constraint ck_{t}_rir check (rir between 0 and 10),
          completed_at timestamptz,
          notes text,{_stamps()},
          {_text(t, "notes", 2000)},
          {_child_of(t, "workout_exercises", "workout_exercise_id")}
        )
        """
    )
    op.execute(
        f"create index ix_{t}_workout_exercise on public.{t} (user_id, workout_exercise_id, position)"
    )


def _name_mappings() -> None:
    t = "exercise_name_mappings"
    op.execute(
        f"""
        create table public.{t} ({_key(t)}
          name text not null,
          exercise_id uuid not null constraint fk_{t}_exercise_id_exercises
            references public.exercises (id) on delete cascade,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          {_text(t, "name", 200)},
          constraint uq_{t}_name unique (user_id, name)
        )
        """
    )
    op.execute(f"create index ix_{t}_exercise_id on public.{t} (exercise_id)")


def _workout_id_owner() -> None:
    """PUT /v1/workouts/{id} with another person's id must answer 404, yet RLS hides that
    row: this answers only "taken by someone else", never whose or what."""
    op.execute(
        """
        create function public.workout_id_taken(p_id uuid) returns boolean
        language sql stable security definer set search_path = pg_catalog as $$
          select exists (select 1 from public.workouts w
                         where w.id = p_id and w.user_id <> auth.uid())
        $$
        """
    )
    op.execute("revoke all on function public.workout_id_taken(uuid) from public")
    op.execute("grant execute on function public.workout_id_taken(uuid) to authenticated")
    # FORCE RLS binds the owner too: the definer function reads ids through this policy.
    op.execute(
        "create policy workouts_select_definer on public.workouts for select to ironbase_owner "
        "using (true)"
    )


def _security() -> None:
    for table in TABLES:
        qualified = f"public.{table}"
        enable_rls(qualified)
        op.execute(f"grant select, insert, update, delete on {qualified} to authenticated")
        if table in EXERCISE_TABLES:
            owner_policies_checking(qualified, visible_exercise_check(table))
        else:
            owner_policies(qualified)
        if table != "import_batches":
            updated_at_trigger(qualified)


def upgrade() -> None:
    _import_batches()
    _templates()
    _workouts()
    _workout_exercises()
    _workout_sets()
    _name_mappings()
    _security()
    _workout_id_owner()


def downgrade() -> None:
    op.execute("drop function public.workout_id_taken(uuid)")
    for table in reversed(TABLES):
        op.execute(f"drop table public.{table}")

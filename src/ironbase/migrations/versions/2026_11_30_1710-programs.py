"""Training programs: generated programs, their weeks, workouts and prescriptions, the
coach log, and the training log's link from a workout to the program workout it carried out.

Revision ID: 0018_programs
Revises: 0017_periodic_jobs
Create Date: 2026-11-30

- ``ai_programs`` keeps the canonical program (``program_data``) and the canonical inputs
  it was computed from (``inputs``), so the checker and adaptation run on a stored program
  without the database it was read from. One ``active`` program per person (a partial
  unique index).
- ``ai_program_weeks -> ai_program_workouts -> ai_program_workout_exercises``: the same
  program as rows, for the API and for starting a workout; the foreign keys include
  ``user_id`` (a child hangs off the same person's parent, checked for every role).
- ``coach_logs``: every generation, proposal, adaptation and start (what was asked, the
  generator version, the inputs' digest, how long, the outcome). ``actor_id`` is who asked:
  the person now, a coach later. An adaptation is recorded once per logged workout (a
  partial unique index on ``(user_id, workout_id)``): a concurrent duplicate is a no-op.
- ``workouts.program_workout_id``: the program workout a logged workout carried out
  (deleting the program keeps the workout and forgets the link: ``set null`` of that
  column alone, PostgreSQL 15).

Owner policies everywhere, an administrator read policy as other user tables have;
prescriptions also check the exercise they point at is the catalog's or the caller's.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    OWN,
    admin_checked_policy,
    enable_rls,
    owner_policies,
    owner_policies_checking,
    updated_at_trigger,
    visible_exercise_check,
)

revision: str = "0018_programs"
down_revision: str | None = "0017_periodic_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "ai_programs",
    "ai_program_weeks",
    "ai_program_workouts",
    "ai_program_workout_exercises",
    "coach_logs",
)
STATUSES = "('draft', 'active', 'paused', 'completed', 'archived')"
CREATORS = "('user', 'generator', 'model', 'coach')"
KINDS = "('generate', 'propose', 'adapt', 'start')"
OUTCOMES = "('stored', 'infeasible', 'refused', 'adapted', 'unchanged')"
LOAD_KINDS = "('barbell', 'dumbbell', 'stack')"
ROLES = "('main', 'accessory')"


def _key(table: str) -> str:
    return f"""
      user_id uuid not null constraint fk_{table}_user_id_users
        references auth.users (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      constraint pk_{table} primary key (user_id, id),"""


def _child_of(table: str, parent: str, column: str) -> str:
    return (
        f"constraint fk_{table}_user_id_{parent} foreign key (user_id, {column}) "
        f"references public.{parent} (user_id, id) on delete cascade"
    )


def _text(table: str, column: str, high: int) -> str:
    return f"constraint ck_{table}_{column} check (char_length({column}) between 1 and {high})"


def _between(table: str, column: str, low: int | str, high: int | str) -> str:
    return f"constraint ck_{table}_{column} check ({column} between {low} and {high})"


def _programs() -> None:
    t = "ai_programs"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          title text not null,
          goal training_goal not null,
          weeks smallint not null,
          status program_status not null default 'draft',
          created_by program_creator not null,
          gym_id uuid constraint fk_{t}_gym_id_gyms references public.gyms (id)
            on delete set null,
          seed bigint not null,
          generator_version text not null,
          inputs_digest text not null,
          program_data jsonb not null,
          inputs jsonb not null,
          activated_at timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          {_text(t, "title", 200)},
          {_between(t, "weeks", 4, 16)},
          constraint ck_{t}_seed check (seed >= 0),
          {_text(t, "generator_version", 40)},
          constraint ck_{t}_inputs_digest check (inputs_digest ~ '^[0-9a-f]{{64}}$'),
          constraint ck_{t}_program_data check (jsonb_typeof(program_data) = 'object'),
          constraint ck_{t}_inputs check (jsonb_typeof(inputs) = 'object')
        )""")
    # The list, newest first (keyset on created_at, id).
    op.execute(f"create index ix_{t}_created_at on public.{t} (user_id, created_at desc, id desc)")
    op.execute(
        f"create unique index uq_{t}_one_active on public.{t} (user_id) where status = 'active'"
    )
    op.execute(f"create index ix_{t}_gym_id on public.{t} (gym_id) where gym_id is not null")


def _weeks() -> None:
    t = "ai_program_weeks"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          program_id uuid not null,
          index smallint not null,
          deload boolean not null,
          calibration boolean not null,
          {_between(t, "index", 1, 16)},
          {_child_of(t, "ai_programs", "program_id")},
          constraint uq_{t}_program_id unique (user_id, program_id, index)
        )""")


def _workouts() -> None:
    t = "ai_program_workouts"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          program_id uuid not null,
          week_id uuid not null,
          day_index smallint not null,
          weekday smallint not null,
          title text not null,
          estimated_minutes smallint not null,
          {_between(t, "day_index", 0, 6)},
          {_between(t, "weekday", 1, 7)},
          {_text(t, "title", 200)},
          {_between(t, "estimated_minutes", 1, 240)},
          {_child_of(t, "ai_programs", "program_id")},
          {_child_of(t, "ai_program_weeks", "week_id")},
          constraint uq_{t}_week_id unique (user_id, week_id, day_index)
        )""")
    op.execute(f"create index ix_{t}_program on public.{t} (user_id, program_id)")


def _exercises() -> None:
    t = "ai_program_workout_exercises"
    load_columns = ("load_g", "load_kind", "target_g", "e1rm_g", "percent_e1rm")
    together = " and ".join(f"({c} is null) = (load_g is null)" for c in load_columns[1:])
    op.execute(f"""
        create table public.{t} ({_key(t)}
          program_workout_id uuid not null,
          position smallint not null,
          slot text not null,
          exercise_id uuid not null constraint fk_{t}_exercise_id_exercises
            references public.exercises (id),
          role text not null,
          sets smallint not null,
          reps_min smallint not null,
          reps_max smallint not null,
          rir numeric(3, 1) not null,
          rpe numeric(3, 1) not null,
          load_g integer,
          load_kind text,
          target_g numeric,
          e1rm_g numeric,
          percent_e1rm numeric,
          bar_type_id uuid constraint fk_{t}_bar_type_id_bar_types
            references public.bar_types (id),
          plates jsonb,
          equipment_id uuid constraint fk_{t}_equipment_id_equipment
            references public.equipment (id),
          rest_s smallint not null,
          {_between(t, "position", 0, 99)},
          constraint ck_{t}_slot check (slot ~ '^[0-9]{{1,2}}[.][0-9]{{1,2}}$'),
          constraint ck_{t}_role check (role in {ROLES}),
          {_between(t, "sets", 1, 20)},
          {_between(t, "reps_min", 1, 100)},
          {_between(t, "reps_max", 1, 100)},
          constraint ck_{t}_rep_range check (reps_min <= reps_max),
          {_between(t, "rir", 0, 10)},
          {_between(t, "rpe", 1, 10)},
          {_between(t, "load_g", 0, 1000000)},
          constraint ck_{t}_load_kind check (load_kind in {LOAD_KINDS}),
          {_between(t, "target_g", 0, 1000000)},
          {_between(t, "e1rm_g", 0, 2000000)},
          {_between(t, "percent_e1rm", 0, 100)},
          constraint ck_{t}_plates check (jsonb_typeof(plates) = 'array'
            and jsonb_array_length(plates) <= 60),
          {_between(t, "rest_s", 0, 900)},
          constraint ck_{t}_load check ({together}),
          {_child_of(t, "ai_program_workouts", "program_workout_id")},
          constraint uq_{t}_program_workout_id unique (user_id, program_workout_id, position)
        )""")
    op.execute(f"create index ix_{t}_exercise_id on public.{t} (exercise_id)")


def _coach_logs() -> None:
    t = "coach_logs"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          actor_id uuid constraint fk_{t}_actor_id_users references auth.users (id)
            on delete set null,
          program_id uuid,
          workout_id uuid,
          kind text not null,
          generator_version text not null,
          inputs_digest text,
          request jsonb not null,
          duration_ms integer not null,
          outcome text not null,
          detail jsonb not null default '{{}}'::jsonb,
          created_at timestamptz not null default now(),
          constraint ck_{t}_kind check (kind in {KINDS}),
          {_text(t, "generator_version", 40)},
          constraint ck_{t}_inputs_digest check (inputs_digest ~ '^[0-9a-f]{{64}}$'),
          constraint ck_{t}_request check (jsonb_typeof(request) = 'object'),
          {_between(t, "duration_ms", 0, 3600000)},
          constraint ck_{t}_outcome check (outcome in {OUTCOMES}),
          constraint ck_{t}_detail check (jsonb_typeof(detail) = 'object'),
          constraint fk_{t}_user_id_ai_programs foreign key (user_id, program_id)
            references public.ai_programs (user_id, id) on delete set null (program_id),
          constraint fk_{t}_user_id_workouts foreign key (user_id, workout_id)
            references public.workouts (user_id, id) on delete set null (workout_id)
        )""")
    op.execute(
        f"create unique index uq_{t}_adapt_workout on public.{t} (user_id, workout_id) "
        "where kind = 'adapt'"
    )
    op.execute(
        f"create index ix_{t}_program on public.{t} (user_id, program_id, created_at) "
        "where program_id is not null"
    )
    # Erasure nulls the column where it names the person (a coach's entries in others' logs).
    op.execute(f"create index ix_{t}_actor_id on public.{t} (actor_id) where actor_id is not null")


def _workout_link() -> None:
    t = "workouts"
    op.execute(f"alter table public.{t} add column program_workout_id uuid")
    op.execute(
        f"alter table public.{t} add constraint fk_{t}_user_id_ai_program_workouts "
        "foreign key (user_id, program_workout_id) "
        "references public.ai_program_workouts (user_id, id) "
        "on delete set null (program_workout_id)"
    )
    op.execute(
        f"create index ix_{t}_program_workout on public.{t} (user_id, program_workout_id) "
        "where program_workout_id is not null"
    )


def _security() -> None:
    for table in TABLES:
        qualified = f"public.{table}"
        enable_rls(qualified)
        admin_checked_policy(qualified, "select")
    for table in TABLES[:3]:
        op.execute(f"grant select, insert, update, delete on public.{table} to authenticated")
        owner_policies(f"public.{table}")
    t = "ai_program_workout_exercises"
    op.execute(f"grant select, insert, update, delete on public.{t} to authenticated")
    owner_policies_checking(f"public.{t}", visible_exercise_check(t))
    # The coach log is a record: written once, never changed by the person it is about.
    t = "coach_logs"
    op.execute(f"grant select, insert on public.{t} to authenticated")
    owner_policies(f"public.{t}", actions=("select",))
    op.execute(
        f"create policy {t}_insert_own on public.{t} for insert to authenticated "
        f"with check ({OWN} and actor_id = (select auth.uid()))"
    )
    updated_at_trigger("public.ai_programs")


def upgrade() -> None:
    op.execute(f"create type program_status as enum {STATUSES}")
    op.execute(f"create type program_creator as enum {CREATORS}")
    _programs()
    _weeks()
    _workouts()
    _exercises()
    _coach_logs()
    _workout_link()
    _security()


def downgrade() -> None:
    op.execute("drop index public.ix_workouts_program_workout")
    op.execute("alter table public.workouts drop column program_workout_id")
    for table in reversed(TABLES):
        op.execute(f"drop table public.{table}")
    op.execute("drop type program_creator")
    op.execute("drop type program_status")

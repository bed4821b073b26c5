"""Fitness profile, body weight history, readiness check-ins and cycle tracking.

Revision ID: 0014_fitness_readiness_cycle
Revises: 0013_privacy_exports
Create Date: 2026-11-30

People's rows only, each keyed ``(user_id, id)``, owner-only policies. The cycle tables
(``cycle_consents``, ``cycle_events``) get no administrator policy at all: special-category
data (GDPR art. 9) that nobody but its owner reads, whatever their role.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import enable_rls, owner_policies, updated_at_trigger

revision: str = "0014_fitness_readiness_cycle"
down_revision: str | None = "0013_privacy_exports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "user_profile_fitness",
    "body_weight_entries",
    "readiness_checkins",
    "cycle_consents",
    "cycle_events",
)
GOALS = "('strength', 'hypertrophy', 'endurance', 'general_fitness', 'fat_loss')"
LEVELS = "('novice', 'intermediate', 'advanced')"


def _key(table: str) -> str:
    return f"""
      user_id uuid not null constraint fk_{table}_user_id_users
        references auth.users (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      constraint pk_{table} primary key (user_id, id),"""


def _stamps() -> str:
    return """
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()"""


def upgrade() -> None:
    op.execute(f"create type training_goal as enum {GOALS}")
    op.execute(f"create type experience_level as enum {LEVELS}")
    t = "user_profile_fitness"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          goal training_goal not null,
          experience experience_level,
          days_per_week smallint not null
            constraint ck_{t}_days_per_week check (days_per_week between 1 and 7),
          weekdays smallint[] not null
            constraint ck_{t}_weekdays check (
              cardinality(weekdays) <= 7 and weekdays <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]),
          session_minutes smallint not null
            constraint ck_{t}_session_minutes check (session_minutes between 10 and 240),
          gym_id uuid constraint fk_{t}_gym_id_gyms references public.gyms (id)
            on delete set null,
          excluded_equipment uuid[] not null
            constraint ck_{t}_excluded_equipment check (cardinality(excluded_equipment) <= 100),
          excluded_exercises uuid[] not null
            constraint ck_{t}_excluded_exercises check (cardinality(excluded_exercises) <= 200),
          excluded_patterns text[] not null
            constraint ck_{t}_excluded_patterns check (cardinality(excluded_patterns) <= 50),
          sex text constraint ck_{t}_sex check (sex in ('female', 'male', 'other')),
          birth_year smallint constraint ck_{t}_birth_year check (birth_year between 1900 and 2100),{_stamps()},
          constraint uq_{t}_user_id unique (user_id)
        )""")
    op.execute(f"create index ix_{t}_gym_id on public.{t} (gym_id) where gym_id is not null")

    t = "body_weight_entries"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          day date not null,
          weight_g integer not null constraint ck_{t}_weight_g check (weight_g between 20000 and 400000),
          unit text not null constraint ck_{t}_unit check (unit in ('kg', 'lb')),
          created_at timestamptz not null default now(),
          constraint uq_{t}_day unique (user_id, day)
        )""")

    t = "readiness_checkins"
    item = "smallint not null constraint ck_{t}_{c} check ({c} between 1 and 7)"
    items = ",\n          ".join(
        f"{c} {item.format(t=t, c=c)}" for c in ("sleep", "fatigue", "stress", "soreness")
    )
    op.execute(f"""
        create table public.{t} ({_key(t)}
          day date not null,
          {items},
          score smallint not null constraint ck_{t}_score check (score between 0 and 100),
          sleep_hours numeric(3, 1)
            constraint ck_{t}_sleep_hours check (sleep_hours between 0 and 24),
          resting_hr smallint constraint ck_{t}_resting_hr check (resting_hr between 20 and 250),
          hrv_rmssd_ms numeric(5, 1)
            constraint ck_{t}_hrv_rmssd_ms check (hrv_rmssd_ms between 1 and 500),
          mood smallint constraint ck_{t}_mood check (mood between 1 and 7),
          notes text constraint ck_{t}_notes check (char_length(notes) between 1 and 2000),
          life_scores jsonb not null,{_stamps()},
          constraint uq_{t}_day unique (user_id, day)
        )""")

    t = "cycle_consents"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          consented_at timestamptz not null default now(),
          constraint uq_{t}_user_id unique (user_id)
        )""")

    t = "cycle_events"
    op.execute(f"""
        create table public.{t} ({_key(t)}
          type text not null
            constraint ck_{t}_type check (type in ('period_start', 'period_end', 'symptom')),
          day date not null,
          symptom text constraint ck_{t}_symptom check (symptom ~ '^[a-z][a-z_]{{0,39}}$'),
          severity smallint constraint ck_{t}_severity check (severity between 1 and 3),
          notes text constraint ck_{t}_notes check (char_length(notes) between 1 and 1000),
          created_at timestamptz not null default now(),
          constraint ck_{t}_symptom_fields check (
            (type = 'symptom') = (symptom is not null)
            and (type = 'symptom') = (severity is not null))
        )""")
    op.execute(f"create index ix_{t}_day on public.{t} (user_id, day desc, id desc)")

    for table in TABLES:
        qualified = f"public.{table}"
        enable_rls(qualified)
        op.execute(f"grant select, insert, update, delete on {qualified} to authenticated")
        owner_policies(qualified)
    updated_at_trigger("public.user_profile_fitness")
    updated_at_trigger("public.readiness_checkins")


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"drop table public.{table}")
    op.execute("drop type experience_level")
    op.execute("drop type training_goal")

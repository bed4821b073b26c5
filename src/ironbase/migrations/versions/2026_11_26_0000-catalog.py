"""Catalog: exercises, equipment, bar types, grips, translations, aliases, data quality.

Revision ID: 0002_catalog
Revises: 0001_foundation
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import (
    admin_policy,
    enable_rls,
    reference_read_policy,
    updated_at_trigger,
)

revision: str = "0002_catalog"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MUSCLE_GROUPS = (
    "chest",
    "lats",
    "upper_back",
    "lower_back",
    "traps",
    "front_delts",
    "side_delts",
    "rear_delts",
    "biceps",
    "triceps",
    "forearms",
    "abs",
    "obliques",
    "quads",
    "hamstrings",
    "glutes",
    "adductors",
    "abductors",
    "calves",
    "neck",
    "hip_flexors",
    "full_body",
)

# Shared reference tables: everyone reads, administrators write (audited by the API).
REFERENCE_TABLES = (
    "body_parts",
    "body_parts_translations",
    "muscle_groups",
    "movement_patterns",
    "load_types",
    "grips",
    "text_translations",
    "bar_types",
    "equipment",
    "equipment_translations",
    "equipment_profiles",
    "equipment_grip_defaults",
    "equipment_handle_orientations",
    "exercise_translations",
    "exercise_aliases",
    "exercise_default_grips",
    "ai_exercises",
)

SLUG = "~ '^[a-z0-9][a-z0-9_-]*$'"
LOCALE = "~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'"


def _vocabularies() -> None:
    values = ", ".join(f"'{m}'" for m in MUSCLE_GROUPS)
    op.execute(f"create type muscle_group as enum ({values})")
    op.execute(f"""
        create table body_parts (
          id uuid constraint pk_body_parts primary key,
          slug text not null constraint uq_body_parts_slug unique constraint ck_body_parts_slug check (slug {SLUG})
        )""")
    op.execute(f"""
        create table body_parts_translations (
          body_part_id uuid not null constraint fk_body_parts_translations_body_part_id_body_parts
            references body_parts (id) on delete cascade,
          locale text not null constraint ck_body_parts_translations_locale check (locale {LOCALE}),
          name text not null constraint ck_body_parts_translations_name check (char_length(name) between 1 and 120),
          constraint pk_body_parts_translations primary key (body_part_id, locale)
        )""")
    op.execute("""
        create table muscle_groups (
          slug muscle_group constraint pk_muscle_groups primary key,
          id uuid not null constraint uq_muscle_groups_id unique,
          body_part_id uuid not null constraint fk_muscle_groups_body_part_id_body_parts references body_parts (id)
        )""")
    for table in ("movement_patterns", "load_types"):
        op.execute(f"""
            create table {table} (
              slug text constraint pk_{table} primary key constraint ck_{table}_slug check (slug {SLUG}),
              id uuid not null constraint uq_{table}_id unique
            )""")
    op.execute(f"""
        create table grips (
          id uuid constraint pk_grips primary key,
          slug text not null constraint uq_grips_slug unique constraint ck_grips_slug check (slug {SLUG}),
          orientation text not null,
          width text not null
        )""")
    op.execute(f"""
        create table text_translations (
          key text not null constraint ck_text_translations_key check (char_length(key) between 1 and 200),
          locale text not null constraint ck_text_translations_locale check (locale {LOCALE}),
          value text not null,
          constraint pk_text_translations primary key (key, locale)
        )""")


def _equipment() -> None:
    op.execute(f"""
        create table bar_types (
          id uuid constraint pk_bar_types primary key,
          slug text not null constraint uq_bar_types_slug unique constraint ck_bar_types_slug check (slug {SLUG}),
          name text not null,
          mass_g integer not null constraint ck_bar_types_mass_g check (mass_g > 0 and mass_g <= 100000),
          mass numeric(8, 3) not null constraint ck_bar_types_mass check (mass > 0),
          unit text not null constraint ck_bar_types_unit check (unit in ('kg', 'lb')),
          length_mm integer,
          sleeve_diameter_mm integer,
          loads_plates boolean not null default true,
          created_at timestamptz not null default now()
        )""")
    op.execute(f"""
        create table equipment (
          id uuid constraint pk_equipment primary key,
          slug text not null constraint uq_equipment_slug unique constraint ck_equipment_slug check (slug {SLUG}),
          name text not null constraint ck_equipment_name check (char_length(name) between 1 and 120),
          category text not null,
          load_type text not null constraint fk_equipment_load_type_load_types references load_types (slug),
          bar_type_id uuid constraint fk_equipment_bar_type_id_bar_types references bar_types (id),
          retired_at timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )""")
    updated_at_trigger("equipment")
    op.execute("create index ix_equipment_load_type on equipment (load_type)")
    op.execute("create index ix_equipment_bar_type_id on equipment (bar_type_id)")
    op.execute(f"""
        create table equipment_translations (
          equipment_id uuid not null constraint fk_equipment_translations_equipment_id_equipment
            references equipment (id) on delete cascade,
          locale text not null constraint ck_equipment_translations_locale check (locale {LOCALE}),
          name text not null constraint ck_equipment_translations_name check (char_length(name) between 1 and 120),
          constraint pk_equipment_translations primary key (equipment_id, locale)
        )""")
    op.execute("""
        create table equipment_profiles (
          equipment_id uuid constraint pk_equipment_profiles primary key
            constraint fk_equipment_profiles_equipment_id_equipment references equipment (id) on delete cascade,
          adjustable boolean not null default false,
          increment_g integer constraint ck_equipment_profiles_increment_g check (increment_g > 0),
          fixed_weights_g integer[],
          base_weight_g integer constraint ck_equipment_profiles_base_weight_g check (base_weight_g >= 0),
          stack_max_g integer constraint ck_equipment_profiles_stack_max_g check (stack_max_g > 0)
        )""")
    op.execute("""
        create table equipment_grip_defaults (
          equipment_id uuid not null constraint fk_equipment_grip_defaults_equipment_id_equipment
            references equipment (id) on delete cascade,
          grip_id uuid not null constraint fk_equipment_grip_defaults_grip_id_grips references grips (id),
          constraint pk_equipment_grip_defaults primary key (equipment_id, grip_id)
        )""")
    op.execute(
        "create index ix_equipment_grip_defaults_grip_id on equipment_grip_defaults (grip_id)"
    )
    op.execute("""
        create table equipment_handle_orientations (
          equipment_id uuid not null constraint fk_equipment_handle_orientations_equipment_id_equipment
            references equipment (id) on delete cascade,
          orientation text not null constraint ck_equipment_handle_orientations_orientation
            check (orientation in ('pronated', 'supinated', 'neutral', 'rotating', 'none')),
          constraint pk_equipment_handle_orientations primary key (equipment_id, orientation)
        )""")


def _exercises() -> None:
    op.execute(f"""
        create table exercises (
          id uuid constraint pk_exercises primary key default gen_random_uuid(),
          user_id uuid constraint fk_exercises_user_id_users references auth.users (id) on delete cascade,
          name text not null constraint ck_exercises_name check (char_length(btrim(name)) between 1 and 120),
          slug text not null constraint ck_exercises_slug check (slug {SLUG} and char_length(slug) <= 120),
          description text constraint ck_exercises_description check (char_length(description) <= 2000),
          instructions text constraint ck_exercises_instructions check (char_length(instructions) <= 4000),
          primary_muscle muscle_group not null,
          secondary_muscles muscle_group[] not null default '{{}}',
          difficulty smallint not null default 1 constraint ck_exercises_difficulty check (difficulty between 1 and 5),
          is_compound boolean not null default false,
          movement_pattern text not null constraint fk_exercises_movement_pattern_movement_patterns
            references movement_patterns (slug),
          load_type text not null constraint fk_exercises_load_type_load_types references load_types (slug),
          is_unilateral boolean not null default false,
          -- What a set of it records: repetitions, seconds (holds, intervals) or metres (carries).
          tracking text not null default 'reps' constraint ck_exercises_tracking
            check (tracking in ('reps', 'duration', 'distance')),
          retired_at timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          constraint ck_exercises_secondary_not_primary check (not (primary_muscle = any (secondary_muscles)))
        )""")
    updated_at_trigger("exercises")
    # Catalog slugs are global; a user's own slugs only need to be unique for them.
    op.execute(
        "create unique index uq_exercises_catalog_slug on exercises (slug) where user_id is null"
    )
    op.execute(
        "create unique index uq_exercises_user_slug on exercises (user_id, slug) where user_id is not null"
    )
    op.execute("create index ix_exercises_user_id on exercises (user_id) where user_id is not null")
    op.execute("create index ix_exercises_primary_muscle on exercises (primary_muscle)")
    op.execute("create index ix_exercises_movement_pattern on exercises (movement_pattern)")
    op.execute("create index ix_exercises_load_type on exercises (load_type)")
    op.execute(f"""
        create table exercise_translations (
          exercise_id uuid not null constraint fk_exercise_translations_exercise_id_exercises
            references exercises (id) on delete cascade,
          locale text not null constraint ck_exercise_translations_locale check (locale {LOCALE}),
          name text not null constraint ck_exercise_translations_name check (char_length(name) between 1 and 160),
          constraint pk_exercise_translations primary key (exercise_id, locale)
        )""")
    op.execute("create index ix_exercise_translations_locale on exercise_translations (locale)")
    op.execute("""
        create table exercise_aliases (
          id bigint generated always as identity constraint pk_exercise_aliases primary key,
          exercise_id uuid not null constraint fk_exercise_aliases_exercise_id_exercises
            references exercises (id) on delete cascade,
          alias text not null constraint ck_exercise_aliases_alias check (char_length(alias) between 1 and 160),
          normalized text not null
        )""")
    op.execute(
        "create unique index uq_exercise_aliases_normalized on exercise_aliases (normalized)"
    )
    op.execute("create index ix_exercise_aliases_exercise_id on exercise_aliases (exercise_id)")
    op.execute("""
        create table exercise_default_grips (
          exercise_id uuid not null constraint fk_exercise_default_grips_exercise_id_exercises
            references exercises (id) on delete cascade,
          grip_id uuid not null constraint fk_exercise_default_grips_grip_id_grips references grips (id),
          constraint pk_exercise_default_grips primary key (exercise_id, grip_id)
        )""")
    op.execute("create index ix_exercise_default_grips_grip_id on exercise_default_grips (grip_id)")
    op.execute("""
        create table exercise_equipment_profiles (
          exercise_id uuid not null constraint fk_exercise_equipment_profiles_exercise_id_exercises
            references exercises (id) on delete cascade,
          equipment_id uuid not null constraint fk_exercise_equipment_profiles_equipment_id_equipment
            references equipment (id),
          user_id uuid constraint fk_exercise_equipment_profiles_user_id_users references auth.users (id) on delete cascade,
          position smallint not null default 0,
          constraint pk_exercise_equipment_profiles primary key (exercise_id, equipment_id)
        )""")
    op.execute(
        "create index ix_exercise_equipment_profiles_equipment_id on exercise_equipment_profiles (equipment_id)"
    )
    op.execute(
        "create index ix_exercise_equipment_profiles_user_id on exercise_equipment_profiles (user_id) "
        "where user_id is not null"
    )
    op.execute("""
        create table ai_exercises (
          exercise_id uuid constraint pk_ai_exercises primary key
            constraint fk_ai_exercises_exercise_id_exercises references exercises (id) on delete cascade,
          movement_pattern text not null constraint fk_ai_exercises_movement_pattern_movement_patterns
            references movement_patterns (slug),
          load_type text not null constraint fk_ai_exercises_load_type_load_types references load_types (slug),
          skill_level text not null constraint ck_ai_exercises_skill_level
            check (skill_level in ('beginner', 'intermediate', 'advanced')),
          contraindications text[] not null default '{}',
          rep_min smallint not null,
          rep_max smallint not null,
          plate_loaded boolean not null,
          constraint ck_ai_exercises_rep_range check (rep_min between 1 and 3600 and rep_max between rep_min and 3600)
        )""")


def _data_quality() -> None:
    op.execute("""
        create table data_quality_reports (
          id uuid constraint pk_data_quality_reports primary key default gen_random_uuid(),
          kind text not null,
          status text not null constraint ck_data_quality_reports_status check (status in ('pass', 'warn', 'fail')),
          error_count integer not null,
          warning_count integer not null,
          summary jsonb not null,
          findings jsonb not null,
          created_by uuid,
          created_at timestamptz not null default now()
        )""")
    op.execute(
        "create index ix_data_quality_reports_created_at on data_quality_reports (created_at)"
    )


def _policies() -> None:
    for table in REFERENCE_TABLES:
        enable_rls(table)
        reference_read_policy(table)
        op.execute(f"grant select on {table} to anon, authenticated")
        op.execute(f"grant insert, update, delete on {table} to app_admin")
        admin_policy(table, "all")

    enable_rls("exercises")
    op.execute("grant select on exercises to anon, authenticated")
    op.execute(
        "grant insert (id, user_id, name, slug, description, instructions, primary_muscle, secondary_muscles, "
        "difficulty, is_compound, movement_pattern, load_type, is_unilateral, tracking) on exercises to authenticated"
    )
    op.execute(
        "grant update (name, slug, description, instructions, primary_muscle, secondary_muscles, difficulty, "
        "is_compound, movement_pattern, load_type, is_unilateral, tracking, retired_at) on exercises to authenticated"
    )
    op.execute("grant delete on exercises to authenticated")
    op.execute("grant insert, update, delete on exercises to app_admin")
    # Two permissive policies rather than one OR: each stays simple enough for its index.
    op.execute(
        "create policy exercises_read_catalog on exercises for select to anon, authenticated using (user_id is null)"
    )
    op.execute(
        "create policy exercises_select_own on exercises for select to authenticated using (user_id = (select auth.uid()))"
    )
    op.execute(
        "create policy exercises_insert_own on exercises for insert to authenticated with check (user_id = (select auth.uid()))"
    )
    op.execute(
        "create policy exercises_update_own on exercises for update to authenticated "
        "using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()))"
    )
    op.execute(
        "create policy exercises_delete_own on exercises for delete to authenticated using (user_id = (select auth.uid()))"
    )
    admin_policy("exercises", "all")

    enable_rls("exercise_equipment_profiles")
    op.execute("grant select on exercise_equipment_profiles to anon, authenticated")
    op.execute("grant insert, delete on exercise_equipment_profiles to authenticated")
    op.execute("grant insert, update, delete on exercise_equipment_profiles to app_admin")
    op.execute(
        "create policy exercise_equipment_profiles_read_catalog on exercise_equipment_profiles "
        "for select to anon, authenticated using (user_id is null)"
    )
    op.execute(
        "create policy exercise_equipment_profiles_select_own on exercise_equipment_profiles "
        "for select to authenticated using (user_id = (select auth.uid()))"
    )
    op.execute(
        "create policy exercise_equipment_profiles_insert_own on exercise_equipment_profiles "
        "for insert to authenticated with check (user_id = (select auth.uid()))"
    )
    op.execute(
        "create policy exercise_equipment_profiles_delete_own on exercise_equipment_profiles "
        "for delete to authenticated using (user_id = (select auth.uid()))"
    )
    admin_policy("exercise_equipment_profiles", "all")

    enable_rls("data_quality_reports")
    op.execute("grant select, insert on data_quality_reports to app_admin")
    admin_policy("data_quality_reports", "select")
    admin_policy("data_quality_reports", "insert")


def upgrade() -> None:
    _vocabularies()
    _equipment()
    _exercises()
    _data_quality()
    _policies()


def downgrade() -> None:
    for table in (
        "data_quality_reports",
        "ai_exercises",
        "exercise_equipment_profiles",
        "exercise_default_grips",
        "exercise_aliases",
        "exercise_translations",
        "exercises",
        "equipment_handle_orientations",
        "equipment_grip_defaults",
        "equipment_profiles",
        "equipment_translations",
        "equipment",
        "bar_types",
        "text_translations",
        "grips",
        "load_types",
        "movement_patterns",
        "muscle_groups",
        "body_parts_translations",
        "body_parts",
    ):
        op.execute(f"drop table {table}")
    op.execute("drop type muscle_group")

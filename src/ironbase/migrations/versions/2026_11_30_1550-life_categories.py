"""Life categories: the areas a readiness check-in scores, named in the catalog languages.

Revision ID: 0012_life_categories
Revises: 0010_planned_sets
Create Date: 2026-11-30

A catalog vocabulary shaped like ``body_parts``: ``life_categories`` (slug, display order,
the score range) and ``life_category_translations`` (a name and a description per locale).
The shipped rows (sleep, fatigue, stress, soreness, mood) come from ``catalog/data`` through
the seed. ``hooper`` marks the four items whose sum is the Hooper index; mood is scored on
the same scale but kept out of that sum. Everyone reads them; only administrators (and the
seed, as ``service_role``) write, like the other vocabularies.
"""

from collections.abc import Sequence

from alembic import op

from ironbase.migrations.helpers import admin_checked_policy, enable_rls, reference_read_policy

revision: str = "0012_life_categories"
down_revision: str | None = "0010_planned_sets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLUG = "~ '^[a-z0-9][a-z0-9_-]*$'"
LOCALE = "~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'"
TABLES = ("life_categories", "life_category_translations")


def upgrade() -> None:
    op.execute(f"""
        create table life_categories (
          id uuid constraint pk_life_categories primary key,
          slug text not null constraint uq_life_categories_slug unique
            constraint ck_life_categories_slug check (slug {SLUG}),
          -- Display order; not unique, so that the seed can swap two in one statement.
          position smallint not null constraint ck_life_categories_position check (position between 0 and 1000),
          scale_min smallint not null,
          scale_max smallint not null,
          hooper boolean not null default false,
          constraint ck_life_categories_scale check (scale_min >= 0 and scale_max > scale_min and scale_max <= 100)
        )""")
    op.execute(f"""
        create table life_category_translations (
          life_category_id uuid not null
            constraint fk_life_category_translations_life_category_id_life_categories
            references life_categories (id) on delete cascade,
          locale text not null constraint ck_life_category_translations_locale check (locale {LOCALE}),
          name text not null constraint ck_life_category_translations_name check (char_length(name) between 1 and 120),
          description text
            constraint ck_life_category_translations_description check (char_length(description) between 1 and 500),
          constraint pk_life_category_translations primary key (life_category_id, locale)
        )""")
    for table in TABLES:
        enable_rls(table)
        reference_read_policy(table)
        op.execute(f"grant select on {table} to anon, authenticated")
        op.execute(f"grant insert, update, delete on {table} to app_admin")
        admin_checked_policy(table, "all")


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"drop table {table}")

"""Planned sets: ``workout_sets.planned`` marks a set a template start wrote as the plan.

Revision ID: 0010_planned_sets
Revises: 0008_flags_and_limits
Create Date: 2026-11-30

A started workout stores its sets before they are lifted. ``completed_at`` cannot tell
them apart from what was lifted (imported sets have no completion time either), so records,
statistics, the next start's last performance and the CSV export read ``not planned``.
Every stored set is one that was done: the column starts false for all of them (a constant
default, so the table is not rewritten).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_planned_sets"
down_revision: str | None = "0008_flags_and_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("alter table public.workout_sets add column planned boolean not null default false")


def downgrade() -> None:
    op.execute("alter table public.workout_sets drop column planned")

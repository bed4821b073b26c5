"""Templates list by name: an index for the keyset page of ``GET /v1/templates``.

Revision ID: 0007a_templates
Revises: 0006_user_scoped_keys
Create Date: 2026-11-30

A person's templates are listed by name (then id, for ties) after a signed cursor; the
index serves that order and the ``(name, id) > (...)`` step without a sort.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007a_templates"
down_revision: str | None = "0006_user_scoped_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "create index ix_workout_templates_name on public.workout_templates (user_id, name, id)"
    )


def downgrade() -> None:
    op.execute("drop index public.ix_workout_templates_name")

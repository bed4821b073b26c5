"""Primary keys of the earlier people's tables include ``user_id`` (Citus-ready keys).

Revision ID: 0006_user_scoped_keys
Revises: 0005b_training_changes
Create Date: 2026-11-30

Citus distributes a table by one column and can only enforce primary and unique keys that
contain it. ``user_gym_collars`` and ``gym_role_requests`` had ``primary key (id)``; they
now key on ``(user_id, id)``. Nothing references either by ``id`` alone. A gym admin
decides a request by its id without knowing the requester, so that lookup keeps an index
of its own. ``auth.refresh_tokens`` stays as it is: see tests/db/test_distribution_keys.py.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_user_scoped_keys"
down_revision: str | None = "0005b_training_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("user_gym_collars", "gym_role_requests")


def _primary_key(table: str, columns: str) -> None:
    op.execute(
        f"alter table public.{table} drop constraint pk_{table}, "
        f"add constraint pk_{table} primary key ({columns})"
    )


def upgrade() -> None:
    for table in TABLES:
        _primary_key(table, "user_id, id")
    op.execute("create index ix_gym_role_requests_id on public.gym_role_requests (id)")


def downgrade() -> None:
    op.execute("drop index public.ix_gym_role_requests_id")
    for table in TABLES:
        _primary_key(table, "id")

"""Periodic jobs: exports expire after a retention; challenge wins awarded as challenges end.

Revision ID: 0017_periodic_jobs
Revises: 0016_challenges_achievements
Create Date: 2026-11-30

- ``privacy_exports.status`` may be ``expired``: the worker's retention job drops a finished
  export's zip (``file`` nulled) once it is older than ``IRONBASE_EXPORT_RETENTION_HOURS``;
  the row stays, so its owner learns why the file is gone (410). A partial index on
  ``finished_at`` of the ``done`` rows is what the job reads, oldest first.
- ``challenges.wins_awarded_at``: when the worker evaluated the participants' achievements
  after the challenge ended (null: not yet). A partial index on ``ends_at`` of the rows still
  waiting is what the job reads; the job locks them ``for update skip locked``.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017_periodic_jobs"
down_revision: str | None = "0016_challenges_achievements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("alter table public.privacy_exports drop constraint ck_privacy_exports_status")
    op.execute(
        "alter table public.privacy_exports add constraint ck_privacy_exports_status "
        "check (status in ('queued', 'running', 'done', 'failed', 'expired'))"
    )
    op.execute(
        "create index ix_privacy_exports_done_finished_at on public.privacy_exports "
        "(finished_at) where status = 'done'"
    )
    op.execute("alter table public.challenges add column wins_awarded_at timestamptz")
    op.execute(
        "create index ix_challenges_wins_pending on public.challenges (ends_at) "
        "where wins_awarded_at is null"
    )


def downgrade() -> None:
    op.execute("drop index public.ix_challenges_wins_pending")
    op.execute("alter table public.challenges drop column wins_awarded_at")
    op.execute("drop index public.ix_privacy_exports_done_finished_at")
    # The older schema knows no expired export: such rows read as failed ones without a file.
    op.execute(
        "update public.privacy_exports set status = 'failed', error = 'expired' "
        "where status = 'expired'"
    )
    op.execute("alter table public.privacy_exports drop constraint ck_privacy_exports_status")
    op.execute(
        "alter table public.privacy_exports add constraint ck_privacy_exports_status "
        "check (status in ('queued', 'running', 'done', 'failed'))"
    )

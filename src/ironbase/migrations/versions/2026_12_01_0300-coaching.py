"""Coaching: mentor profiles, coach-client links with scopes, coach access through RLS.

Revision ID: 0019_coaching
Revises: 0018_programs
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "0019_coaching"
down_revision: str | None = "0018_programs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""Ambassadors: profiles (applied, approved), referral codes and the people they brought.

Revision ID: 0020_ambassadors
Revises: 0019_coaching
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "0020_ambassadors"
down_revision: str | None = "0019_coaching"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

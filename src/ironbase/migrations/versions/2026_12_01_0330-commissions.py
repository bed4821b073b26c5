"""Commissions: gym deals, commission agreements and the append-only accrual ledger.

Revision ID: 0022_commissions
Revises: 0021_battles
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "0022_commissions"
down_revision: str | None = "0021_battles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

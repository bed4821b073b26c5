"""Battles: an ambassador's competitions, their invitations, participants and scores.

Revision ID: 0021_battles
Revises: 0020_ambassadors
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "0021_battles"
down_revision: str | None = "0020_ambassadors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

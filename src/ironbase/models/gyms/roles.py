"""Who runs a gym (admins and staff) and requests to become one."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt
from ironbase.models.checks import length_between

GYM_ROLE = "in ('admin', 'staff')"


class GymAdmin(CreatedAt, Base):
    """Who runs a gym: ``admin`` (everything) or ``staff`` (its equipment)."""

    __tablename__ = "gym_admins"
    __table_args__ = (
        CheckConstraint(f"role {GYM_ROLE}", name="role"),
        Index("ix_gym_admins_user_id", "user_id"),
    )

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(Text)


class GymRoleRequest(CreatedAt, Base):
    """Someone asking to become admin or staff of a gym, and the decision."""

    __tablename__ = "gym_role_requests"
    __table_args__ = (
        CheckConstraint(f"requested_role {GYM_ROLE}", name="requested_role"),
        CheckConstraint("status in ('pending', 'approved', 'rejected')", name="status"),
        length_between("note", 1, 500, "note_length"),
        length_between("decision_note", 1, 500, "decision_note_length"),
        CheckConstraint(
            "(status = 'pending') = (decided_at is null)", name="decided_when_not_pending"
        ),
        Index(
            "uq_gym_role_requests_pending",
            "gym_id",
            "user_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_gym_role_requests_gym_id", "gym_id", "created_at", "id"),
        Index("ix_gym_role_requests_user_id", "user_id"),
        Index("ix_gym_role_requests_decided_by", "decided_by"),
        # Admins decide a request by its id alone: the key starts with user_id.
        Index("ix_gym_role_requests_id", "id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )

    gym_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gyms.id", ondelete="CASCADE"))
    requested_role: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=text("'pending'"))
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)

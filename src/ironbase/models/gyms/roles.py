"""Who runs a gym (admins and staff) and requests to become one."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, UUIDPrimaryKey


class GymAdmin(CreatedAt, Base):
    """Who runs a gym: ``admin`` (everything) or ``staff`` (its equipment)."""

    __tablename__ = "gym_admins"
    __table_args__ = (Index("ix_gym_admins_user_id", "user_id"),)

    gym_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gyms.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(Text)


class GymRoleRequest(UUIDPrimaryKey, CreatedAt, Base):
    """Someone asking to become admin or staff of a gym, and the decision."""

    __tablename__ = "gym_role_requests"
    __table_args__ = (
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
    )

    gym_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gyms.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("auth.users.id", ondelete="CASCADE"))
    requested_role: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default=text("'pending'"))
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)

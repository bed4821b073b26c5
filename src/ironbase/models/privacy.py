"""Privacy: data exports and the erasure steps (written from the registry by setup)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base


class PrivacyExport(Base):
    __tablename__ = "privacy_exports"
    __table_args__ = (
        CheckConstraint(
            "status in ('queued', 'running', 'done', 'failed', 'expired')", name="status"
        ),
        CheckConstraint("progress between 0 and 100", name="progress"),
        CheckConstraint("file_bytes >= 0", name="file_bytes"),
        CheckConstraint("char_length(error) <= 500", name="error"),
        Index(
            "uq_privacy_exports_active",
            "user_id",
            unique=True,
            postgresql_where=text("status in ('queued', 'running')"),
        ),
        Index("ix_privacy_exports_id", "id"),
        # The retention job: finished exports, oldest first.
        Index(
            "ix_privacy_exports_done_finished_at",
            "finished_at",
            postgresql_where=text("status = 'done'"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=func.gen_random_uuid()
    )
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="queued")
    progress: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default="0")
    file: Mapped[bytes | None] = mapped_column(LargeBinary)
    file_bytes: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class PrivacyErasureStep(Base):
    __tablename__ = "privacy_erasure_steps"
    __table_args__ = (
        CheckConstraint(
            "action in ('set_null', 'pseudonym', 'remove_from_array', 'delete_mentioning_rows', "
            "'replace_mentions', 'delete_rows', 'pseudonymise', 'delete')",
            name="action",
        ),
    )

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    table_name: Mapped[str] = mapped_column(Text, nullable=False)
    column_name: Mapped[str] = mapped_column(Text, nullable=False)
    column_type: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)

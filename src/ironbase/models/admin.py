"""Administrative tables: the append-only audit log and the rate-limit counters."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import INET, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base


class AdminAuditLog(Base):
    __tablename__ = "admin_audit_log"
    __table_args__ = (
        Index("ix_admin_audit_log_at", "at"),
        Index("ix_admin_audit_log_actor_id", "actor_id"),
        Index("ix_admin_audit_log_target", "target_table", "target_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    # No foreign key: the trail must outlive the people and rows it describes.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    action: Mapped[str] = mapped_column(Text, nullable=False)
    target_table: Mapped[str] = mapped_column(Text, nullable=False)
    target_id: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    request_id: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(INET)
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    # Written by the database (trigger chain_audit_entry), whatever the inserter sends: the
    # entry's place in the chain and SHA-256 over the previous hash and this entry's content.
    chain_seq: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class RateLimitWindow(Base):
    """A fixed-window counter: one row per key and window start."""

    __tablename__ = "admin_check_rate_limit"
    __table_args__ = (
        CheckConstraint("count > 0", name="count_positive"),
        Index("ix_admin_check_rate_limit_window_start", "window_start"),
    )

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)

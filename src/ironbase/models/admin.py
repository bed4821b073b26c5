"""Administrative tables: the append-only audit log, the rate-limit counters, the
administrators' notifications and the daily activity counts behind the overview."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import INET, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base
from ironbase.models.checks import length_between


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
    # Since 0013 the chain hashes a seal of the personal columns (actor, target, snapshots,
    # address) made with this random salt; erasure rewrites those columns and drops the salt.
    seal_salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    seal: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


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


NOTIFICATION_KINDS = (
    "data_quality_errors",
    "gym_role_request",
    "flagged_post",
    "ambassador_application",
    "repeated_failed_logins",
    "backup_failed",
)
SEVERITIES = ("info", "warning", "error", "critical")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} in ({', '.join(repr(v) for v in values)})"


class AdminNotification(Base):
    """Something operators must see; written by ``public.notify_admins`` only."""

    __tablename__ = "admin_notifications"
    __table_args__ = (
        CheckConstraint(_one_of("kind", NOTIFICATION_KINDS), name="kind"),
        CheckConstraint(_one_of("severity", SEVERITIES), name="severity"),
        length_between("text_key", 1, 200),
        CheckConstraint(
            "jsonb_typeof(params) = 'object' and octet_length(params::text) <= 4000",
            name="params",
        ),
        length_between("subject_table", 1, 63),
        length_between("subject_id", 1, 200),
        length_between("dedupe_key", 1, 300),
        CheckConstraint("occurrences > 0", name="occurrences"),
        CheckConstraint("resolved_at is null or read_at is not null", name="resolved_is_read"),
        Index("ix_admin_notifications_created_at", "created_at", "id"),
        Index("ix_admin_notifications_kind", "kind", "created_at", "id"),
        Index(
            "ix_admin_notifications_unread",
            "created_at",
            "id",
            postgresql_where=text("read_at is null"),
        ),
        Index(
            "ix_admin_notifications_open",
            "created_at",
            "id",
            postgresql_where=text("resolved_at is null"),
        ),
        Index(
            "uq_admin_notifications_open_dedupe",
            "kind",
            "dedupe_key",
            unique=True,
            postgresql_where=text("resolved_at is null"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    kind: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text)
    text_key: Mapped[str] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    subject_table: Mapped[str | None] = mapped_column(Text)
    subject_id: Mapped[str | None] = mapped_column(Text)
    dedupe_key: Mapped[str] = mapped_column(Text)
    occurrences: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_occurred_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # No foreign keys: who handled a notification stays on record after their account goes.
    read_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class DailyActivityCount(Base):
    """Rows that exist, by the UTC day they were created, in one of 16 shards per day
    (maintained by statement-level triggers on users, workouts and workout_sets)."""

    __tablename__ = "daily_activity_counts"
    __table_args__ = (CheckConstraint("shard between 0 and 63", name="shard"),)

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    users: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    pro_users: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    workouts: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    sets: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))

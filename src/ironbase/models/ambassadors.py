"""Ambassadors (migration 0020_ambassadors): the profile a person applies with and an
administrator decides, and the people who signed up with an ambassador's referral code.

Other ambassador tables (battles, gym deals, commissions) point at a profile by its
``user_id``: the ambassador's id is their user id everywhere.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.models.checks import length_between


class AmbassadorStatus(enum.StrEnum):
    applied = "applied"
    approved = "approved"
    rejected = "rejected"
    suspended = "suspended"


#: Codes people type: upper-case letters and digits without 0, 1, I, O (misread ones).
REFERRAL_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERRAL_CODE_LENGTH = 8
REFERRAL_CODE_PATTERN = "^[A-HJ-NP-Z2-9]{8}$"
#: ISO 3166-1 alpha-2, optionally with an ISO 3166-2 subdivision: ``DE``, ``US-CA``.
REGION_PATTERN = "^[A-Z]{2}(-[A-Z0-9]{1,3})?$"


class _AmbassadorKey:
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


class AmbassadorProfile(_AmbassadorKey, Timestamps, Base):
    __tablename__ = "ambassador_profiles"
    __table_args__ = (
        UniqueConstraint("user_id", name="uq_ambassador_profiles_user_id"),
        UniqueConstraint("referral_code", name="uq_ambassador_profiles_referral_code"),
        CheckConstraint(
            "status in ('applied', 'approved', 'rejected', 'suspended')", name="status"
        ),
        CheckConstraint(f"referral_code ~ '{REFERRAL_CODE_PATTERN}'", name="referral_code"),
        CheckConstraint(f"region ~ '{REGION_PATTERN}'", name="region"),
        length_between("pitch", 1, 2000),
        length_between("decision_note", 1, 500),
        CheckConstraint("(status = 'applied') = (decided_at is null)", name="decided"),
        CheckConstraint(
            "(referral_code is not null) = (status in ('approved', 'suspended'))",
            name="code_when_approved",
        ),
        Index("ix_ambassador_profiles_status", "status", "created_at", "user_id"),
        Index(
            "ix_ambassador_profiles_gym_id", "gym_id", postgresql_where=text("gym_id is not null")
        ),
        Index(
            "ix_ambassador_profiles_decided_by",
            "decided_by",
            postgresql_where=text("decided_by is not null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(Text, server_default=text("'applied'"))
    referral_code: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str] = mapped_column(Text)
    gym_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("gyms.id", ondelete="SET NULL"))
    pitch: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)


class AmbassadorReferral(_AmbassadorKey, CreatedAt, Base):
    """One person an ambassador brought (``user_id`` is the ambassador's)."""

    __tablename__ = "ambassador_referrals"
    __table_args__ = (
        Index(
            "uq_ambassador_referrals_referred_user_id",
            "referred_user_id",
            unique=True,
            postgresql_where=text("referred_user_id is not null"),
        ),
        Index(
            "ix_ambassador_referrals_created_at",
            "user_id",
            text("created_at desc"),
            text("id desc"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ambassador_profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    referred_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )

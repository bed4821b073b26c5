"""Commissions (migration 0022_commissions): an ambassador's commission agreements, the
deals they make with gyms and the append-only ledger of accruals.

Money is ``numeric`` with an ISO 4217 currency, never a float (docs/ambassadors.md).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Numeric,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ironbase.db.base import Base, CreatedAt, Timestamps
from ironbase.models.checks import length_between

#: ISO 4217 alphabetic code.
CURRENCY_PATTERN = "^[A-Z]{3}$"
#: An event id billing sends: letters, digits and ``._:-``.
EVENT_ID_PATTERN = "^[A-Za-z0-9._:-]{1,200}$"
QUALIFYING_EVENTS = ("pro_started", "pro_renewed")


class _Key:
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )


def _terms_checks() -> tuple[CheckConstraint, ...]:
    """The terms' checks, shared by agreements and deals (the naming convention prefixes
    each with its table)."""
    return (
        CheckConstraint("event_kind in ('pro_started', 'pro_renewed')", name="event_kind"),
        CheckConstraint("kind in ('rate', 'fixed')", name="kind"),
        CheckConstraint("rate > 0 and rate <= 1", name="rate"),
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint(f"currency ~ '{CURRENCY_PATTERN}'", name="currency"),
        CheckConstraint("(kind = 'rate') = (rate is not null)", name="rate_terms"),
        CheckConstraint(
            "(kind = 'fixed') = (amount is not null) and (kind = 'fixed') = (currency is not null)",
            name="fixed_terms",
        ),
        CheckConstraint("valid_until is null or valid_until >= valid_from", name="validity"),
    )


class _Terms:
    event_kind: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    rate: Mapped[Decimal | None] = mapped_column(Numeric(7, 6))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    currency: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    valid_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)


class CommissionAgreement(_Key, _Terms, CreatedAt, Base):
    """An ambassador's terms per event kind, set by administrators."""

    __tablename__ = "ambassador_commission_agreements"
    __table_args__ = (
        *_terms_checks(),
        CheckConstraint("status in ('active', 'revoked')", name="status"),
        CheckConstraint("(status = 'revoked') = (revoked_at is not null)", name="revoked"),
        length_between("note", 1, 500),
        Index(
            "ix_ambassador_commission_agreements_created_at",
            "user_id",
            text("created_at desc"),
            text("id desc"),
        ),
        Index("ix_ambassador_commission_agreements_terms", "user_id", "event_kind", "valid_from"),
        Index(
            "ix_ambassador_commission_agreements_created_by",
            "created_by",
            postgresql_where=text("created_by is not null"),
        ),
        Index(
            "ix_ambassador_commission_agreements_revoked_by",
            "revoked_by",
            postgresql_where=text("revoked_by is not null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ambassador_profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(Text, server_default=text("'active'"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    revoked_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class GymDeal(_Key, _Terms, Timestamps, Base):
    """Terms an ambassador proposes to a gym; the gym's admins accept or decline them."""

    __tablename__ = "ambassador_gym_deals"
    __table_args__ = (
        *_terms_checks(),
        CheckConstraint(
            "status in ('proposed', 'accepted', 'declined', 'withdrawn', 'ended')", name="status"
        ),
        CheckConstraint(
            "(decided_at is not null) = (status in ('accepted', 'declined', 'ended'))",
            name="decided",
        ),
        CheckConstraint(
            "(ended_at is not null) = (status in ('withdrawn', 'ended'))", name="ended"
        ),
        length_between("note", 1, 500),
        Index(
            "ix_ambassador_gym_deals_created_at",
            "user_id",
            text("created_at desc"),
            text("id desc"),
        ),
        Index("ix_ambassador_gym_deals_gym_id", "gym_id", text("created_at desc"), text("id desc")),
        Index(
            "ix_ambassador_gym_deals_terms",
            "user_id",
            "event_kind",
            "valid_from",
            postgresql_where=text("status in ('accepted', 'ended')"),
        ),
        Index(
            "ix_ambassador_gym_deals_decided_by",
            "decided_by",
            postgresql_where=text("decided_by is not null"),
        ),
        Index(
            "ix_ambassador_gym_deals_ended_by",
            "ended_by",
            postgresql_where=text("ended_by is not null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ambassador_profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    gym_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gyms.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(Text, server_default=text("'proposed'"))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CommissionAccrual(_Key, Base):
    """One entry of the ledger: never updated, never deleted (but by erasure)."""

    __tablename__ = "ambassador_commission_accruals"
    __table_args__ = (
        UniqueConstraint("user_id", "event_id", name="uq_ambassador_commission_accruals_user_id"),
        ForeignKeyConstraint(
            ["user_id", "agreement_id"],
            ["ambassador_commission_agreements.user_id", "ambassador_commission_agreements.id"],
            name="fk_ambassador_commission_accruals_agreement",
        ),
        ForeignKeyConstraint(
            ["user_id", "deal_id"],
            ["ambassador_gym_deals.user_id", "ambassador_gym_deals.id"],
            name="fk_ambassador_commission_accruals_deal",
        ),
        ForeignKeyConstraint(
            ["user_id", "reverses_id"],
            ["ambassador_commission_accruals.user_id", "ambassador_commission_accruals.id"],
            name="fk_ambassador_commission_accruals_reverses",
        ),
        CheckConstraint(f"event_id ~ '{EVENT_ID_PATTERN}'", name="event_id"),
        CheckConstraint(
            "event_kind in ('pro_started', 'pro_renewed', 'refund')", name="event_kind"
        ),
        CheckConstraint(f"currency ~ '{CURRENCY_PATTERN}'", name="currency"),
        CheckConstraint(f"event_currency ~ '{CURRENCY_PATTERN}'", name="event_currency"),
        CheckConstraint("event_amount >= 0", name="event_amount"),
        CheckConstraint("num_nonnulls(agreement_id, deal_id) = 1", name="priced_by"),
        CheckConstraint("(reverses_id is null) = (amount > 0)", name="sign"),
        CheckConstraint("(event_kind = 'refund') = (reverses_id is not null)", name="refund"),
        Index("ix_ambassador_commission_accruals_recorded_at", "user_id", "recorded_at", "id"),
        Index(
            "uq_ambassador_commission_accruals_reverses_id",
            "user_id",
            "reverses_id",
            unique=True,
            postgresql_where=text("reverses_id is not null"),
        ),
        Index(
            "ix_ambassador_commission_accruals_referred_user_id",
            "referred_user_id",
            postgresql_where=text("referred_user_id is not null"),
        ),
        Index(
            "ix_ambassador_commission_accruals_agreement_id",
            "user_id",
            "agreement_id",
            postgresql_where=text("agreement_id is not null"),
        ),
        Index(
            "ix_ambassador_commission_accruals_deal_id",
            "user_id",
            "deal_id",
            postgresql_where=text("deal_id is not null"),
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ambassador_profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(Text)
    event_kind: Mapped[str] = mapped_column(Text)
    referred_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    currency: Mapped[str] = mapped_column(Text)
    event_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    event_currency: Mapped[str | None] = mapped_column(Text)
    agreement_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    deal_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

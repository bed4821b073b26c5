"""Bodies of commission agreements, qualifying events, the ledger and statements.

Amounts go out as strings (exact decimals); they come in as strings or numbers, bounded to
what ``numeric(14, 4)`` holds, at most 4 decimals.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal, Self, TypeAlias

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

QualifyingEvent: TypeAlias = Literal["pro_started", "pro_renewed"]
EventKind: TypeAlias = Literal["pro_started", "pro_renewed", "refund"]
TermsKind: TypeAlias = Literal["rate", "fixed"]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]
EventId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,200}$")]
Rate = Annotated[Decimal, Field(gt=0, le=1, max_digits=7, decimal_places=6)]
Amount = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=4)]
EventAmount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]
Note = Annotated[str, Field(min_length=1, max_length=500)]
MoneyText = Annotated[str, Field(description="an exact decimal amount, as a string")]


class TermsIn(BaseModel):
    """Terms: ``rate`` (a share of the event's amount) or ``fixed`` (``amount`` and
    ``currency`` per event), for one event kind, valid over ``[valid_from, valid_until)``."""

    model_config = ConfigDict(extra="forbid")

    event_kind: QualifyingEvent
    kind: TermsKind
    rate: Rate | None = None
    amount: Amount | None = None
    currency: Currency | None = None
    valid_from: AwareDatetime
    valid_until: AwareDatetime | None = None
    note: Note | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.kind == "rate") != (self.rate is not None):
            raise ValueError("rate is given exactly for kind 'rate'")
        fixed = self.kind == "fixed"
        if fixed != (self.amount is not None) or fixed != (self.currency is not None):
            raise ValueError("amount and currency are given exactly for kind 'fixed'")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if self.note is not None and not self.note.strip():
            raise ValueError("note is blank")
        return self


class AgreementCreate(TermsIn):
    pass


class Agreement(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    event_kind: QualifyingEvent
    kind: TermsKind
    rate: MoneyText | None
    amount: MoneyText | None
    currency: str | None
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    status: Literal["active", "revoked"]
    note: str | None
    created_by: uuid.UUID | None
    revoked_by: uuid.UUID | None
    revoked_at: dt.datetime | None
    created_at: dt.datetime


class CommissionEvent(BaseModel):
    """A qualifying event from billing (or a refund reversing one), idempotent by
    ``event_id``."""

    model_config = ConfigDict(extra="forbid")

    event_id: EventId
    user_id: uuid.UUID
    kind: EventKind
    amount: EventAmount | None = None
    currency: Currency | None = None
    occurred_at: AwareDatetime
    reverses_event_id: EventId | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.amount is None) != (self.currency is None):
            raise ValueError("amount and currency come together")
        if (self.kind == "refund") != (self.reverses_event_id is not None):
            raise ValueError("reverses_event_id is given exactly for a refund")
        if self.reverses_event_id == self.event_id:
            raise ValueError("an event cannot reverse itself")
        return self


class Accrual(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    event_id: str
    event_kind: EventKind
    referred_user_id: uuid.UUID | None
    amount: MoneyText
    currency: str
    event_amount: MoneyText | None
    event_currency: str | None
    agreement_id: uuid.UUID | None
    deal_id: uuid.UUID | None
    reverses_id: uuid.UUID | None
    occurred_at: dt.datetime
    recorded_at: dt.datetime


class EventOutcome(BaseModel):
    """What recording an event did: ``qualifying`` false with a ``reason``
    (``no-referral``, ``ambassador-not-approved``, ``no-terms``, ``no-amount``,
    ``zero-amount``) stores nothing; ``duplicate`` answers the accrual stored before."""

    event_id: str
    qualifying: bool
    reason: str | None
    duplicate: bool
    accrual: Accrual | None


class StatementLine(BaseModel):
    """One currency of a statement: closing = opening + accrued + reversed (negative)."""

    currency: str
    opening_balance: MoneyText
    accrued: MoneyText
    reversed: MoneyText
    closing_balance: MoneyText
    accruals: int
    reversals: int


class Statement(BaseModel):
    ambassador_id: uuid.UUID
    period_from: dt.datetime | None
    period_to: dt.datetime | None
    lines: list[StatementLine]

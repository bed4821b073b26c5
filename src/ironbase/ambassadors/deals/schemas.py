"""Bodies of gym deals: a proposal (terms as an agreement's) and the deal as stored."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal, TypeAlias

from pydantic import BaseModel

from ironbase.ambassadors.commissions.schemas import (
    MoneyText,
    QualifyingEvent,
    TermsIn,
    TermsKind,
)

DealStatus: TypeAlias = Literal["proposed", "accepted", "declined", "withdrawn", "ended"]


class GymDealCreate(TermsIn):
    gym_id: uuid.UUID


class GymDeal(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    gym_id: uuid.UUID
    event_kind: QualifyingEvent
    kind: TermsKind
    rate: MoneyText | None
    amount: MoneyText | None
    currency: str | None
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    status: DealStatus
    note: str | None
    decided_by: uuid.UUID | None
    decided_at: dt.datetime | None
    ended_by: uuid.UUID | None
    ended_at: dt.datetime | None
    created_at: dt.datetime

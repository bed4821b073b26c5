"""Bodies of the ambassador API: the application, the profile, referrals, decisions."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ironbase.models.ambassadors import AmbassadorStatus

Region = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$", strip_whitespace=True),
    Field(description="ISO 3166-1 alpha-2, optionally with a subdivision: `DE`, `US-CA`."),
]
#: What people type: case does not matter, ambiguous letters (0, 1, I, O) never occur.
ReferralCode = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-HJ-NP-Za-hj-np-z2-9]{8}$", strip_whitespace=True, to_upper=True
    ),
]


class AmbassadorApplication(BaseModel):
    """Apply, edit the application or profile, or apply again after a rejection."""

    model_config = ConfigDict(extra="forbid")

    pitch: str = Field(min_length=1, max_length=2000)
    region: Region
    gym_id: uuid.UUID | None = None


class Ambassador(BaseModel):
    user_id: uuid.UUID
    id: uuid.UUID
    status: AmbassadorStatus
    referral_code: str | None = Field(description="Issued on approval; null before.")
    region: str
    gym_id: uuid.UUID | None
    pitch: str
    decided_at: dt.datetime | None
    decision_note: str | None
    referrals: int = Field(description="People who signed up with the code.")
    created_at: dt.datetime
    updated_at: dt.datetime


class AdminAmbassador(Ambassador):
    decided_by: uuid.UUID | None


class Referral(BaseModel):
    id: uuid.UUID
    referred_user_id: uuid.UUID | None = Field(description="Null once that person is erased.")
    created_at: dt.datetime


class Decision(enum.StrEnum):
    approve = "approve"
    reject = "reject"
    suspend = "suspend"


class AmbassadorDecision(BaseModel):
    """``approve`` an application (a code is issued) or a suspended profile (its code
    works again); ``reject`` an application; ``suspend`` an approved profile."""

    model_config = ConfigDict(extra="forbid")

    decision: Decision
    note: str | None = Field(default=None, min_length=1, max_length=500)

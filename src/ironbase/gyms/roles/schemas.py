"""Bodies of gym role requests: asking to run a gym, and the decision."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ironbase.gyms.schemas import GymRole
from ironbase.kit.schemas import strip_non_blank

RequestStatus: TypeAlias = Literal["pending", "approved", "rejected"]
Note = Annotated[str, Field(min_length=1, max_length=500)]


class RoleRequest(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    gym_id: uuid.UUID
    user_id: uuid.UUID
    requested_role: GymRole
    status: RequestStatus
    note: str | None
    decided_by: uuid.UUID | None
    decided_at: dt.datetime | None
    decision_note: str | None
    created_at: dt.datetime


class RoleRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: GymRole
    note: Note | None = None

    @field_validator("note")
    @classmethod
    def _no_blank(cls, value: str | None) -> str | None:
        return strip_non_blank(value)


class RoleDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Note | None = None

    @field_validator("note")
    @classmethod
    def _no_blank(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

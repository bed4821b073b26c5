"""Coach-client links."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scope = Literal["training:read", "readiness:read", "programs:write", "comments:write"]
Side = Literal["client", "coach"]
LinkStatus = Literal["pending", "active", "expired", "ended"]


class LinkCreate(BaseModel):
    """Exactly one of ``coach_id`` (you invite a coach, with your scopes: the coach accepts)
    and ``client_id`` (you, a coach, ask a client: they choose the scopes on accepting)."""

    model_config = ConfigDict(extra="forbid")

    coach_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None
    scopes: list[Scope] = Field(default_factory=list, max_length=4)
    expires_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _one_of(self) -> LinkCreate:
        if (self.coach_id is None) == (self.client_id is None):
            raise ValueError("send exactly one of coach_id and client_id")
        return self


class LinkAccept(BaseModel):
    """The client's choice when accepting a coach's request (nothing when a coach accepts)."""

    model_config = ConfigDict(extra="forbid")

    scopes: list[Scope] | None = Field(default=None, max_length=4)
    expires_at: dt.datetime | None = None


class LinkUpdate(BaseModel):
    """The client changes what the coach may do, or until when (null: no expiry)."""

    model_config = ConfigDict(extra="forbid")

    scopes: list[Scope] | None = Field(default=None, max_length=4)
    expires_at: dt.datetime | None = None


class LinkEvent(BaseModel):
    kind: Literal["created", "accepted", "scopes_changed", "ended"]
    actor: Literal["client", "coach", "system"]
    scopes: list[Scope]
    expires_at: dt.datetime | None
    at: dt.datetime


class Link(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    coach_id: uuid.UUID
    #: which side of the link the caller is
    role: Side
    scopes: list[Scope]
    #: ``expired``: pending or active, and ``expires_at`` has passed
    status: LinkStatus
    requested_by: Side
    ended_by: Side | None
    expires_at: dt.datetime | None
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    ended_at: dt.datetime | None
    history: list[LinkEvent]

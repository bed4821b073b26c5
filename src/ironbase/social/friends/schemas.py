"""Friend requests and friends."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ironbase.social.schemas import Author

Direction = Literal["incoming", "outgoing"]


class FriendRequestCreate(BaseModel):
    """Exactly one of ``user_id`` and ``email`` (the exact address of an account)."""

    model_config = ConfigDict(extra="forbid")

    user_id: uuid.UUID | None = None
    email: str | None = Field(default=None, min_length=3, max_length=320)

    @model_validator(mode="after")
    def _one_of(self) -> FriendRequestCreate:
        if (self.user_id is None) == (self.email is None):
            raise ValueError("send exactly one of user_id and email")
        return self


class FriendRequest(BaseModel):
    id: uuid.UUID
    direction: Direction
    status: Literal["pending", "accepted"]
    user: Author
    created_at: dt.datetime


class FriendRequestListed(BaseModel):
    id: uuid.UUID
    direction: Direction
    user: Author
    created_at: dt.datetime


class EmailRequestReceived(BaseModel):
    """The same answer whatever the address: whether it has an account is never told."""

    status: Literal["received"]
    detail: str


class Friend(BaseModel):
    user: Author
    since: dt.datetime

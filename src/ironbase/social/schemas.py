"""Profile cards, the card's settings, blocks."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ironbase.models.social import PublicStat

Relation = Literal["self", "friends", "request_sent", "request_received", "none"]


class CardStats(BaseModel):
    """Only the counts the person chose to show are present."""

    friend_count: int | None = None
    public_post_count: int | None = None


class Card(BaseModel):
    """What anyone signed in may see of a person (nobody across a block)."""

    id: uuid.UUID
    display_name: str | None
    avatar_url: str | None
    stats: CardStats
    relation: Relation


class Author(BaseModel):
    id: uuid.UUID
    display_name: str | None
    avatar_url: str | None


class CardSettings(BaseModel):
    id: uuid.UUID
    display_name: str | None = Field(description="Your display name (PATCH /v1/me changes it).")
    avatar_url: str | None
    public_stats: list[PublicStat]
    updated_at: dt.datetime


class CardSettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    avatar_url: str | None = Field(
        default=None, min_length=9, max_length=500, pattern=r"^https://\S+$"
    )
    public_stats: list[PublicStat] | None = Field(default=None, max_length=10)

    @field_validator("public_stats")
    @classmethod
    def _distinct(cls, value: list[PublicStat] | None) -> list[PublicStat] | None:
        return None if value is None else sorted(set(value))

    def changes(self) -> dict[str, object]:
        sent = {name: getattr(self, name) for name in self.model_fields_set}
        if "public_stats" in sent:
            sent["public_stats"] = [str(s) for s in sent["public_stats"] or []]
        return sent


class Block(BaseModel):
    user_id: uuid.UUID
    created_at: dt.datetime

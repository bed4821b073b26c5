"""Mentor profiles."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_ITEMS = 10
#: BCP-47-ish short codes: a language and an optional region or script ("en", "pt-BR").
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$"

Specialty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN, max_length=8)]


class MentorProfileIn(BaseModel):
    """The whole profile (PUT replaces it)."""

    model_config = ConfigDict(extra="forbid")

    bio: str = Field(default="", max_length=2000)
    specialties: list[Specialty] = Field(default_factory=list, max_length=MAX_ITEMS)
    languages: list[Language] = Field(default_factory=list, max_length=MAX_ITEMS)
    price_text: str | None = Field(default=None, min_length=1, max_length=200)
    accepting_clients: bool = True


class MentorProfile(BaseModel):
    user_id: uuid.UUID
    bio: str
    specialties: list[str]
    languages: list[str]
    price_text: str | None
    accepting_clients: bool
    created_at: dt.datetime
    updated_at: dt.datetime

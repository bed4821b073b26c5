"""A coach's clients, assignments and notes; the client's coach log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ironbase.coaching.links.schemas import Scope


class Client(BaseModel):
    client_id: uuid.UUID
    link_id: uuid.UUID
    display_name: str | None
    scopes: list[Scope]
    expires_at: dt.datetime | None
    accepted_at: dt.datetime | None
    created_at: dt.datetime


class ProgramAssign(BaseModel):
    """One of your own programs, as the client's draft (without your loads)."""

    model_config = ConfigDict(extra="forbid")

    program_id: uuid.UUID
    title: str | None = Field(default=None, min_length=1, max_length=200)


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=2000)


class Note(BaseModel):
    id: uuid.UUID
    coach_id: uuid.UUID
    client_id: uuid.UUID
    workout_id: uuid.UUID
    body: str
    created_at: dt.datetime


class CoachLogEntry(BaseModel):
    id: uuid.UUID
    kind: Literal["generate", "propose", "adapt", "start", "assign", "note"]
    #: ``self``: you; ``coach``: a coach of yours; null: an account since erased
    actor: Literal["self", "coach"] | None
    actor_id: uuid.UUID | None
    program_id: uuid.UUID | None
    workout_id: uuid.UUID | None
    generator_version: str
    request: dict[str, Any]
    outcome: str
    detail: dict[str, Any]
    created_at: dt.datetime

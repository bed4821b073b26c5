"""A coach's clients, assignments and notes; the client's coach log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ironbase.coaching.links.schemas import Scope
from ironbase.fitness.profile.vocabulary import TrainingGoal


class Client(BaseModel):
    client_id: uuid.UUID
    link_id: uuid.UUID
    display_name: str | None
    scopes: list[Scope]
    expires_at: dt.datetime | None
    accepted_at: dt.datetime | None
    created_at: dt.datetime


class ProgramAssign(BaseModel):
    """Exactly one of ``program_id`` (one of your programs) and ``template_id`` (one of
    your templates: one session a week on ``weekday`` for ``weeks`` weeks, toward
    ``goal``), as the client's draft program, without your loads."""

    model_config = ConfigDict(extra="forbid")

    program_id: uuid.UUID | None = None
    template_id: uuid.UUID | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    weeks: int | None = Field(default=None, ge=4, le=16)
    weekday: int | None = Field(default=None, ge=1, le=7)
    goal: TrainingGoal | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ProgramAssign:
        if (self.program_id is None) == (self.template_id is None):
            raise ValueError("send exactly one of program_id and template_id")
        if self.program_id is not None and (
            self.weeks is not None or self.weekday is not None or self.goal is not None
        ):
            raise ValueError("weeks, weekday and goal are for a template")
        return self


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

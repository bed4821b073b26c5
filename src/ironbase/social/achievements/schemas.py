"""What ``GET /v1/achievements`` writes."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field


class Achievement(BaseModel):
    slug: str
    kind: str
    name: str
    threshold: float = Field(
        description="Sessions, weeks, days, kg (tonnage, loads), records, wins, or a "
        "body-weight ratio."
    )
    exercise_id: uuid.UUID | None
    earned_at: dt.datetime | None = Field(description="When you earned it; null if not yet.")
    workout_id: uuid.UUID | None = Field(description="The workout that earned it.")
    set_id: uuid.UUID | None = Field(description="The set that earned it.")
    evaluated: bool = Field(description="False while the data it needs does not exist.")
    current: float | None = Field(description="Where you stand in its measure.")
    progress: float | None = Field(description="current / threshold, at most 1.")
    next: bool = Field(description="The next one to earn of its kind (and exercise).")


class Achievements(BaseModel):
    items: list[Achievement]
    earned: int

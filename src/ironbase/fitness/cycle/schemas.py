"""Bodies of /v1/cycle: consent, events, summary."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ironbase.kit.schemas import strip_non_blank

EventType = Literal["period_start", "period_end", "symptom"]
# A closed list: no free text of a health condition in a column that is not notes.
Symptom = Literal[
    "cramps",
    "headache",
    "fatigue",
    "bloating",
    "back_pain",
    "breast_tenderness",
    "mood_changes",
    "nausea",
    "heavy_bleeding",
    "other",
]
EARLIEST_DAY = dt.date(1970, 1, 1)


class Consent(BaseModel):
    consented: bool
    consented_at: dt.datetime | None


class CycleEventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: EventType
    date: dt.date
    symptom: Symptom | None = None
    severity: int | None = Field(
        default=None, ge=1, le=3, description="1 mild, 2 moderate, 3 severe."
    )
    notes: str | None = Field(default=None, min_length=1, max_length=1000)

    @field_validator("notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @field_validator("date")
    @classmethod
    def _plausible(cls, value: dt.date) -> dt.date:
        if value < EARLIEST_DAY:
            raise ValueError("must be 1970-01-01 or later")
        return value

    @model_validator(mode="after")
    def _symptom_fields(self) -> CycleEventCreate:
        if self.type == "symptom":
            if self.symptom is None or self.severity is None:
                raise ValueError("a symptom event needs `symptom` and `severity`")
        elif self.symptom is not None or self.severity is not None:
            raise ValueError("`symptom` and `severity` belong to symptom events only")
        return self


class CycleEvent(BaseModel):
    id: uuid.UUID
    type: EventType
    date: dt.date
    symptom: Symptom | None
    severity: int | None
    notes: str | None
    created_at: dt.datetime


class CycleLength(BaseModel):
    start: dt.date
    length_days: int


class CycleSummary(BaseModel):
    last_start: dt.date | None
    cycles: list[CycleLength]
    mean_length_days: float | None
    sd_length_days: float | None
    predicted_next_start: dt.date | None
    uncertainty_days: int | None
    earliest: dt.date | None
    latest: dt.date | None
    based_on: int
    note: str

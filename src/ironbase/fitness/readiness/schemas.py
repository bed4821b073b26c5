"""Bodies of /v1/readiness."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ironbase.kit.schemas import strip_non_blank
from ironbase.kit.units import BoundedDecimal

Item = Annotated[int, Field(ge=1, le=7, description="1 best, 7 worst.")]
MAX_LIFE_SCORES = 50


class CheckinCreate(BaseModel):
    """One check-in; a second one on the same local day replaces the first."""

    model_config = ConfigDict(extra="forbid")

    sleep: Item
    fatigue: Item
    stress: Item
    soreness: Item
    sleep_hours: (
        Annotated[Decimal, BoundedDecimal, Field(ge=0, le=24, max_digits=3, decimal_places=1)]
        | None
    ) = None
    resting_hr: int | None = Field(default=None, ge=20, le=250, description="Beats per minute.")
    hrv_rmssd_ms: (
        Annotated[Decimal, BoundedDecimal, Field(ge=1, le=500, max_digits=4, decimal_places=1)]
        | None
    ) = None
    mood: int | None = Field(default=None, ge=1, le=7, description="1 best, 7 worst.")
    notes: str | None = Field(default=None, min_length=1, max_length=2000)
    life_scores: dict[Annotated[str, Field(min_length=1, max_length=64)], int] = Field(
        default_factory=dict,
        max_length=MAX_LIFE_SCORES,
        description="Scores of further life categories by slug or id, within each "
        "category's scale (GET /v1/life-categories).",
    )
    taken_at: dt.datetime | None = Field(
        default=None,
        description="When the check-in was taken (default now; up to 7 days back). Your "
        "time zone turns it into the day it counts for.",
    )

    @field_validator("notes")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @field_validator("taken_at")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("must carry a time zone offset")
        return value


class LifeScore(BaseModel):
    life_category_id: uuid.UUID
    slug: str
    score: int


class Baseline(BaseModel):
    n: int
    mean: float | None
    sd: float | None
    window_days: int


class Session(BaseModel):
    drop_sets_per_exercise: int
    keep_set_fraction: float
    extra_rir: int
    advice: str


class Checkin(BaseModel):
    id: uuid.UUID
    date: dt.date
    sleep: int
    fatigue: int
    stress: int
    soreness: int
    hooper_sum: int
    sleep_hours: float | None
    resting_hr: int | None
    hrv_rmssd_ms: float | None
    mood: int | None
    notes: str | None
    life_scores: list[LifeScore]
    score: int
    z_score: float | None
    band: str
    method: str
    baseline: Baseline
    consecutive_low: bool
    symptoms_lowered: bool
    rules_version: str
    created_at: dt.datetime
    updated_at: dt.datetime


class CheckinWritten(Checkin):
    replaced: bool


class Today(BaseModel):
    date: dt.date
    checked_in: bool
    score: int | None
    band: str | None
    z_score: float | None
    method: str | None
    baseline: Baseline | None
    consecutive_low: bool
    symptoms_lowered: bool
    explanation: str
    session: Session
    checkin: Checkin | None

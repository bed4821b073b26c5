"""The records and analytics documents. Masses are numbers in ``unit`` (kg or lb), which
every document states; tonnage is mass x reps in the same unit."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, Field

from ironbase.kit.units import MassUnit

GroupBy = Literal["muscle", "week", "exercise"]


class RecordOut(BaseModel):
    value: float
    set_id: uuid.UUID
    workout_id: uuid.UUID
    achieved_at: dt.datetime
    date: dt.date


class E1rmRecordOut(RecordOut):
    formula: str
    table_version: str


class RepsRecordOut(RecordOut):
    weight: float


class ExerciseRecordsOut(BaseModel):
    exercise_id: uuid.UUID
    exercise_slug: str | None
    exercise_name: str | None
    unit: MassUnit
    heaviest_load: RecordOut | None
    best_e1rm: E1rmRecordOut | None
    most_reps: list[RepsRecordOut]
    best_session_volume: RecordOut | None


class RecordsOut(BaseModel):
    unit: MassUnit
    items: list[ExerciseRecordsOut]


class HistorySetOut(BaseModel):
    set_id: uuid.UUID
    workout_id: uuid.UUID
    completed_at: dt.datetime
    date: dt.date
    set_type: str
    weight: float
    reps: int | None
    rpe: float | None
    rir: int | None
    e1rm: float | None
    e1rm_formula: str | None


class HistorySessionOut(BaseModel):
    workout_id: uuid.UUID
    date: dt.date
    best_e1rm: float | None
    tonnage: float
    sets: list[HistorySetOut]


class HistoryOut(BaseModel):
    exercise_id: uuid.UUID
    unit: MassUnit
    from_: dt.date = Field(alias="from")
    to: dt.date
    sessions: list[HistorySessionOut]


class VolumeRowOut(BaseModel):
    key: str
    hard_sets: float
    tonnage: float
    sets: int
    reps: int


class VolumeOut(BaseModel):
    unit: MassUnit
    group_by: GroupBy
    from_: dt.date = Field(alias="from")
    to: dt.date
    time_zone: str
    items: list[VolumeRowOut]


class CalendarDayOut(BaseModel):
    date: dt.date
    sessions: int


class SummaryOut(BaseModel):
    time_zone: str
    sessions: int
    days_trained: int
    first_day: dt.date | None
    last_day: dt.date | None
    current_week_streak: int
    longest_week_streak: int
    current_day_streak: int
    longest_day_streak: int
    from_: dt.date = Field(alias="from")
    to: dt.date
    calendar: list[CalendarDayOut]

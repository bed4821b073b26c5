"""The overview body."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel

from ironbase.admin.notifications.schemas import NotificationCounts


class DayActivity(BaseModel):
    """Rows created on ``day`` (UTC) that still exist."""

    day: dt.date
    new_users: int
    workouts: int
    sets: int


class ReportSummary(BaseModel):
    id: uuid.UUID
    kind: str
    status: str
    error_count: int
    warning_count: int
    created_at: dt.datetime


class Overview(BaseModel):
    users: int
    pro_users: int
    # Programs whose status is active (at most one per person).
    active_programs: int
    notifications: NotificationCounts
    # The last 30 days, oldest first, every day present (zeros included).
    daily: list[DayActivity]
    last_data_quality_report: ReportSummary | None
    generated_at: dt.datetime
    notes: dict[str, str]

"""Notification bodies."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel

from ironbase.kit.notify import NotificationKind, Severity


class Notification(BaseModel):
    id: uuid.UUID
    kind: NotificationKind
    severity: Severity
    # ``text_key``'s title and body in the caller's language, ``params`` filled in.
    title: str
    body: str
    text_key: str
    params: dict[str, Any]
    subject_table: str | None
    subject_id: str | None
    occurrences: int
    created_at: dt.datetime
    last_occurred_at: dt.datetime
    read_at: dt.datetime | None
    read_by: uuid.UUID | None
    resolved_at: dt.datetime | None
    resolved_by: uuid.UUID | None


class NotificationCounts(BaseModel):
    unread: int
    open: int

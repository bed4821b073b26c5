"""Data-quality report bodies."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict


class QualityReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    status: str
    error_count: int
    warning_count: int
    summary: dict[str, Any]
    findings: list[dict[str, Any]]
    created_by: uuid.UUID | None
    created_at: dt.datetime

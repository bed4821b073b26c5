"""Bodies of the privacy endpoints: exports and erasure."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: ``expired``: done, and its zip dropped after the retention (IRONBASE_EXPORT_RETENTION_HOURS)
ExportStatus = Literal["queued", "running", "done", "failed", "expired"]


class ExportStarted(BaseModel):
    id: uuid.UUID
    status: ExportStatus


class Export(BaseModel):
    id: uuid.UUID
    status: ExportStatus
    #: 0-100
    progress: int
    #: where the zip is served while ``status`` is ``done``; null before and once expired
    file_url: str | None


class EraseMe(BaseModel):
    """Erasing one's account asks for the password again (a stolen token is not enough)."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=1024)


class Erased(BaseModel):
    #: the uuid that replaced the person where rows stay (audit entries)
    pseudonym: uuid.UUID
    #: rows changed or deleted, per table
    rows: dict[str, int]

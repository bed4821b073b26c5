"""Admin API bodies."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, IPvAnyAddress


class UserAdminUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    is_pro: bool


class AdminUser(BaseModel):
    id: uuid.UUID
    is_pro: bool


class AuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    actor_id: uuid.UUID | None
    action: str
    target_table: str
    target_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None
    ip: IPvAnyAddress | None
    at: dt.datetime

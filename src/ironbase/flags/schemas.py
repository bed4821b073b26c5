"""Bodies of /v1/me/flags and /v1/admin/flags."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)

from ironbase.flags.versions import minimum_version
from ironbase.models.flags import (
    KEY_FORMAT,
    MAX_DESCRIPTION_LENGTH,
    MAX_KEY_LENGTH,
    MAX_LISTED_USERS,
)

FlagKey = Annotated[str, StringConstraints(max_length=MAX_KEY_LENGTH, pattern=KEY_FORMAT)]
Description = Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION_LENGTH)]
Percentage = Annotated[StrictInt, Field(ge=0, le=100)]
MinimumVersion = Annotated[str, StringConstraints(max_length=20), AfterValidator(minimum_version)]


def _distinct_sorted(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return sorted(set(ids))


UserIds = Annotated[
    list[uuid.UUID], Field(max_length=MAX_LISTED_USERS), AfterValidator(_distinct_sorted)
]


class MyFlags(BaseModel):
    """Every flag by key: on or off for the caller (and the app version they sent)."""

    flags: dict[str, bool]


class Flag(BaseModel):
    key: str
    enabled: bool
    description: str
    pro_only: bool
    percentage: int
    user_ids: list[uuid.UUID]
    min_app_version: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class FlagCreate(BaseModel):
    """A new flag, off unless ``enabled``. Who gets it when enabled: everyone listed in
    ``user_ids``, and of the others those who are pro (when ``pro_only``) and whose
    stable bucket (0-99, per flag and person) is below ``percentage``; in both cases only
    clients at ``min_app_version`` or later, when one is set."""

    model_config = ConfigDict(extra="forbid")

    key: FlagKey
    enabled: StrictBool = False
    description: Description = ""
    pro_only: StrictBool = False
    percentage: Percentage = 100
    user_ids: UserIds = Field(default_factory=list)
    min_app_version: MinimumVersion | None = None


class FlagUpdate(BaseModel):
    """Only the fields sent change; ``min_app_version: null`` removes the minimum."""

    model_config = ConfigDict(extra="forbid")

    enabled: StrictBool | None = None
    description: Description | None = None
    pro_only: StrictBool | None = None
    percentage: Percentage | None = None
    user_ids: UserIds | None = None
    min_app_version: MinimumVersion | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> FlagUpdate:
        for name in self.model_fields_set - {"min_app_version"}:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}

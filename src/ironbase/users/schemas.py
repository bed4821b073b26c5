"""Profile bodies for /v1/me."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ironbase.kit.schemas import strip_non_blank
from ironbase.kit.time import is_valid_time_zone
from ironbase.models.users import UnitSystem

# BCP 47 language tag: language, optional script, optional region, optional variants.
_BCP47 = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?(?:-(?P<region>[A-Za-z]{2}|\d{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*)$"
)


def canonical_locale(value: str) -> str:
    """``PT-br`` -> ``pt-BR``; raises ValueError when it is not a BCP 47 tag."""
    match = _BCP47.match(value)
    if not match:
        raise ValueError("must be a BCP 47 language tag such as 'en', 'pt-BR' or 'zh-Hant-TW'")
    parts = [match["lang"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts) + match["variants"].lower()


class Me(BaseModel):
    id: uuid.UUID
    email: str
    is_pro: bool
    display_name: str | None
    unit_system: UnitSystem
    time_zone: str
    locale: str
    created_at: dt.datetime


class MeUpdate(BaseModel):
    """Only profile fields; ``is_pro``, ``id`` and ``email`` are refused (extra=forbid)."""

    model_config = ConfigDict(extra="forbid")

    display_name: str | None = Field(default=None, min_length=1, max_length=80)
    unit_system: UnitSystem | None = None
    time_zone: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=35)

    @field_validator("display_name")
    @classmethod
    def _strip_name(cls, value: str | None) -> str | None:
        return strip_non_blank(value)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_time_zone(value):
            raise ValueError("must be an IANA time zone such as 'Europe/Madrid'")
        return value

    @field_validator("locale")
    @classmethod
    def _bcp47(cls, value: str | None) -> str | None:
        return None if value is None else canonical_locale(value)

    @model_validator(mode="after")
    def _required_stay_set(self) -> MeUpdate:
        for name in ("unit_system", "time_zone", "locale"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, object]:
        """Only the fields the client sent (so display_name can be cleared with null)."""
        return {name: getattr(self, name) for name in self.model_fields_set}

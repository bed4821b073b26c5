"""The string bundle a client downloads."""

from __future__ import annotations

from pydantic import BaseModel


class StringBundle(BaseModel):
    locale: str
    fallback: list[str]
    version: str
    strings: dict[str, str]

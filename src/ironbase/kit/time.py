"""Time helpers: everything stored is UTC."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import available_timezones


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def is_valid_time_zone(name: str) -> bool:
    """An IANA zone name known to this system's tz database."""
    return name in _zones()

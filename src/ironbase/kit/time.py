"""Time helpers: everything stored is UTC."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from fastapi import Query


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Not places: fixed offsets with inverted signs (Etc/GMT+3 is UTC-3), the host's own zone,
# tzcode's placeholder and rule files, and other non-geographic directories.
_NOT_PLACES = ("Etc/", "posix/", "right/", "SystemV/")


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    # Area/Location names only: drops "localtime", "Factory", "posixrules" and the old
    # one-word aliases ("GMT", "EST", "Japan"), which name no place or a fixed offset.
    places = {z for z in available_timezones() if "/" in z and not z.startswith(_NOT_PLACES)}
    return frozenset(places) | {"UTC"}


def is_valid_time_zone(name: str) -> bool:
    """ "UTC" or an IANA Area/Location zone name known to this system's tz database."""
    return name in _zones()


# Days a client may name in a query: wide enough for any training log, narrow enough that
# a range's arithmetic (a default window before ``to``, the day after ``to``) and a time
# zone's offset never leave the calendar Python and PostgreSQL share.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)


def day_query(description: str, *, alias: str | None = None) -> Any:
    """A ``Query`` for an optional local day, bounded to EARLIEST_DAY..LATEST_DAY (422
    outside)."""
    # FastAPI types ge/le as numbers; pydantic compares any ordered value, dates included.
    return Query(
        alias=alias,
        ge=EARLIEST_DAY,  # type: ignore[arg-type]
        le=LATEST_DAY,  # type: ignore[arg-type]
        description=f"{description} Between {EARLIEST_DAY} and {LATEST_DAY}.",
    )

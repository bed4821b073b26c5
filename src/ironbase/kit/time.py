"""Time helpers: everything stored is UTC."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import available_timezones


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

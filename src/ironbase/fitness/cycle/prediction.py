"""Cycle lengths and the next predicted start: pure (no FastAPI, SQLAlchemy or asyncpg).

A cycle runs from one period start to the next. Gaps outside ``PLAUSIBLE_DAYS`` (a missed
log, a pregnancy, a typo) are left out of the statistics rather than guessed at. The
prediction is the last start plus the mean of the most recent lengths; its uncertainty is
their sample SD (never below ``MIN_UNCERTAINTY_DAYS``), or ``None`` with a single length.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

PLAUSIBLE_DAYS = (15, 60)
RECENT_CYCLES = 6
MIN_UNCERTAINTY_DAYS = 1


@dataclass(frozen=True, slots=True)
class Cycle:
    start: dt.date
    length_days: int


@dataclass(frozen=True, slots=True)
class Summary:
    last_start: dt.date | None
    cycles: tuple[Cycle, ...]
    mean_length_days: float | None
    sd_length_days: float | None
    predicted_next_start: dt.date | None
    #: plus or minus this many days (None: too few cycles to say)
    uncertainty_days: int | None
    earliest: dt.date | None
    latest: dt.date | None
    #: how many recent cycles the prediction used
    based_on: int


def summarise(starts: Iterable[dt.date]) -> Summary:
    ordered = sorted(set(starts))
    low, high = PLAUSIBLE_DAYS
    cycles = tuple(
        Cycle(a, (b - a).days)
        for a, b in itertools.pairwise(ordered)
        if low <= (b - a).days <= high
    )
    last = ordered[-1] if ordered else None
    recent = [c.length_days for c in cycles[-RECENT_CYCLES:]]
    if last is None or not recent:
        return Summary(last, cycles, None, None, None, None, None, None, 0)
    mean = sum(recent) / len(recent)
    sd = None
    if len(recent) >= 2:
        sd = math.sqrt(sum((x - mean) ** 2 for x in recent) / (len(recent) - 1))
    predicted = last + dt.timedelta(days=round(mean))
    spread = None if sd is None else max(MIN_UNCERTAINTY_DAYS, math.ceil(sd))
    earliest = latest = None
    if spread is not None:
        earliest = predicted - dt.timedelta(days=spread)
        latest = predicted + dt.timedelta(days=spread)
    return Summary(last, cycles, mean, sd, predicted, spread, earliest, latest, len(recent))

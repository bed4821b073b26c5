"""Sessions, calendar days trained and streaks, on the user's own calendar.

A session belongs to the local day it started on (a workout from 23:40 to 00:50 is one
day trained, the first), in the user's IANA time zone: every instant is converted with
``zoneinfo`` before its date is taken, and all counting after that is on dates, never on
elapsed hours, so 23- and 25-hour days at DST changes count as one day each.

Streaks, as Strong and Hevy users know them:

* the week streak: consecutive ISO weeks (Monday first) with at least one session. The
  current week without a session yet does not break it: the streak still counts up to
  last week until this week is over.
* the day streak: consecutive calendar days trained, alive while today or yesterday was
  a training day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

WEEK = 7


@dataclass(frozen=True, slots=True)
class Summary:
    sessions: int
    days_trained: int
    first_day: dt.date | None
    last_day: dt.date | None
    current_week_streak: int
    longest_week_streak: int
    current_day_streak: int
    longest_day_streak: int


def local_day(moment: dt.datetime, time_zone: ZoneInfo) -> dt.date:
    """The date of ``moment`` on the user's calendar."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place on the user's calendar")
    return moment.astimezone(time_zone).date()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _run_lengths(ordinals: list[int], step: int) -> dict[int, int]:
    """For each ordinal of a sorted, distinct list: the length of the run of ordinals
    ``step`` apart that ends at it."""
    runs: dict[int, int] = {}
    for ordinal in ordinals:
        runs[ordinal] = runs.get(ordinal - step, 0) + 1
    return runs


def _current(runs: dict[int, int], today: int, step: int) -> int:
    """The run ending at ``today``, else the one ending a step before (still alive)."""
    return runs.get(today) or runs.get(today - step, 0)


def summarize(
    session_starts: Iterable[dt.datetime], time_zone: ZoneInfo, now: dt.datetime
) -> Summary:
    """Counts and streaks of the sessions starting at ``session_starts``, as of ``now``."""
    starts = list(session_starts)
    days = sorted({local_day(moment, time_zone) for moment in starts})
    today = local_day(now, time_zone)
    day_runs = _run_lengths([d.toordinal() for d in days], 1)
    week_runs = _run_lengths(sorted({monday_of(d).toordinal() for d in days}), WEEK)
    return Summary(
        sessions=len(starts),
        days_trained=len(days),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        current_week_streak=_current(week_runs, monday_of(today).toordinal(), WEEK),
        longest_week_streak=max(week_runs.values(), default=0),
        current_day_streak=_current(day_runs, today.toordinal(), 1),
        longest_day_streak=max(day_runs.values(), default=0),
    )

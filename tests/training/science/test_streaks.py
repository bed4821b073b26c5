"""Sessions, days trained and streaks on the user's calendar (time zones, DST, midnight)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ironbase.training.science.streaks import Summary, local_day, summarize

MADRID = ZoneInfo("Europe/Madrid")
UTC = ZoneInfo("UTC")


def local(
    zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int = 0, *, fold: int = 0
) -> dt.datetime:
    """A wall-clock time in ``zone`` as the UTC instant the API would store."""
    wall = dt.datetime(year, month, day, hour, minute, tzinfo=zone, fold=fold)
    return wall.astimezone(dt.UTC)


def test_nothing_logged() -> None:
    assert summarize([], MADRID, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == Summary(
        0, 0, None, None, 0, 0, 0, 0
    )


def test_weeks_and_days() -> None:
    sessions = [
        local(MADRID, 2026, 2, 2, 18),  # week of Feb 2
        local(MADRID, 2026, 2, 3, 7),
        local(MADRID, 2026, 2, 3, 19),  # two sessions, one day
        local(MADRID, 2026, 2, 11, 18),  # week of Feb 9
        local(MADRID, 2026, 2, 27, 18),  # week of Feb 23 (Feb 16 skipped)
        local(MADRID, 2026, 3, 4, 18),  # week of Mar 2
    ]
    # Sunday Mar 8: this week has a session.
    summary = summarize(sessions, MADRID, local(MADRID, 2026, 3, 8, 12))
    assert summary == Summary(
        sessions=6,
        days_trained=5,
        first_day=dt.date(2026, 2, 2),
        last_day=dt.date(2026, 3, 4),
        current_week_streak=2,
        longest_week_streak=2,
        current_day_streak=0,
        longest_day_streak=2,
    )
    # Thursday Mar 12: nothing yet this week, the streak is still alive.
    assert summarize(sessions, MADRID, local(MADRID, 2026, 3, 12, 12)).current_week_streak == 2
    # Monday Mar 16: last week had no session, the streak is over.
    assert summarize(sessions, MADRID, local(MADRID, 2026, 3, 16, 0, 5)).current_week_streak == 0


def test_spring_forward_in_madrid() -> None:
    # 2026-03-29 (last Sunday of March) has 23 hours. Monday 00:30 CEST is Sunday 22:30 UTC:
    # with the winter offset (+1) it would still be Sunday, in the previous week.
    monday = local(MADRID, 2026, 3, 30, 0, 30)
    assert monday == dt.datetime(2026, 3, 29, 22, 30, tzinfo=dt.UTC)
    assert local_day(monday, MADRID) == dt.date(2026, 3, 30)
    sessions = [local(MADRID, 2026, 3, 23, 18), monday]
    summary = summarize(sessions, MADRID, local(MADRID, 2026, 3, 30, 12))
    assert (summary.current_week_streak, summary.longest_week_streak) == (2, 2)
    # The same instants in UTC fall in one week.
    assert summarize(sessions, UTC, local(MADRID, 2026, 3, 30, 12)).longest_week_streak == 1


def test_daily_streak_through_both_dst_changes() -> None:
    around_march = [local(MADRID, 2026, 3, day, 8) for day in range(27, 32)]
    around_march += [local(MADRID, 2026, 4, 1, 8)]
    summary = summarize(around_march, MADRID, local(MADRID, 2026, 4, 1, 20))
    assert (summary.current_day_streak, summary.longest_day_streak) == (6, 6)
    # Late evenings around the fall change: 23:30 CET on Sunday Oct 25 is 22:30 UTC;
    # with the summer offset (+2) it would land on Monday.
    around_october = [local(MADRID, 2026, 10, day, 23, 30) for day in range(23, 28)]
    assert around_october[2] == dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC)
    summary = summarize(around_october, MADRID, local(MADRID, 2026, 10, 28, 9))
    assert summary.days_trained == 5
    assert (summary.current_day_streak, summary.longest_day_streak) == (5, 5)
    assert summary.last_day == dt.date(2026, 10, 27)


def test_the_repeated_hour_is_one_day() -> None:
    # 02:30 happens twice in Madrid on 2026-10-25 (00:30 and 01:30 UTC).
    first, second = local(MADRID, 2026, 10, 25, 2, 30), local(MADRID, 2026, 10, 25, 2, 30, fold=1)
    assert second - first == dt.timedelta(hours=1)
    summary = summarize([first, second], MADRID, second)
    assert (summary.sessions, summary.days_trained) == (2, 1)


@pytest.mark.parametrize(
    ("zone", "day", "week_streak"),
    [
        # 2026-01-05 06:30 UTC is Sunday Jan 4 evening in Los Angeles, Monday in Tokyo.
        ("America/Los_Angeles", dt.date(2026, 1, 4), 2),
        ("Asia/Tokyo", dt.date(2026, 1, 5), 1),
        ("UTC", dt.date(2026, 1, 5), 1),
    ],
)
def test_midnight_depends_on_the_users_zone(zone: str, day: dt.date, week_streak: int) -> None:
    tz = ZoneInfo(zone)
    late = dt.datetime(2026, 1, 5, 6, 30, tzinfo=dt.UTC)
    earlier = dt.datetime(2025, 12, 24, 12, 0, tzinfo=dt.UTC)  # Wednesday, week of Dec 22
    summary = summarize([earlier, late], tz, late)
    assert summary.last_day == day
    assert summary.longest_week_streak == week_streak


def test_now_is_read_on_the_users_calendar() -> None:
    trained = [dt.datetime(2026, 3, 29, 10, 0, tzinfo=dt.UTC)]  # Sunday
    now = dt.datetime(2026, 3, 30, 22, 30, tzinfo=dt.UTC)  # Monday in UTC, Tuesday in Madrid
    assert summarize(trained, UTC, now).current_day_streak == 1  # yesterday: alive
    assert summarize(trained, MADRID, now).current_day_streak == 0  # two days ago


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        summarize([dt.datetime(2026, 1, 1, 12)], MADRID, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))


instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2027, 12, 31),
    timezones=st.just(dt.UTC),
)
zones = st.sampled_from(
    ["Europe/Madrid", "America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kolkata"]
)


@given(st.lists(instants, max_size=40), instants, zones)
def test_streak_invariants(starts: list[dt.datetime], now: dt.datetime, zone: str) -> None:
    tz = ZoneInfo(zone)
    summary = summarize(starts, tz, now)
    assert summary == summarize(reversed(starts), tz, now)
    assert summary.days_trained <= summary.sessions == len(starts)
    assert summary.current_day_streak <= summary.longest_day_streak <= summary.days_trained
    assert summary.current_week_streak <= summary.longest_week_streak
    # A streak of days spans at most ceil(n / 7) + 1 weeks, and a day streak of 7+ fills a week.
    assert summary.longest_week_streak >= (1 if summary.days_trained else 0)
    assert summary.longest_week_streak >= (summary.longest_day_streak + 6) // 7
    # Moving every session by whole weeks, on the local calendar, keeps the longest streaks.
    shifted = [
        (s.astimezone(tz).replace(tzinfo=None) + dt.timedelta(weeks=3)).replace(tzinfo=tz)
        for s in starts
    ]
    moved = summarize(shifted, tz, now)
    assert moved.longest_week_streak == summary.longest_week_streak
    assert moved.longest_day_streak == summary.longest_day_streak

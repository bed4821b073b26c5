"""Cycle prediction and experience from the log: pure functions, hand-computed cases."""

from __future__ import annotations

import datetime as dt

from ironbase.fitness.cycle.prediction import summarise
from ironbase.fitness.profile.experience import derive
from ironbase.fitness.profile.vocabulary import ExperienceLevel

D = dt.date


def test_no_starts_no_prediction() -> None:
    summary = summarise([])
    assert (summary.last_start, summary.predicted_next_start, summary.based_on) == (None, None, 0)


def test_one_cycle_predicts_without_an_uncertainty() -> None:
    summary = summarise([D(2026, 10, 1), D(2026, 10, 29)])
    assert summary.predicted_next_start == D(2026, 11, 26)
    assert (summary.uncertainty_days, summary.earliest, summary.sd_length_days) == (
        None,
        None,
        None,
    )


def test_uncertainty_is_the_sd_rounded_up() -> None:
    # Lengths 26, 30, 28, 32: mean 29, SD sqrt(20/3) = 2.58 -> 3 days either way.
    starts = [D(2026, 6, 1)]
    for length in (26, 30, 28, 32):
        starts.append(starts[-1] + dt.timedelta(days=length))
    summary = summarise(reversed(starts))
    assert summary.mean_length_days == 29
    assert summary.sd_length_days is not None
    assert round(summary.sd_length_days, 2) == 2.58
    assert summary.predicted_next_start == starts[-1] + dt.timedelta(days=29)
    assert summary.uncertainty_days == 3
    assert summary.latest == starts[-1] + dt.timedelta(days=32)


def test_implausible_gaps_and_duplicates_are_left_out() -> None:
    starts = [D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 10), D(2026, 6, 1), D(2026, 6, 29)]
    summary = summarise(starts)
    assert [c.length_days for c in summary.cycles] == [28]


def test_only_the_six_most_recent_cycles_count() -> None:
    starts = [D(2025, 1, 1)]
    for length in (45, 45, 45, 28, 28, 28, 28, 28, 28):
        starts.append(starts[-1] + dt.timedelta(days=length))
    summary = summarise(starts)
    assert (summary.based_on, summary.mean_length_days) == (6, 28)
    assert summary.uncertainty_days == 1  # SD 0, never below a day


def test_experience_needs_enough_history() -> None:
    first = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert derive(0, None, None) is None
    assert derive(11, first, first + dt.timedelta(days=400)) is None
    assert derive(12, first, first + dt.timedelta(days=27)) is None
    assert derive(12, first, first + dt.timedelta(days=28)) is ExperienceLevel.novice
    assert derive(40, first, first + dt.timedelta(days=182)) is ExperienceLevel.intermediate
    assert derive(39, first, first + dt.timedelta(days=900)) is ExperienceLevel.novice
    assert derive(150, first, first + dt.timedelta(days=730)) is ExperienceLevel.advanced
    assert derive(149, first, first + dt.timedelta(days=730)) is ExperienceLevel.intermediate

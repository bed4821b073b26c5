"""Readiness scoring against hand-computed cases (no database)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ironbase.fitness.readiness.scoring import (
    RULES_V1,
    Band,
    Method,
    assess,
    baseline_of,
    score_of,
    with_symptoms,
)

DAY = dt.date(2026, 11, 30)


def _history(sums_before: list[int], today: int) -> dict[dt.date, int]:
    """``sums_before`` oldest first, ending the day before ``DAY``."""
    n = len(sums_before)
    history = {DAY - dt.timedelta(days=n - i): s for i, s in enumerate(sums_before)}
    history[DAY] = today
    return history


# Baseline [8, 12, 8, 12, 8, 12, 10]: mean 70/7 = 10, sample SD sqrt(24/6) = 2.
BASE = [8, 12, 8, 12, 8, 12, 10]


def test_the_baseline_by_hand() -> None:
    baseline = baseline_of(BASE, 28)
    assert (baseline.n, baseline.mean, baseline.sd) == (7, 10.0, 2.0)


@pytest.mark.parametrize(
    ("today", "z", "band"),
    [
        (8, 1.0, Band.green),  # better than usual: positive z
        (10, 0.0, Band.green),
        (11, -0.5, Band.green),  # -0.5 is not below -0.5
        (12, -1.0, Band.amber),  # -1 is not below -1
        (13, -1.5, Band.red),
        (20, -5.0, Band.red),
    ],
)
def test_z_score_runs_in_the_readiness_direction(today: int, z: float, band: Band) -> None:
    result = assess(_history(BASE, today), DAY)
    assert result.method is Method.z_score
    assert result.z == pytest.approx(z)
    assert result.band is band
    assert result.baseline.mean == 10.0
    assert result.baseline.sd == 2.0


def test_two_low_days_in_a_row_make_an_amber_day_red() -> None:
    # Yesterday: 12 against the same baseline (z = -1): amber.
    # Today: 12 against 8 days [8,12,8,12,8,12,10,12]: mean 10.25,
    # sum of squares 27.5, SD sqrt(27.5/7) = 1.98206; z = -1.75/1.98206 = -0.8829: amber,
    # and the second low day in a row: red.
    result = assess(_history([*BASE, 12], 12), DAY)
    assert result.baseline.n == 8
    assert result.baseline.mean == pytest.approx(10.25)
    assert result.baseline.sd == pytest.approx(math.sqrt(27.5 / 7))
    assert result.z == pytest.approx(-0.8829, abs=1e-4)
    assert result.raw_band is Band.amber
    assert (result.band, result.consecutive_low) == (Band.red, True)


def test_a_gap_day_breaks_the_run() -> None:
    history = _history([*BASE, 12], 12)
    del history[DAY - dt.timedelta(days=1)]
    history[DAY - dt.timedelta(days=2)] = 12  # low two days ago, nothing yesterday
    result = assess(history, DAY)
    assert result.consecutive_low is False
    assert result.band is result.raw_band


def test_check_ins_older_than_the_window_do_not_count() -> None:
    history = _history(BASE, 13)
    old = {DAY - dt.timedelta(days=29 + i): 4 for i in range(10)}
    assert assess({**old, **history}, DAY).baseline.n == 7


@pytest.mark.parametrize(
    ("today", "band"), [(4, Band.green), (14, Band.green), (15, Band.amber), (18, Band.amber),
                        (19, Band.red), (28, Band.red)],
)  # fmt: skip
def test_fewer_than_seven_check_ins_use_the_fixed_cut_offs(today: int, band: Band) -> None:
    result = assess(_history(BASE[:6], today), DAY)
    assert result.method is Method.fallback
    assert result.z is None
    assert result.band is band


def test_the_fallback_also_counts_two_low_days() -> None:
    result = assess(_history([10, 16], 16), DAY)
    assert (result.method, result.raw_band, result.band) == (
        Method.fallback,
        Band.amber,
        Band.red,
    )


def test_an_unchanging_baseline_uses_the_sd_floor() -> None:
    # Seven days at 10: SD 0, taken as 1 point. 11 -> z = -1 (amber), 12 -> -2 (red).
    assert assess(_history([10] * 7, 11), DAY).band is Band.amber
    assert assess(_history([10] * 7, 12), DAY).z == pytest.approx(-2.0)
    assert assess(_history([10] * 7, 10), DAY).band is Band.green


@pytest.mark.parametrize(
    ("total", "score"), [(4, 100), (10, 75), (13, 63), (16, 50), (22, 25), (28, 0)]
)
def test_score_by_hand(total: int, score: int) -> None:
    # 100 * (28 - total) / 24, half up: 13 -> 62.5 -> 63.
    assert score_of(total) == score


def test_score_refuses_impossible_sums() -> None:
    with pytest.raises(ValueError, match="Hooper"):
        score_of(3)


def test_symptoms_lower_one_step_from_moderate_on() -> None:
    assert with_symptoms(Band.green, None) == (Band.green, False)
    assert with_symptoms(Band.green, 1) == (Band.green, False)
    assert with_symptoms(Band.green, 2) == (Band.amber, True)
    assert with_symptoms(Band.amber, 3) == (Band.red, True)
    assert with_symptoms(Band.red, 3) == (Band.red, False)


@given(
    st.lists(st.integers(4, 28), min_size=0, max_size=40),
    st.integers(4, 28),
)
def test_a_worse_day_is_never_rated_better(before: list[int], today: int) -> None:
    """Monotone: one more Hooper point today never raises the band or the score."""
    order = [Band.green, Band.amber, Band.red]
    a = assess(_history(before, today), DAY)
    if today < 28:
        b = assess(_history(before, today + 1), DAY)
        assert order.index(b.band) >= order.index(a.band)
        assert b.score <= a.score
    assert a.rules_version == RULES_V1.version
    assert (a.method is Method.z_score) == (a.baseline.n >= 7)

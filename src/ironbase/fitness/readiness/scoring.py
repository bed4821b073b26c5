"""Readiness from Hooper check-ins: pure (no FastAPI, SQLAlchemy or asyncpg).

The Hooper index is the sum of sleep, fatigue, stress and soreness, each scored 1-7 with
1 best, so the sum runs 4 (best) to 28 (worst): **higher is worse**.

The z-score here runs the other way, in the readiness direction::

    z = (baseline mean of the sum - today's sum) / baseline SD

so a **positive z is better than usual** (a lower Hooper sum than the person's own norm) and
a negative z worse. The bands follow TRAINING_SCIENCE.md (Readiness): below -0.5 SD amber,
below -1 SD red, and a second low day in a row is red too. Until the person has
``min_checkins`` check-ins in the baseline window, fixed cut-offs on the sum decide instead
(``method = "fallback"``).

The numbers are versioned data (``RULES``): a change of cut-offs is a new version, and each
result names the version it was computed with.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HOOPER_MIN = 4
HOOPER_MAX = 28


class Band(enum.StrEnum):
    green = "green"
    amber = "amber"
    red = "red"


class Method(enum.StrEnum):
    z_score = "z_score"
    fallback = "fallback"


_ORDER = (Band.green, Band.amber, Band.red)


def lower(band: Band, steps: int = 1) -> Band:
    """``steps`` bands worse than ``band`` (red stays red)."""
    return _ORDER[min(_ORDER.index(band) + steps, len(_ORDER) - 1)]


@dataclass(frozen=True, slots=True)
class Rules:
    """One version of the readiness numbers."""

    version: str
    #: days before today whose check-ins form the baseline (today excluded)
    window_days: int
    #: baseline check-ins needed before the z-score is used
    min_checkins: int
    #: z below this is amber (TRAINING_SCIENCE.md: -0.5 SD)
    amber_below_z: float
    #: z below this is red (-1 SD)
    red_below_z: float
    #: an SD below this is taken as this (Hooper points): someone who reports the same sum
    #: every day would otherwise turn one point of change into an infinite z
    sd_floor: float
    #: fallback: a sum at or above this is amber (a design choice: an average item of 3.75)
    fallback_amber_from: int
    #: fallback: a sum at or above this is red (an average item of 4.75)
    fallback_red_from: int


RULES_V1 = Rules(
    version="readiness-v1",
    window_days=28,
    min_checkins=7,
    amber_below_z=-0.5,
    red_below_z=-1.0,
    sd_floor=1.0,
    fallback_amber_from=15,
    fallback_red_from=19,
)
RULES = {RULES_V1.version: RULES_V1}
CURRENT = RULES_V1


def hooper_sum(sleep: int, fatigue: int, stress: int, soreness: int) -> int:
    """4 (best) to 28 (worst)."""
    return sleep + fatigue + stress + soreness


def score_of(total: int) -> int:
    """The Hooper sum on a 0-100 scale, higher better: 4 -> 100, 16 -> 50, 28 -> 0.

    It depends on the day's answers alone (not on the baseline), so a stored score never goes
    stale when an earlier check-in is replaced; this is what a workout keeps."""
    if not HOOPER_MIN <= total <= HOOPER_MAX:
        raise ValueError(f"a Hooper sum is {HOOPER_MIN}-{HOOPER_MAX}, got {total}")
    # round half up, in integers: 100 * (28 - total) / 24
    return (100 * (HOOPER_MAX - total) * 2 + 24) // 48


@dataclass(frozen=True, slots=True)
class Baseline:
    """The person's own norm: mean and SD of the Hooper sum over the window before today."""

    n: int
    mean: float | None
    sd: float | None
    window_days: int


@dataclass(frozen=True, slots=True)
class Assessment:
    """One day's readiness, before anything outside the check-in (symptoms) is applied."""

    day: dt.date
    hooper_sum: int
    score: int
    method: Method
    #: readiness direction (positive = better than usual); None with the fallback
    z: float | None
    #: the band of the day's own numbers
    raw_band: Band
    #: after the two-low-days rule
    band: Band
    #: the previous calendar day was low too, and made an amber day red
    consecutive_low: bool
    baseline: Baseline
    rules_version: str


def baseline_of(sums: Iterable[int], window_days: int) -> Baseline:
    values = list(sums)
    n = len(values)
    mean = sum(values) / n if n else None
    sd = None
    if n >= 2 and mean is not None:
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return Baseline(n=n, mean=mean, sd=sd, window_days=window_days)


def _raw(total: int, baseline: Baseline, rules: Rules) -> tuple[Method, float | None, Band]:
    if baseline.n >= rules.min_checkins and baseline.mean is not None and baseline.sd is not None:
        sd = max(baseline.sd, rules.sd_floor)
        z = (baseline.mean - total) / sd
        if z < rules.red_below_z:
            return Method.z_score, z, Band.red
        if z < rules.amber_below_z:
            return Method.z_score, z, Band.amber
        return Method.z_score, z, Band.green
    if total >= rules.fallback_red_from:
        return Method.fallback, None, Band.red
    if total >= rules.fallback_amber_from:
        return Method.fallback, None, Band.amber
    return Method.fallback, None, Band.green


def _window(history: Mapping[dt.date, int], day: dt.date, days: int) -> list[int]:
    return [
        total
        for offset in range(1, days + 1)
        if (total := history.get(day - dt.timedelta(days=offset))) is not None
    ]


def raw_assessment(
    history: Mapping[dt.date, int], day: dt.date, rules: Rules = CURRENT
) -> tuple[Method, float | None, Band, Baseline]:
    """The band of ``day``'s own numbers against the window before it (``history``: Hooper
    sum by local day; ``day`` must be in it)."""
    baseline = baseline_of(_window(history, day, rules.window_days), rules.window_days)
    method, z, band = _raw(history[day], baseline, rules)
    return method, z, band, baseline


def assess(history: Mapping[dt.date, int], day: dt.date, rules: Rules = CURRENT) -> Assessment:
    """``day``'s readiness from the person's check-ins (``history``: Hooper sum by local day,
    holding ``day`` and, for the z-score, the ``window_days + 1`` days before it).

    Red when the day's own band is red, or when it is amber and the previous calendar day
    was low (amber or red) by its own numbers: two low days in a row."""
    total = history[day]
    method, z, raw_band, baseline = raw_assessment(history, day, rules)
    band, consecutive = raw_band, False
    yesterday = day - dt.timedelta(days=1)
    if (
        raw_band is Band.amber
        and yesterday in history
        and raw_assessment(history, yesterday, rules)[2] is not Band.green
    ):
        band, consecutive = Band.red, True
    return Assessment(
        day=day,
        hooper_sum=total,
        score=score_of(total),
        method=method,
        z=z,
        raw_band=raw_band,
        band=band,
        consecutive_low=consecutive,
        baseline=baseline,
        rules_version=rules.version,
    )


# --- What a band means for today's session (TRAINING_SCIENCE.md, Readiness) ---------------


@dataclass(frozen=True, slots=True)
class SessionAdjustment:
    """How a session planned for today changes. Readiness never adds volume or load."""

    #: sets taken off each exercise (amber: one)
    drop_sets_per_exercise: int
    #: fraction of the planned sets kept (red: about half)
    keep_set_fraction: float
    #: reps in reserve added to each set's target
    extra_rir: int
    advice: str


ADJUSTMENTS = {
    Band.green: SessionAdjustment(0, 1.0, 0, "Train as planned."),
    Band.amber: SessionAdjustment(
        1, 1.0, 1, "Drop one set per exercise and leave one more rep in reserve."
    ),
    Band.red: SessionAdjustment(
        0, 0.5, 2, "Do about half the planned sets and leave two more reps in reserve."
    ),
}

#: What a logged cycle symptom may do: from this severity (1 mild, 2 moderate, 3 severe) on,
#: the day's band is lowered one step. Phase alone never changes anything.
SYMPTOM_LOWERS_FROM = 2
SYMPTOM_NOTE = (
    "You logged a symptom today. Symptoms can make training feel harder, so today's "
    "readiness was lowered one step as a precaution; if you feel fine, your plan still stands."
)


def with_symptoms(band: Band, worst_severity: int | None) -> tuple[Band, bool]:
    """The band after that day's logged symptoms (the worst severity, or None), and whether
    they lowered it."""
    if worst_severity is not None and worst_severity >= SYMPTOM_LOWERS_FROM:
        lowered = lower(band)
        return lowered, lowered is not band
    return band, False

"""Training experience judged from the log: pure, versioned numbers.

A design choice, not a validated scale: time under the bar is what separates the levels in
most programming texts (novice: months, intermediate: up to about two years, advanced:
beyond), and a minimum number of sessions keeps a handful of workouts spread over years from
counting as experience.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ironbase.fitness.profile.vocabulary import ExperienceLevel


@dataclass(frozen=True, slots=True)
class ExperienceRules:
    version: str
    #: fewer workouts than this, or a shorter span, is not enough history to judge
    min_workouts: int
    min_span_days: int
    intermediate_span_days: int
    intermediate_workouts: int
    advanced_span_days: int
    advanced_workouts: int


EXPERIENCE_V1 = ExperienceRules(
    version="experience-v1",
    min_workouts=12,
    min_span_days=28,
    intermediate_span_days=182,
    intermediate_workouts=40,
    advanced_span_days=730,
    advanced_workouts=150,
)


def derive(
    workouts: int,
    first: dt.datetime | None,
    last: dt.datetime | None,
    rules: ExperienceRules = EXPERIENCE_V1,
) -> ExperienceLevel | None:
    """The level the log shows, or None when there is not enough history to say."""
    if first is None or last is None or workouts < rules.min_workouts:
        return None
    span = (last - first).days
    if span < rules.min_span_days:
        return None
    if span >= rules.advanced_span_days and workouts >= rules.advanced_workouts:
        return ExperienceLevel.advanced
    if span >= rules.intermediate_span_days and workouts >= rules.intermediate_workouts:
        return ExperienceLevel.intermediate
    return ExperienceLevel.novice

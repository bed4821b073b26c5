"""Training volume: hard sets per muscle (fractional), tonnage, and their aggregations.

Counting rules (reference, "Weekly volume per muscle"):

* A hard set counts 1 for each primary muscle of its exercise and 0.5 for each
  secondary muscle (fractional counting, Pelland et al. 2025). A muscle listed as both
  counts once, as primary.
* Hard sets are the working sets: normal, drop, failure and AMRAP sets with at least one
  rep (or a timed set without reps). Warm-ups are not, and neither is a set logged with
  more than 4 reps in reserve (RPE below 6): too far from failure to drive growth — the
  same cut-off under which the e1RM is not trusted.
* Tonnage (volume load) is load x reps over the same working sets, in gram-reps; per
  muscle it goes to the primary muscles only (a secondary muscle does not carry the
  bar), so per-muscle tonnage does not add up to the total.

Weeks are ISO weeks (Monday first) of the set's completion, in the user's time zone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from ironbase.training.science.e1rm import MAX_RIR, MAX_RPE, logged_rpe
from ironbase.training.science.tables import VolumeLandmarks, landmark_group

K = TypeVar("K", bound=Hashable)

PRIMARY = Decimal(1)
SECONDARY = Decimal("0.5")


class SetType(StrEnum):
    NORMAL = "normal"
    WARMUP = "warmup"
    DROP = "drop"
    FAILURE = "failure"
    AMRAP = "amrap"


WORKING_SET_TYPES = frozenset({SetType.NORMAL, SetType.DROP, SetType.FAILURE, SetType.AMRAP})


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One completed set, as the analytics read it (no database types).

    ``weight_g`` is the external load in whole grams (0 for bodyweight); ``reps`` is None
    for a timed or distance set; ``completed_at`` is timezone-aware.
    """

    set_id: uuid.UUID
    workout_id: uuid.UUID
    exercise_id: uuid.UUID
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    set_type: SetType
    weight_g: int
    reps: int | None
    completed_at: dt.datetime
    rpe: Decimal | None = None
    rir: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Volume:
    """Aggregated volume: hard sets (fractional per muscle), tonnage in gram-reps, and
    how many working sets and reps went into it."""

    hard_sets: Decimal = Decimal(0)
    tonnage_g: int = 0
    sets: int = 0
    reps: int = 0

    def __add__(self, other: Volume) -> Volume:
        return Volume(
            self.hard_sets + other.hard_sets,
            self.tonnage_g + other.tonnage_g,
            self.sets + other.sets,
            self.reps + other.reps,
        )


def is_working_set(s: LoggedSet) -> bool:
    """Not a warm-up, and something was done (a rep, or a timed set without reps)."""
    return s.set_type in WORKING_SET_TYPES and (s.reps is None or s.reps >= 1)


def is_hard_set(s: LoggedSet) -> bool:
    """A working set not logged as easier than 4 reps in reserve."""
    if not is_working_set(s):
        return False
    effort = logged_rpe(s.rpe, s.rir)
    return effort is None or MAX_RPE - effort <= MAX_RIR


def tonnage_g(s: LoggedSet) -> int:
    """Load x reps of a working set (0 for warm-ups, timed and bodyweight sets)."""
    if not is_working_set(s) or s.reps is None:
        return 0
    return s.weight_g * s.reps


def muscle_shares(s: LoggedSet) -> dict[str, Decimal]:
    """What one set counts for each muscle: 1 primary, 0.5 secondary (primary wins)."""
    shares = dict.fromkeys(s.secondary_muscles, SECONDARY)
    shares.update(dict.fromkeys(s.primary_muscles, PRIMARY))
    return shares


def _volume_of(s: LoggedSet, share: Decimal = PRIMARY, tonnage: bool = True) -> Volume:
    working = is_working_set(s)
    return Volume(
        hard_sets=share if is_hard_set(s) else Decimal(0),
        tonnage_g=tonnage_g(s) if tonnage else 0,
        sets=1 if working else 0,
        reps=(s.reps or 0) if working else 0,
    )


def _aggregate(
    sets: Iterable[LoggedSet], keys: Callable[[LoggedSet], Iterable[tuple[K, Volume]]]
) -> dict[K, Volume]:
    totals: defaultdict[K, Volume] = defaultdict(Volume)
    for s in sets:
        if not is_working_set(s):
            continue  # a warm-up adds nothing anywhere, not even a zero row
        for key, volume in keys(s):
            totals[key] += volume
    return dict(totals)


def by_muscle(sets: Iterable[LoggedSet]) -> dict[str, Volume]:
    """Per muscle: fractional hard sets; tonnage, sets and reps of its primary work."""

    def keys(s: LoggedSet) -> Iterable[tuple[str, Volume]]:
        for muscle, share in muscle_shares(s).items():
            primary = share == PRIMARY
            volume = _volume_of(s, share, tonnage=primary)
            yield muscle, volume if primary else Volume(hard_sets=volume.hard_sets)

    return _aggregate(sets, keys)


def by_exercise(sets: Iterable[LoggedSet]) -> dict[uuid.UUID, Volume]:
    """Per exercise: each hard set counts 1."""
    return _aggregate(sets, lambda s: [(s.exercise_id, _volume_of(s))])


def week_of(moment: dt.datetime, time_zone: ZoneInfo) -> dt.date:
    """The Monday of the ISO week ``moment`` falls in, on the user's local calendar."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place on the user's calendar")
    day = moment.astimezone(time_zone).date()
    return day - dt.timedelta(days=day.weekday())


def by_week(sets: Iterable[LoggedSet], time_zone: ZoneInfo) -> dict[dt.date, Volume]:
    """Per local week (its Monday): each hard set counts 1, whatever its muscles."""
    return _aggregate(sets, lambda s: [(week_of(s.completed_at, time_zone), _volume_of(s))])


def hard_sets_by_week_and_muscle(
    sets: Iterable[LoggedSet], time_zone: ZoneInfo
) -> dict[dt.date, dict[str, Decimal]]:
    """Fractional hard sets per muscle for each local week (what the landmarks compare)."""
    weeks: defaultdict[dt.date, defaultdict[str, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    for s in sets:
        if is_hard_set(s):
            week = weeks[week_of(s.completed_at, time_zone)]
            for muscle, share in muscle_shares(s).items():
                week[muscle] += share
    return {week: dict(muscles) for week, muscles in weeks.items()}


def group_hard_sets(sets: Iterable[LoggedSet]) -> dict[str, Decimal]:
    """Hard sets per RP landmark group, a set counting at most once per group (its
    largest share there: a row with lats primary and upper back secondary is 1 back set)."""
    groups: defaultdict[str, Decimal] = defaultdict(Decimal)
    for s in sets:
        if not is_hard_set(s):
            continue
        best: dict[str, Decimal] = {}
        for muscle, share in muscle_shares(s).items():
            group = landmark_group(muscle)
            if group is not None:
                best[group] = max(share, best.get(group, Decimal(0)))
        for group, share in best.items():
            groups[group] += share
    return dict(groups)


class Zone(StrEnum):
    """Where a weekly hard-set count sits among a muscle's landmarks."""

    BELOW_MV = "below_mv"  # losing ground
    MAINTENANCE = "maintenance"  # MV up to MEV: keeps, hardly builds
    PRODUCTIVE = "productive"  # MEV up to the MAV range
    MAV = "mav"  # inside the maximum adaptive range
    HIGH = "high"  # above MAV, up to MRV: recoverable only for a while
    ABOVE_MRV = "above_mrv"  # more than can be recovered from


def zone(hard_sets: Decimal, landmarks: VolumeLandmarks) -> Zone:
    """The zone of ``hard_sets`` per week; bounds belong to the higher zone but MRV."""
    if hard_sets > landmarks.mrv:
        return Zone.ABOVE_MRV
    if hard_sets > landmarks.mav_high:
        return Zone.HIGH
    if hard_sets >= landmarks.mav_low:
        return Zone.MAV
    if hard_sets >= landmarks.mev:
        return Zone.PRODUCTIVE
    if hard_sets >= landmarks.mv:
        return Zone.MAINTENANCE
    return Zone.BELOW_MV

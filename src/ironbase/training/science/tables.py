"""Versioned tables of the training-science reference (TRAINING_SCIENCE.md).

Every result computed from a table stores the table's ``version``, so a later change of
a coefficient never silently rewrites the meaning of a stored e1RM or a generated plan.
Change a number here only together with its version string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

# --- e1RM formulas --------------------------------------------------------------------

# The seven rep-based formulas of the reference; their coefficients live in ``e1rm``
# next to each formula (one expression each), under this version.
E1RM_FORMULAS_VERSION = "e1rm-formulas/1"


# --- RPE curve ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RpeCurve:
    """Percentage of 1RM as a function of x = (10 - RPE) + (reps - 1).

    ``x <= breakpoint``: quadratic ``a x^2 + b x + c``; ``x >= floor_x``: ``floor``;
    otherwise linear ``slope x + intercept``. Percentages, not fractions (99.9667).
    """

    version: str
    quadratic: tuple[Decimal, Decimal, Decimal]
    breakpoint: Decimal
    slope: Decimal
    intercept: Decimal
    floor_x: Decimal
    floor: Decimal

    def percent(self, x: Decimal) -> Decimal:
        """Percent of 1RM at ``x`` (exact: the coefficients are finite decimals)."""
        if x >= self.floor_x:
            return self.floor
        if x <= self.breakpoint:
            a, b, c = self.quadratic
            return a * x * x + b * x + c
        return self.slope * x + self.intercept


# OpenPowerlifting rpe-calc, as used by Liftosaur.
OPL_RPE_CURVE = RpeCurve(
    version="rpe-curve-openpowerlifting/1",
    quadratic=(Decimal("0.347619"), Decimal("-4.60714"), Decimal("99.9667")),
    breakpoint=Decimal("2.92"),
    slope=Decimal("-2.64249"),
    intercept=Decimal("97.0955"),
    floor_x=Decimal(16),
    floor=Decimal(50),
)

# The RTS (Tuchscherer) excerpt of the reference, % of 1RM by (reps, RPE). Kept to check
# the curve against (and for clients that want to show the classic chart).
RTS_TABLE_VERSION = "rts-excerpt/1"
RTS_PERCENT: Mapping[tuple[int, int], Decimal] = MappingProxyType(
    {
        (reps, rpe): Decimal(value)
        for reps, row in {
            1: ("100", "95.5", "92.2", "89.2"),
            3: ("92.2", "89.2", "86.3", "83.7"),
            5: ("86.3", "83.7", "81.1", "78.6"),
            8: ("78.6", "76.2", "73.9", "70.7"),
            10: ("73.9", "70.7", "68.0", "65.3"),
        }.items()
        for rpe, value in zip((10, 9, 8, 7), row, strict=True)
    }
)


# --- volume landmarks -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VolumeLandmarks:
    """Hard sets per muscle per week: maintenance (MV), minimum effective (MEV), the
    maximum adaptive range (MAV, low-high) and the maximum recoverable (MRV)."""

    mv: int
    mev: int
    mav_low: int
    mav_high: int
    mrv: int


# Renaissance Periodization, 2017 articles, intermediate lifters. Keys are the doc's
# muscles spelled like the catalog's muscle slugs; "back" covers lats and upper back.
RP_LANDMARKS_VERSION = "rp-landmarks-2017/1"
RP_LANDMARKS: Mapping[str, VolumeLandmarks] = MappingProxyType(
    {
        "chest": VolumeLandmarks(8, 10, 12, 20, 22),
        "back": VolumeLandmarks(8, 10, 14, 22, 25),
        "quads": VolumeLandmarks(6, 8, 12, 18, 20),
        "hamstrings": VolumeLandmarks(4, 6, 10, 16, 20),
        "glutes": VolumeLandmarks(0, 0, 4, 12, 16),
        "side_delts": VolumeLandmarks(0, 8, 16, 22, 26),
        "rear_delts": VolumeLandmarks(0, 8, 16, 22, 26),
        "front_delts": VolumeLandmarks(0, 0, 6, 8, 12),
        "biceps": VolumeLandmarks(5, 8, 14, 20, 26),
        "triceps": VolumeLandmarks(4, 6, 10, 14, 18),
        "calves": VolumeLandmarks(6, 8, 12, 16, 20),
        "traps": VolumeLandmarks(0, 0, 12, 20, 26),
        "abs": VolumeLandmarks(0, 0, 16, 20, 25),
    }
)

# Catalog muscle slug -> landmark group, for the muscles whose name differs. A catalog
# muscle missing from both this map and RP_LANDMARKS has no landmarks (forearms, neck...).
LANDMARK_GROUP: Mapping[str, str] = MappingProxyType({"lats": "back", "upper_back": "back"})


def landmark_group(muscle: str) -> str | None:
    """The RP landmark group a catalog muscle slug counts towards, if any."""
    group = LANDMARK_GROUP.get(muscle, muscle)
    return group if group in RP_LANDMARKS else None


# --- warm-up ladder -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WarmupStep:
    """One warm-up set before the first working set: ``percent`` of the working weight
    (0: the empty bar) for ``reps``."""

    percent: int
    reps: int


# TRAINING_SCIENCE.md has no warm-up table. This is the common coaching ladder for a
# barbell lift: the empty bar for 10, then about 40 %, 60 % and 80 % of the working
# weight for 5, 3 and 2 reps; few reps near the top so the warm-up does not tire.
WARMUP_LADDER_VERSION = "warmup-ladder/1"
WARMUP_LADDER: tuple[WarmupStep, ...] = (
    WarmupStep(0, 10),
    WarmupStep(40, 5),
    WarmupStep(60, 3),
    WarmupStep(80, 2),
)

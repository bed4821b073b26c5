"""Warm-up weights before the first working set of a barbell lift (``tables.WARMUP_LADDER``).

Only the weights asked for: rounding them to what a lifter can load (and dropping steps
that round onto the one before) is the plate solver's part.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ironbase.training.science.tables import WARMUP_LADDER, WarmupStep


@dataclass(frozen=True, slots=True)
class WarmupTarget:
    step: WarmupStep
    grams: Fraction


def warmup_targets(
    working_g: int, bar_g: Fraction, ladder: tuple[WarmupStep, ...] = WARMUP_LADDER
) -> list[WarmupTarget]:
    """The ladder's weights for a working weight on a bar, lightest first: the empty bar,
    then each percentage that is above the bar and below the working weight. None when the
    working weight is the bar itself or lighter (nothing to warm up to with plates)."""
    if working_g <= bar_g:
        return []
    targets = []
    for step in ladder:
        grams = bar_g if step.percent == 0 else Fraction(working_g * step.percent, 100)
        if bar_g <= grams < working_g and (step.percent == 0 or grams > bar_g):
            targets.append(WarmupTarget(step, grams))
    return targets

"""Today's readiness applied to a planned session: fewer sets, more reps in reserve,
never more of anything (TRAINING_SCIENCE.md, "Readiness"; invariant 11).

The band's ``SessionAdjustment`` (``fitness.readiness.scoring.ADJUSTMENTS``) says how:

* ``keep_set_fraction``: the share of each exercise's planned sets kept, rounded half
  up (red: 0.5, so 4 sets -> 2, 3 -> 2, 1 -> 1);
* ``drop_sets_per_exercise``: then that many sets taken off each exercise (amber: 1);
* never below one set, never above the plan;
* ``extra_rir``: reps in reserve added to every set (RPE lowered as much, not below
  RPE 1); reps stay as planned. A loaded exercise gets the load for the same reps at the
  new RPE, from the same e1RM (``Load.e1rm_g``) with ``loading.prescribe``, snapped down
  to what the gym makes; when that comes out heavier than the plan (another bar, a
  coarser rack) or impossible, the planned load is kept: readiness never adds load.

A green day (no change) returns the very same session. The estimated minutes are
recomputed for the sets that remain (never more than planned).

Cycle phase is not an input: phase alone changes nothing (TRAINING_SCIENCE.md,
"Menstrual cycle"). Logged symptoms reach a session only through the band they lower
(``scoring.with_symptoms``), before it gets here. The advice the lifter reads is the
band's ``advice``, which the API adds; this module returns numbers only.
"""

from __future__ import annotations

import dataclasses
import math
import uuid
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from ironbase.fitness.readiness.scoring import SessionAdjustment
from ironbase.programs.generator import loading, rules
from ironbase.programs.generator.model import (
    CatalogExercise,
    Inputs,
    Load,
    Prescription,
    Session,
)
from ironbase.training.science.e1rm import MAX_RPE, MIN_RPE

#: the most an adjustment may take off or add: anything beyond is not a readiness band
MAX_DROP_SETS = 10
MAX_EXTRA_RIR = 5


class Memo:
    """What many adjustments of sessions from the same inputs share: the catalog by id
    and the loads already computed (the checker adjusts every session of a program for
    every band, and the same exercise, e1RM, reps and RPE recur week after week)."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.catalog: Mapping[uuid.UUID, CatalogExercise] = {x.id: x for x in inputs.catalog}
        self._loads: dict[tuple[uuid.UUID, Decimal, int, Decimal], Load | None] = {}

    def load(
        self, exercise: CatalogExercise, e1rm_g: Decimal, reps: int, rpe: Decimal
    ) -> Load | None:
        key = (exercise.id, e1rm_g, reps, rpe)
        if key not in self._loads:
            self._loads[key] = loading.prescribe(exercise, self.inputs.gym, e1rm_g, reps, rpe)
        return self._loads[key]


def adjust_session(
    session: Session,
    adjustment: SessionAdjustment,
    inputs: Inputs,
    *,
    memo: Memo | None = None,
) -> Session:
    """``session`` as it should be trained today under ``adjustment``; ValueError for an
    adjustment that would add volume or effort (negative drops, a fraction outside
    (0, 1], negative extra RIR) or is out of bounds. ``memo`` (for ``inputs``) saves
    work when many sessions are adjusted."""
    _check(adjustment)
    if _is_identity(adjustment):
        return session
    if memo is None or memo.inputs is not inputs:
        memo = Memo(inputs)
    exercises = tuple(_adjust(item, adjustment, memo) for item in session.exercises)
    return dataclasses.replace(
        session,
        exercises=exercises,
        estimated_minutes=min(session.estimated_minutes, _minutes(exercises, memo.catalog)),
    )


def kept_sets(planned: int, adjustment: SessionAdjustment) -> int:
    """The sets kept of ``planned``: the fraction (half up), minus the drop, at least 1,
    at most the plan."""
    if planned < 1:
        return planned
    fraction = Decimal(str(adjustment.keep_set_fraction))
    kept = int((planned * fraction).to_integral_value(ROUND_HALF_UP))
    return max(1, min(planned, kept - adjustment.drop_sets_per_exercise))


def _check(adjustment: SessionAdjustment) -> None:
    if not 0 <= adjustment.drop_sets_per_exercise <= MAX_DROP_SETS:
        raise ValueError(f"drop_sets_per_exercise must be 0-{MAX_DROP_SETS}")
    if not 0 < adjustment.keep_set_fraction <= 1:
        raise ValueError("keep_set_fraction must be above 0 and at most 1")
    if not 0 <= adjustment.extra_rir <= MAX_EXTRA_RIR:
        raise ValueError(f"extra_rir must be 0-{MAX_EXTRA_RIR}")


def _is_identity(adjustment: SessionAdjustment) -> bool:
    return (
        adjustment.drop_sets_per_exercise == 0
        and adjustment.keep_set_fraction == 1
        and adjustment.extra_rir == 0
    )


def _adjust(item: Prescription, adjustment: SessionAdjustment, memo: Memo) -> Prescription:
    exercise = memo.catalog.get(item.exercise_id)
    lowered = item.rpe - adjustment.extra_rir
    # Not below the scale's floor, and never above the plan even for a plan below it.
    rpe = lowered if lowered >= MIN_RPE else min(item.rpe, MIN_RPE)
    load = item.load
    if load is not None and exercise is not None and rpe < item.rpe:
        lighter = memo.load(exercise, load.e1rm_g, item.reps_max, rpe)
        # Heavier than planned (or not makeable): keep the plan's load, never add.
        if lighter is not None and lighter.grams <= load.grams:
            load = lighter
    return dataclasses.replace(
        item,
        sets=kept_sets(item.sets, adjustment),
        rpe=rpe,
        rir=MAX_RPE - rpe,
        load=load,
    )


def _minutes(
    exercises: tuple[Prescription, ...], catalog: Mapping[uuid.UUID, CatalogExercise]
) -> int:
    seconds = rules.session_seconds(
        tuple(
            (x.sets, x.reps_max, x.rest_s, _on_a_bar(x, catalog.get(x.exercise_id)))
            for x in exercises
        )
    )
    return math.ceil(seconds / 60)


def _on_a_bar(item: Prescription, exercise: CatalogExercise | None) -> bool:
    if exercise is not None:
        return exercise.bar_type_ids is not None
    return item.load is not None and item.load.bar_type_id is not None

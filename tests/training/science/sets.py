"""Builders of ``LoggedSet`` values for the science tests."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from ironbase.training.science.volume import LoggedSet, SetType

UTC = dt.UTC


def logged(
    *,
    exercise: uuid.UUID,
    workout: uuid.UUID,
    weight_g: int,
    reps: int | None,
    at: dt.datetime,
    primary: tuple[str, ...] = ("chest",),
    secondary: tuple[str, ...] = (),
    set_type: SetType = SetType.NORMAL,
    rpe: Decimal | None = None,
    rir: Decimal | None = None,
    set_id: uuid.UUID | None = None,
) -> LoggedSet:
    return LoggedSet(
        set_id=set_id or uuid.uuid4(),
        workout_id=workout,
        exercise_id=exercise,
        primary_muscles=primary,
        secondary_muscles=secondary,
        set_type=set_type,
        weight_g=weight_g,
        reps=reps,
        completed_at=at,
        rpe=rpe,
        rir=rir,
    )

"""Weeks from the planned week: blocks of accumulation weeks whose effort rises, each
ended by a deload; loads from the lifter's e1RMs at each week's reps and RPE.

Within a block (the non-deload weeks between two deloads) every slot keeps its sets and
reps and its RPE never falls, so its load (the same e1RM at a higher RPE, snapped down
the same way) never falls either: invariant 6 by construction. A deload ends a block:
about half the sets and two more reps in reserve than the week before; the next block
starts again at the wave's first effort.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from ironbase.programs.generator import loading, rules, schemes
from ironbase.programs.generator.model import (
    Inputs,
    Load,
    Prescription,
    Role,
    Session,
    Week,
)
from ironbase.programs.generator.plan import Slot, WeekPlan, session_order
from ironbase.training.science.e1rm import MAX_RPE


@dataclass(frozen=True, slots=True)
class WeekShape:
    """Where a week stands: its block (0-based), its place in the block's accumulation
    weeks (0-based), and whether it is the block's deload."""

    index: int
    block: int
    step: int
    deload: bool


def week_shapes(inputs: Inputs) -> tuple[WeekShape, ...]:
    """Accumulation weeks per ``rules.WEEKS_BEFORE_DELOAD``, then a deload, repeated."""
    n = rules.WEEKS_BEFORE_DELOAD[inputs.request.experience]
    out = []
    for index in range(1, inputs.request.weeks + 1):
        block, step = divmod(index - 1, n + 1)
        out.append(WeekShape(index, block, min(step, n - 1), step == n))
    return tuple(out)


def _floor_half(value: Decimal) -> Decimal:
    return (value * 2).to_integral_value(ROUND_FLOOR) / 2


def wave_rpe(inputs: Inputs, role: Role, step: int) -> Decimal:
    """The RPE of accumulation week ``step`` (0-based) of a block: from the wave's start
    to its end over the block's weeks, in half points, never falling."""
    start, end = schemes.RPE_WAVES[inputs.request.goal][role]
    n = rules.WEEKS_BEFORE_DELOAD[inputs.request.experience]
    if n <= 1:
        return start
    return start + _floor_half((end - start) * step / (n - 1))


def deload_rpe(inputs: Inputs, role: Role) -> Decimal:
    """Two more reps in reserve than the block's last week (the band allows this much
    below its floor on a deload)."""
    n = rules.WEEKS_BEFORE_DELOAD[inputs.request.experience]
    return wave_rpe(inputs, role, n - 1) - rules.DELOAD_EXTRA_RIR


def deload_sets(sets: list[int]) -> list[int]:
    """About half of each slot's sets, at least one, the week's total as close to half
    as whole sets allow (40-60 % from five sets up)."""
    halves = [max(1, s // 2) for s in sets]
    goal = (sum(sets) + 1) // 2
    for i, s in enumerate(sets):
        if sum(halves) >= goal:
            break
        if s % 2 == 1 and s > 1:
            halves[i] += 1
    return halves


def ramped_sets(inputs: Inputs, slots: list[Slot], step: int) -> list[int]:
    """Each slot's sets in accumulation week ``step`` of a block: the first week without
    the ramp's extra sets, the block's last week with all of them, the weeks between
    taking them on in session order (a slot's sets never fall within a block)."""
    n = rules.WEEKS_BEFORE_DELOAD[inputs.request.experience]
    ramped = [i for i, s in enumerate(slots) if s.extra]
    taken = set(ramped[: math.ceil(len(ramped) * step / (n - 1))] if n > 1 else ramped)
    return [s.sets - s.extra + (s.extra if i in taken else 0) for i, s in enumerate(slots)]


def needs_calibration(inputs: Inputs, plan: WeekPlan) -> bool:
    """No e1RM for any of the program's exercises that this gym can load."""
    known = {s.exercise_id for s in inputs.strengths}
    return not any(
        slot.exercise.id in known and loading.kind_of(slot.exercise, inputs.gym) is not None
        for slot in plan.slots
    )


class Loads:
    """Loads per (exercise, reps, RPE), computed once each (weeks repeat them)."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.e1rm = {s.exercise_id: s.e1rm_g for s in inputs.strengths}
        self.cache: dict[tuple[object, int, Decimal], Load | None] = {}

    def load(self, slot: Slot, rpe: Decimal) -> Load | None:
        e1rm = self.e1rm.get(slot.exercise.id)
        if e1rm is None:
            return None
        key = (slot.exercise.id, slot.reps_max, rpe)
        if key not in self.cache:
            self.cache[key] = loading.prescribe(
                slot.exercise, self.inputs.gym, e1rm, slot.reps_max, rpe
            )
        return self.cache[key]


def build_weeks(
    inputs: Inputs, plan: WeekPlan, weekdays: tuple[int, ...], calibrate: bool
) -> tuple[Week, ...]:
    ordered = [
        session_order([s for s in plan.slots if s.day == day])
        for day in range(len(plan.split.days))
    ]
    loads = Loads(inputs)
    weeks = []
    for shape in week_shapes(inputs):
        calibration = calibrate and shape.index == 1
        sessions = tuple(
            _session(inputs, plan, day, slots, weekdays[day], shape, calibration, loads)
            for day, slots in enumerate(ordered)
        )
        weeks.append(Week(shape.index, shape.deload, calibration, sessions))
    return tuple(weeks)


def _session(
    inputs: Inputs,
    plan: WeekPlan,
    day: int,
    slots: list[Slot],
    weekday: int,
    shape: WeekShape,
    calibration: bool,
    loads: Loads,
) -> Session:
    if shape.deload:
        sets = deload_sets([s.sets for s in slots])
    else:
        sets = ramped_sets(inputs, slots, shape.step)
    exercises = []
    for position, (slot, n) in enumerate(zip(slots, sets, strict=True), start=1):
        if shape.deload:
            rpe = deload_rpe(inputs, slot.role)
        else:
            rpe = wave_rpe(inputs, slot.role, shape.step)
        load = None if calibration else loads.load(slot, rpe)
        exercises.append(
            Prescription(
                position=position,
                slot=f"{day}.{position}",
                exercise_id=slot.exercise.id,
                role=slot.role,
                sets=n,
                reps_min=slot.reps_min,
                reps_max=slot.reps_max,
                rir=MAX_RPE - rpe,
                rpe=rpe,
                load=load,
                rest_s=slot.rest_s,
            )
        )
    seconds = rules.session_seconds(
        tuple((n, s.reps_max, s.rest_s, s.barbell) for s, n in zip(slots, sets, strict=True))
    )
    return Session(
        day_index=day,
        weekday=weekday,
        title=plan.split.days[day].title,
        estimated_minutes=math.ceil(seconds / 60),
        exercises=tuple(exercises),
    )

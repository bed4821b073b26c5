"""The short plain-English reasons a program carries (``Program.explanations``): the
split, every exercise choice, every muscle's weekly volume, every load, the progression,
the deloads and the calibration week."""

from __future__ import annotations

from decimal import Decimal

from ironbase.programs.generator import loading, rules
from ironbase.programs.generator.model import (
    Explanation,
    Inputs,
    Load,
    LoadKind,
    Prescription,
    Role,
    Week,
)
from ironbase.programs.generator.plan import Slot, WeekPlan, session_order
from ironbase.programs.generator.progression import deload_rpe, wave_rpe
from ironbase.training.science.tables import RP_LANDMARKS

GRAMS_PER_LB = Decimal("453.59237")


def mass(grams: Decimal | int, unit: str) -> str:
    """A mass for reading, in the gym's unit, without trailing zeros."""
    value = Decimal(grams) / (1000 if unit == "kg" else GRAMS_PER_LB)
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def split(inputs: Inputs, plan: WeekPlan) -> Explanation:
    request = inputs.request
    titles = ", ".join(d.title for d in plan.split.days)
    return Explanation(
        "split",
        f"{request.days_per_week} day(s) of up to {request.session_minutes} minutes: "
        f"{plan.split.label} ({titles}): the first split for {request.days_per_week} "
        "day(s) whose sessions reach every targeted muscle's weekly floor within the "
        "minutes; each muscle gets its own exercise on two days where time allows.",
    )


def exercise(inputs: Inputs, slot: Slot, position: int, excluded: int) -> Explanation:
    ex = slot.exercise
    kind = loading.kind_of(ex, inputs.gym)
    how = f"loaded as {kind.value}" if kind is not None else "no load to prescribe here"
    joint = "multi-joint" if ex.is_compound else "single-joint"
    role = "main lift" if slot.role is Role.main else "accessory"
    known = any(s.exercise_id == ex.id for s in inputs.strengths)
    history = "; your e1RM is on record" if known and kind is not None else ""
    skipped = f"; {excluded} exercise(s) you excluded were not considered" if excluded else ""
    return Explanation(
        "exercise",
        f"{ex.slug.replace('_', ' ')} for {slot.group} ({role}, {joint}): the gym has "
        f"its equipment, {how}, fits {inputs.request.experience.value} skill and "
        f"{slot.reps_min}-{slot.reps_max} reps{history}{skipped}.",
        day_index=slot.day,
        position=position,
        exercise_id=ex.id,
        muscle=slot.group,
    )


def volume(inputs: Inputs, plan: WeekPlan, targets: tuple[str, ...]) -> list[Explanation]:
    goal = inputs.request.goal
    out = []
    for group, last in sorted(plan.volume.items()):
        if group not in RP_LANDMARKS:
            continue
        first = plan.first_volume.get(group, Decimal(0))
        sets = _number(first) if first == last else f"{_number(first)} rising to {_number(last)}"
        mrv = RP_LANDMARKS[group].mrv
        if group in targets:
            floor, ceiling = rules.weekly_range(goal, group)
            low, high = rules.VOLUME_RANGES[goal]
            text = (
                f"{group}: {sets} hard sets a week through a block (primary 1, secondary "
                f"0.5), within the {goal.value} range {_number(floor)}-{_number(ceiling)} "
                f"({low.upper()} to {high.upper()}) and below MRV {mrv}."
            )
        else:
            text = (
                f"{group}: {sets} hard sets a week from other exercises' secondary work "
                f"(not targeted), below MRV {mrv}."
            )
        out.append(Explanation("volume", text, muscle=group))
    return out


def load(inputs: Inputs, week: int, day: int, p: Prescription, value: Load) -> Explanation:
    unit = inputs.gym.unit
    how = {
        LoadKind.barbell: "what the bar, collars and plates make",
        LoadKind.dumbbell: "the nearest dumbbell of the rack",
        LoadKind.stack: "the machine's stack",
    }[value.kind]
    return Explanation(
        "load",
        f"{mass(value.grams, unit)}: e1RM {mass(value.e1rm_g, unit)} x "
        f"{_number(value.percent_e1rm.quantize(Decimal('0.1')))} % for {p.reps_max} reps "
        f"at RPE {_number(p.rpe)} = {mass(value.target_g, unit)}, snapped down to {how}.",
        week=week,
        day_index=day,
        position=p.position,
        exercise_id=p.exercise_id,
    )


def progression(inputs: Inputs) -> Explanation:
    n = rules.WEEKS_BEFORE_DELOAD[inputs.request.experience]
    main = [_number(wave_rpe(inputs, Role.main, i)) for i in range(n)]
    return Explanation(
        "progression",
        f"Blocks of {n} week(s): reps stay, sets rise by one where time and volume allow, "
        f"effort rises (main lifts RPE {' -> '.join(main)}) and loads from your e1RM with it; "
        "a deload ends each block and the next starts lighter again.",
    )


def deload(inputs: Inputs, week: Week) -> Explanation:
    rpe = _number(deload_rpe(inputs, Role.main))
    return Explanation(
        "deload",
        f"Week {week.index} is a deload after "
        f"{rules.WEEKS_BEFORE_DELOAD[inputs.request.experience]} hard weeks "
        f"({inputs.request.experience.value}): about half the sets, two more reps in "
        f"reserve (main lifts RPE {rpe}).",
        week=week.index,
    )


def calibration() -> Explanation:
    return Explanation(
        "calibration",
        "Week 1 calibrates: no e1RM is on record for these exercises, so it prescribes "
        "reps in reserve only; the loads you log set the following weeks' loads.",
        week=1,
    )


def no_history(inputs: Inputs, slot: Slot, position: int) -> Explanation:
    return Explanation(
        "load",
        f"No load: no e1RM on record for {slot.exercise.slug.replace('_', ' ')}; "
        "work to the reps in reserve and log the load.",
        day_index=slot.day,
        position=position,
        exercise_id=slot.exercise.id,
    )


def all_of(
    inputs: Inputs,
    plan: WeekPlan,
    targets: tuple[str, ...],
    weeks: tuple[Week, ...],
    calibrate: bool,
) -> tuple[Explanation, ...]:
    out = [split(inputs, plan)]
    request = inputs.request
    excluded = sum(
        1
        for x in inputs.catalog
        if x.id in request.excluded_exercises
        or x.equipment_ids & request.excluded_equipment
        or x.movement_pattern in request.excluded_patterns
    )
    known = {s.exercise_id for s in inputs.strengths}
    for day in range(len(plan.split.days)):
        slots = session_order([s for s in plan.slots if s.day == day])
        for position, slot in enumerate(slots, start=1):
            out.append(exercise(inputs, slot, position, excluded))
            kind = loading.kind_of(slot.exercise, inputs.gym)
            if kind is not None and slot.exercise.id not in known:
                out.append(no_history(inputs, slot, position))
    out.extend(volume(inputs, plan, targets))
    out.append(progression(inputs))
    if calibrate:
        out.append(calibration())
    for week in weeks:
        if week.deload:
            out.append(deload(inputs, week))
        for session in week.sessions:
            for p in session.exercises:
                if p.load is not None:
                    out.append(load(inputs, week.index, session.day_index, p, p.load))
    return tuple(out)

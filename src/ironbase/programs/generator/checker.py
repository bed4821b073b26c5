"""The invariant checker: does a program keep the twelve promises of docs/programs.md?

It runs on every program before it is stored, on stored programs (``GET
/v1/programs/{id}/check``, ``ironbase programs check``), on proposals from a language
model (``proposer.review``) and in the property test over random inputs.

It is written apart from the generator and trusts none of its modules: loads are
re-derived from the gym's bars, collars, plate pairs, dumbbells and stacks (not through
``loading.py``), volumes are recounted from the catalog's muscles, durations recomputed.
What it shares with the generator is the versioned rules (``rules.py``) both are held
to, and the RPE curve (``training.science.e1rm``) invariant 9 is about.

Each invariant yields a ``CheckedInvariant`` whose failures are short sentences naming
the week, day (1-based), position, exercise slug or muscle. Unknown exercises fail
invariant 1 and are left out of the invariants that need the catalog. A program larger
than the bounds below is not looked at: every invariant fails with one sentence.
"""

from __future__ import annotations

import functools
import math
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations, pairwise

from ironbase.fitness.readiness.scoring import ADJUSTMENTS, Band
from ironbase.gyms import plates
from ironbase.programs.generator import codec, rules
from ironbase.programs.generator.model import (
    CatalogExercise,
    CheckedInvariant,
    GymKit,
    Infeasible,
    Inputs,
    Load,
    LoadKind,
    Prescription,
    Program,
    Report,
    Request,
    Role,
    Session,
    TrainingGoal,
    Week,
)
from ironbase.programs.generator.readiness import Memo, adjust_session
from ironbase.training.science import e1rm
from ironbase.training.science.tables import RP_LANDMARKS

NAMES: Mapping[int, str] = {
    1: "equipment and exclusions",
    2: "weekly volume per muscle",
    3: "session volume per muscle",
    4: "loads the gym can make",
    5: "reps and effort in the goal's band",
    6: "progression and deloads",
    7: "session duration",
    8: "compounds first",
    9: "e1RM round trip",
    10: "reproducible",
    11: "readiness only lowers",
    12: "weekdays",
}

# Bounds on what is looked at (a stored program comes from the generator, 4-16 weeks;
# a proposal may come from anywhere).
MAX_WEEKS = 52
MAX_SESSIONS_PER_WEEK = 7
MAX_EXERCISES_PER_SESSION = 40
MAX_SETS = 100
#: failures listed per invariant; the rest are counted
MAX_FAILURES = 50

TOLERANCE = plates.DEFAULT_TOLERANCE.value
DUMBBELL = "dumbbell"
HUNDRED = Decimal(100)
WEEKDAYS = ("", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Reproduce = Callable[[Inputs], Program]


@dataclass(frozen=True, slots=True)
class _Item:
    """A prescription where it stands, with its catalog exercise (None: unknown)."""

    week: Week
    session: Session
    p: Prescription
    exercise: CatalogExercise | None

    @property
    def where(self) -> str:
        return _where(self.week, self.session, self.p, self.exercise)


def _where(week: Week, session: Session, p: Prescription, exercise: CatalogExercise | None) -> str:
    name = exercise.slug if exercise is not None else str(p.exercise_id)
    return f"week {week.index} day {session.day_index + 1} position {p.position} ({name})"


def _day(week: Week, session: Session) -> str:
    return f"week {week.index} day {session.day_index + 1}"


@dataclass(frozen=True, slots=True)
class _Context:
    program: Program
    inputs: Inputs
    catalog: Mapping[uuid.UUID, CatalogExercise]
    #: the gym's pairs of each plate (an inventory may list a plate twice)
    pairs: Mapping[plates.Plate, int]

    def items(self) -> Iterator[_Item]:
        for week in self.program.weeks:
            for session in week.sessions:
                for p in session.exercises:
                    yield _Item(week, session, p, self.catalog.get(p.exercise_id))

    def session_items(self, week: Week, session: Session) -> list[_Item]:
        return [_Item(week, session, p, self.catalog.get(p.exercise_id)) for p in session.exercises]


def check(program: Program, inputs: Inputs, *, reproduce: Reproduce | None = None) -> Report:
    """Every invariant, 1 to 12 in order. ``reproduce`` regenerates the program from
    ``inputs`` for invariant 10 (not applicable without it)."""
    unreadable = _not_checkable(program)
    if unreadable is not None:
        return Report(
            tuple(CheckedInvariant(n, NAMES[n], False, (unreadable,)) for n in sorted(NAMES))
        )
    pairs: Counter[plates.Plate] = Counter()
    for item in inputs.gym.plates:
        pairs[item.plate] += item.pairs
    ctx = _Context(program, inputs, {x.id: x for x in inputs.catalog}, pairs)
    checks: list[tuple[int, Callable[[_Context], list[str]]]] = [
        (1, _equipment),
        (2, _weekly_volume),
        (3, _session_volume),
        (4, _loads),
        (5, _bands),
        (6, _progression),
        (7, _duration),
        (8, _order),
        (9, _round_trip),
    ]
    verdicts = [_verdict(n, fn(ctx)) for n, fn in checks]
    verdicts.append(_reproduction(ctx, reproduce))
    verdicts.append(_verdict(11, _readiness(ctx)))
    verdicts.append(_verdict(12, _schedule(ctx)))
    return Report(tuple(verdicts))


def _verdict(number: int, failures: list[str]) -> CheckedInvariant:
    shown = failures[:MAX_FAILURES]
    if len(failures) > MAX_FAILURES:
        shown.append(f"... and {len(failures) - MAX_FAILURES} more")
    return CheckedInvariant(number, NAMES[number], not failures, tuple(shown))


def _not_checkable(program: Program) -> str | None:
    if len(program.weeks) > MAX_WEEKS:
        return f"not checked: {len(program.weeks)} weeks, at most {MAX_WEEKS}"
    for week in program.weeks:
        if len(week.sessions) > MAX_SESSIONS_PER_WEEK:
            return f"not checked: week {week.index} has {len(week.sessions)} sessions"
        for session in week.sessions:
            if len(session.exercises) > MAX_EXERCISES_PER_SESSION:
                return (
                    f"not checked: {_day(week, session)} has "
                    f"{len(session.exercises)} exercises, at most {MAX_EXERCISES_PER_SESSION}"
                )
            for p in session.exercises:
                if p.load is not None and len(p.load.per_side) > plates.MAX_TOTAL_PAIRS:
                    return f"not checked: {len(p.load.per_side)} plates on one side"
                if not all(x.is_finite() for x in _decimals(p)):
                    return f"not checked: {_day(week, session)} has a number that is not finite"
    return None


def _decimals(p: Prescription) -> list[Decimal]:
    numbers = [p.rpe, p.rir]
    if p.load is not None:
        numbers += [p.load.target_g, p.load.e1rm_g, p.load.percent_e1rm]
    return numbers


# --- 1: equipment and exclusions ---------------------------------------------------------


def _equipment(ctx: _Context) -> list[str]:
    request, gym = ctx.inputs.request, ctx.inputs.gym
    out: list[str] = []
    for item in ctx.items():
        ex = item.exercise
        if ex is None:
            out.append(f"{item.where}: not an exercise of the catalog")
            continue
        missing = sorted(ex.equipment_ids - gym.equipment_ids)
        if missing:
            out.append(f"{item.where}: needs equipment the gym lacks ({_ids(missing)})")
        if ex.id in request.excluded_exercises:
            out.append(f"{item.where}: the user excluded this exercise")
        excluded = sorted(ex.equipment_ids & request.excluded_equipment)
        if excluded:
            out.append(f"{item.where}: uses equipment the user excluded ({_ids(excluded)})")
        if ex.movement_pattern in request.excluded_patterns:
            out.append(f"{item.where}: the user excluded the pattern {ex.movement_pattern}")
    return out


def _ids(ids: list[uuid.UUID]) -> str:
    return ", ".join(str(i) for i in ids)


# --- 2 and 3: volume ---------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _shares(exercise: CatalogExercise) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Per volume group, what one set counts: summed over the muscles listed (what the
    ceilings are held to) and the largest single share (what the floors may count). So
    a set is never counted more generously than either way allows."""
    summed: dict[str, Decimal] = {}
    largest: dict[str, Decimal] = {}
    listed = [(exercise.primary_muscle, rules.PRIMARY_SHARE)]
    listed += [(m, rules.SECONDARY_SHARE) for m in exercise.secondary_muscles]
    for muscle, share in listed:
        group = rules.volume_group(muscle)
        summed[group] = summed.get(group, Decimal(0)) + share
        largest[group] = max(largest.get(group, Decimal(0)), share)
    return summed, largest


def _volume(items: list[_Item]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(upper, lower) hard sets per group over ``items``."""
    upper: dict[str, Decimal] = {}
    lower: dict[str, Decimal] = {}
    for item in items:
        if item.exercise is None:
            continue
        summed, largest = _shares(item.exercise)
        for group, share in summed.items():
            upper[group] = upper.get(group, Decimal(0)) + share * item.p.sets
        for group, share in largest.items():
            lower[group] = lower.get(group, Decimal(0)) + share * item.p.sets
    return upper, lower


def _week_items(ctx: _Context, week: Week) -> list[_Item]:
    return [i for s in week.sessions for i in ctx.session_items(week, s)]


def _requested_targets(inputs: Inputs) -> tuple[str, ...]:
    request = inputs.request
    return request.focus_muscles or rules.DEFAULT_TARGETS[request.goal]


def _weekly_volume(ctx: _Context) -> list[str]:
    goal = ctx.inputs.request.goal
    wanted = sorted(set(_requested_targets(ctx.inputs)))
    targeted = sorted(set(ctx.program.targeted_muscles))
    out: list[str] = []
    if targeted != wanted:
        out.append(
            f"the program targets {', '.join(targeted) or 'nothing'}; "
            f"the request asks for {', '.join(wanted)}"
        )
    groups = sorted(set(wanted) | set(targeted))
    for group in groups:
        if group not in RP_LANDMARKS:
            out.append(f"targeted muscle {group} has no volume landmarks")
    for week in ctx.program.weeks:
        upper, lower = _volume(_week_items(ctx, week))
        for group in groups:
            if group not in RP_LANDMARKS or week.deload:
                continue
            floor, ceiling = rules.weekly_range(goal, group)
            if lower.get(group, Decimal(0)) < floor:
                out.append(
                    f"week {week.index}: {group} gets {_n(lower.get(group, Decimal(0)))} "
                    f"hard sets, below the {goal} floor of {_n(floor)}"
                )
            if upper.get(group, Decimal(0)) > ceiling:
                out.append(
                    f"week {week.index}: {group} gets {_n(upper[group])} hard sets, "
                    f"above the {goal} ceiling of {_n(ceiling)}"
                )
        for group in sorted(upper):
            if group in RP_LANDMARKS and upper[group] > rules.mrv(group):
                out.append(
                    f"week {week.index}: {group} gets {_n(upper[group])} hard sets, "
                    f"above its MRV of {_n(rules.mrv(group))}"
                )
    return out


def _session_volume(ctx: _Context) -> list[str]:
    out: list[str] = []
    for week in ctx.program.weeks:
        for session in week.sessions:
            upper, _ = _volume(ctx.session_items(week, session))
            for group in sorted(upper):
                if upper[group] > rules.MAX_SESSION_SETS_PER_MUSCLE:
                    out.append(
                        f"{_day(week, session)}: {group} gets {_n(upper[group])} hard sets, "
                        f"more than {_n(rules.MAX_SESSION_SETS_PER_MUSCLE)} in one session"
                    )
    return out


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --- 4: loads the gym can make -----------------------------------------------------------


def _loads(ctx: _Context) -> list[str]:
    out: list[str] = []
    for item in ctx.items():
        if item.p.load is None or item.exercise is None:
            continue
        out += [f"{item.where}: {x}" for x in _load_problems(item.p.load, item.exercise, ctx)]
    return out


def _load_problems(load: Load, ex: CatalogExercise, ctx: _Context) -> list[str]:
    grams = load.grams
    if isinstance(grams, bool) or not isinstance(grams, int) or grams <= 0:
        return [f"load {grams!r} is not a positive whole number of grams"]
    if not (load.target_g > 0 and load.e1rm_g > 0):
        return ["the load's target and e1RM must be positive"]
    if load.kind is LoadKind.barbell:
        made, problems = _barbell(load, ex, ctx.inputs.gym, ctx.pairs)
    elif load.kind is LoadKind.dumbbell:
        made, problems = _dumbbell(load, ex, ctx.inputs.gym)
    else:
        made, problems = _stack(load, ex, ctx.inputs.gym)
    if made is None:
        return problems
    if abs(made - grams) > TOLERANCE:
        problems.append(f"{grams} g stated, but the {load.kind} loading weighs {_g(made)} g")
    if made > Fraction(load.target_g) + TOLERANCE:
        problems.append(f"{_g(made)} g is above the target of {_g(Fraction(load.target_g))} g")
    return problems


def _g(value: Fraction) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return _n(exact.quantize(Decimal("0.001")))


def _barbell(
    load: Load, ex: CatalogExercise, gym: GymKit, pairs: Mapping[plates.Plate, int]
) -> tuple[Fraction | None, list[str]]:
    if load.equipment_id is not None:
        return None, ["a barbell load names a machine stack"]
    if ex.bar_type_ids is None:
        return None, [f"{ex.slug} is not loaded with plates on a bar"]
    bar = next((b for b in gym.bars if b.bar_type_id == load.bar_type_id), None)
    if bar is None:
        return None, ["the bar is not one of the gym's bars"]
    default = gym.bars[0].bar_type_id
    if bar.bar_type_id not in ex.bar_type_ids and not (ex.any_bar and bar.bar_type_id == default):
        return None, [f"{ex.slug} may not be done on the {bar.slug} bar"]
    problems = _plates_fit(load.per_side, pairs)
    if not load.per_side:
        return bar.mass.value, problems
    side = sum((plate.mass.value for plate in load.per_side), Fraction(0))
    return bar.mass.value + 2 * bar.collar.value + 2 * side, problems


def _plates_fit(per_side: tuple[plates.Plate, ...], pairs: Mapping[plates.Plate, int]) -> list[str]:
    used = Counter(per_side)
    return [
        f"{n} x {plate} per side, the gym has {pairs.get(plate, 0)} pair(s)"
        for plate, n in sorted(used.items(), key=lambda x: (x[0].mass, x[0].unit))
        if n > pairs.get(plate, 0)
    ]


def _dumbbell(load: Load, ex: CatalogExercise, gym: GymKit) -> tuple[Fraction | None, list[str]]:
    if load.bar_type_id is not None or load.per_side or load.equipment_id is not None:
        return None, ["a dumbbell load names a bar, plates or a stack"]
    if ex.load_type != DUMBBELL:
        return None, [f"{ex.slug} is not a dumbbell exercise"]
    close = [m.value for m in gym.dumbbells if abs(m.value - load.grams) <= TOLERANCE]
    if not close:
        return None, [f"no dumbbell of {load.grams} g in the gym's rack"]
    return min(close, key=lambda m: (abs(m - load.grams), m)), []


def _stack(load: Load, ex: CatalogExercise, gym: GymKit) -> tuple[Fraction | None, list[str]]:
    if load.bar_type_id is not None or load.per_side:
        return None, ["a stack load names a bar or plates"]
    stack = next((s for s in gym.stacks if s.equipment_id == load.equipment_id), None)
    if stack is None:
        return None, ["the machine is not one of the gym's stacks"]
    if stack.equipment_id not in ex.equipment_ids:
        return None, [f"{ex.slug} does not use that machine"]
    if len(stack.add_ons) > plates.MAX_MICRO_WEIGHTS or stack.increment.value <= 0:
        return None, ["the machine's stack is not a valid stack"]
    positions = (stack.maximum.value - stack.minimum.value) // stack.increment.value
    best: Fraction | None = None
    for size in range(len(stack.add_ons) + 1):
        for add_ons in combinations(stack.add_ons, size):
            extra = sum((m.value for m in add_ons), Fraction(0))
            k = round((load.grams - extra - stack.minimum.value) / stack.increment.value)
            for pin in (k - 1, k, k + 1):
                if 0 <= pin <= positions:
                    total = stack.minimum.value + pin * stack.increment.value + extra
                    if best is None or abs(total - load.grams) < abs(best - load.grams):
                        best = total
    if best is None or abs(best - load.grams) > TOLERANCE:
        return None, [f"{load.grams} g is not a setting of the machine's stack"]
    return best, []


# --- 5: reps and effort ------------------------------------------------------------------


def _bands(ctx: _Context) -> list[str]:
    goal = ctx.inputs.request.goal
    out: list[str] = []
    if ctx.program.goal != goal:
        out.append(f"the program is for {ctx.program.goal}, the request for {goal}")
    for item in ctx.items():
        out += [f"{item.where}: {x}" for x in _band_problems(item, goal)]
    return out


def _band_problems(item: _Item, goal: TrainingGoal) -> list[str]:
    p = item.p
    band = rules.GOAL_BANDS[goal][p.role]
    problems: list[str] = []
    if p.sets < 1 or p.sets > MAX_SETS:
        problems.append(f"{p.sets} sets")
    if not 1 <= p.reps_min <= p.reps_max:
        problems.append(f"reps {p.reps_min}-{p.reps_max} are not a range")
    if p.reps_min < band.reps_min or p.reps_max > band.reps_max:
        problems.append(
            f"reps {p.reps_min}-{p.reps_max} outside the {goal} {p.role} band "
            f"{band.reps_min}-{band.reps_max}"
        )
    floor = band.rpe_min - (rules.DELOAD_EXTRA_RIR if item.week.deload else 0)
    try:
        e1rm.check_rpe(p.rpe)
    except ValueError:
        problems.append(f"RPE {p.rpe} is not 1-10 in half steps")
    if not floor <= p.rpe <= band.rpe_max:
        problems.append(
            f"RPE {p.rpe} outside the {goal} {p.role} band {_n(floor)}-{_n(band.rpe_max)}"
        )
    if p.rir != e1rm.MAX_RPE - p.rpe:
        problems.append(f"RIR {p.rir} does not match RPE {p.rpe}")
    if p.role is Role.main and item.exercise is not None and not item.exercise.is_compound:
        problems.append("a main lift must be a multi-joint exercise")
    return problems


# --- 6: progression within a block, and deloads ------------------------------------------


def _progression(ctx: _Context) -> list[str]:
    out = _slot_identity(ctx)
    weeks = ctx.program.weeks
    for before, after in pairwise(weeks):
        if after.deload:
            out += _deload(ctx, before, after)
        elif not before.deload:
            out += _never_down(ctx, before, after)
    if weeks and weeks[0].deload:
        out.append("week 1 is a deload with no week before it")
    return out


def _slots(week: Week) -> dict[str, tuple[Session, Prescription]]:
    return {p.slot: (s, p) for s in week.sessions for p in s.exercises}


def _slot_identity(ctx: _Context) -> list[str]:
    """A slot is the same exercise in the same session every week, once per week."""
    out: list[str] = []
    first: dict[str, tuple[uuid.UUID, int]] = {}
    for week in ctx.program.weeks:
        seen: set[str] = set()
        for session in week.sessions:
            for p in session.exercises:
                where = _where(week, session, p, ctx.catalog.get(p.exercise_id))
                if p.slot in seen:
                    out.append(f"{where}: slot {p.slot} appears twice in the week")
                seen.add(p.slot)
                known = first.setdefault(p.slot, (p.exercise_id, session.day_index))
                if known != (p.exercise_id, session.day_index):
                    out.append(f"{where}: slot {p.slot} changes exercise or day")
    return out


def _never_down(ctx: _Context, before: Week, after: Week) -> list[str]:
    out: list[str] = []
    later = _slots(after)
    for slot, (session, a) in sorted(_slots(before).items()):
        where = _where(after, session, a, ctx.catalog.get(a.exercise_id))
        if slot not in later:
            out.append(f"{where}: slot {slot} of week {before.index} is gone within the block")
            continue
        b = later[slot][1]
        for field in ("sets", "reps_min", "reps_max", "rpe"):
            if getattr(b, field) < getattr(a, field):
                out.append(
                    f"{where}: {field} falls from {getattr(a, field)} in week {before.index} "
                    f"to {getattr(b, field)} within the block"
                )
        if (
            a.load is not None
            and b.load is not None
            and a.load.e1rm_g == b.load.e1rm_g
            and b.load.grams < a.load.grams
        ):
            out.append(
                f"{where}: load falls from {a.load.grams} g in week {before.index} "
                f"to {b.load.grams} g on the same e1RM"
            )
    return out


def _deload(ctx: _Context, before: Week, deload: Week) -> list[str]:
    planned = sum(p.sets for s in before.sessions for p in s.exercises)
    kept = sum(p.sets for s in deload.sessions for p in s.exercises)
    share = Decimal(kept) / planned if planned else Decimal(0)
    halved = rules.DELOAD_SET_FRACTION_MIN <= share <= rules.DELOAD_SET_FRACTION_MAX
    if halved:
        return []
    earlier = _slots(before)
    easier: list[str] = []
    for slot, (session, d) in sorted(_slots(deload).items()):
        b = earlier.get(slot)
        if b is None or d.rir < b[1].rir + rules.DELOAD_EXTRA_RIR or d.sets > b[1].sets:
            easier.append(_where(deload, session, d, ctx.catalog.get(d.exercise_id)))
    if not easier:
        return []
    return [
        f"week {deload.index} is a deload with {kept} of week {before.index}'s {planned} "
        f"sets ({_n((share * HUNDRED).quantize(Decimal(1)))} %, not "
        f"{_n(rules.DELOAD_SET_FRACTION_MIN * HUNDRED)}-"
        f"{_n(rules.DELOAD_SET_FRACTION_MAX * HUNDRED)} %) and not every exercise has "
        f"{_n(rules.DELOAD_EXTRA_RIR)} more reps in reserve at no more sets "
        f"(first: {easier[0]})"
    ]


# --- 7: duration -------------------------------------------------------------------------


def _duration(ctx: _Context) -> list[str]:
    request = ctx.inputs.request
    out: list[str] = []
    for week in ctx.program.weeks:
        for session in week.sessions:
            items = ctx.session_items(week, session)
            for item in items:
                band = rules.GOAL_BANDS[request.goal][item.p.role]
                if not band.rest_min_s <= item.p.rest_s <= band.rest_max_s:
                    out.append(
                        f"{item.where}: rest {item.p.rest_s} s outside the band's "
                        f"{band.rest_min_s}-{band.rest_max_s} s"
                    )
            seconds = rules.session_seconds(
                tuple((i.p.sets, i.p.reps_max, i.p.rest_s, _on_a_bar(i)) for i in items)
            )
            minutes = math.ceil(seconds / 60)
            if seconds > request.session_minutes * 60:
                out.append(
                    f"{_day(week, session)}: about {minutes} minutes, more than the "
                    f"{request.session_minutes} asked for"
                )
            if session.estimated_minutes != minutes:
                out.append(
                    f"{_day(week, session)}: estimated at {session.estimated_minutes} "
                    f"minutes, the duration model says {minutes}"
                )
    return out


def _on_a_bar(item: _Item) -> bool:
    if item.exercise is not None:
        return item.exercise.bar_type_ids is not None
    return item.p.load is not None and item.p.load.kind is LoadKind.barbell


# --- 8: compounds first ------------------------------------------------------------------


def _order(ctx: _Context) -> list[str]:
    out: list[str] = []
    for week in ctx.program.weeks:
        for session in week.sessions:
            items = ctx.session_items(week, session)
            positions = [i.p.position for i in items]
            if positions != sorted(set(positions)):
                out.append(f"{_day(week, session)}: positions {positions} are not in order")
            single_joint: _Item | None = None
            for item in items:
                if item.exercise is None:
                    continue
                if not item.exercise.is_compound:
                    single_joint = single_joint or item
                elif single_joint is not None:
                    out.append(
                        f"{item.where}: a multi-joint exercise after the single-joint "
                        f"{single_joint.exercise.slug if single_joint.exercise else '?'}"
                    )
    return out


# --- 9: e1RM round trip ------------------------------------------------------------------


def _round_trip(ctx: _Context) -> list[str]:
    out: list[str] = []
    for item in ctx.items():
        load = item.p.load
        if load is None:
            continue
        try:
            back = e1rm.rpe_curve_estimate(load.target_g, item.p.reps_max, item.p.rpe).grams
        except ValueError as exc:
            out.append(f"{item.where}: no e1RM from the load ({exc})")
            continue
        if abs(back - load.e1rm_g) > rules.E1RM_ROUND_TRIP * load.e1rm_g:
            out.append(
                f"{item.where}: {load.target_g} g for {item.p.reps_max} reps at RPE "
                f"{item.p.rpe} gives an e1RM of {back} g, not {load.e1rm_g} g "
                f"(within {_n(rules.E1RM_ROUND_TRIP * HUNDRED)} %)"
            )
        # The percentage the lifter is shown is the same load's.
        percent = load.target_g * HUNDRED / load.e1rm_g
        if abs(percent - load.percent_e1rm) > rules.E1RM_ROUND_TRIP * percent:
            out.append(
                f"{item.where}: {load.percent_e1rm} % of the e1RM stated, the load is "
                f"{_n(percent.quantize(Decimal('0.01')))} %"
            )
    return out


# --- 10: reproducible --------------------------------------------------------------------


def _reproduction(ctx: _Context, reproduce: Reproduce | None) -> CheckedInvariant:
    if reproduce is None:
        return CheckedInvariant(10, NAMES[10], True, (), applicable=False)
    try:
        again = reproduce(ctx.inputs)
    except (Infeasible, ValueError) as exc:
        return _verdict(10, [f"the same inputs no longer give a program: {exc}"])
    if codec.canonical(again) == codec.canonical(ctx.program):
        return _verdict(10, [])
    return _verdict(
        10, [f"the same inputs give different bytes: {_first_difference(ctx.program, again)}"]
    )


def _first_difference(program: Program, again: Program) -> str:
    for week, other in zip(program.weeks, again.weeks, strict=False):
        if codec.canonical(week) != codec.canonical(other):
            return f"first in week {week.index}"
    if len(program.weeks) != len(again.weeks):
        return f"{len(program.weeks)} weeks against {len(again.weeks)}"
    return "outside the weeks (header or explanations)"


# --- 11: readiness -----------------------------------------------------------------------


def _readiness(ctx: _Context) -> list[str]:
    out: list[str] = []
    memo = Memo(ctx.inputs)
    for week in ctx.program.weeks:
        for session in week.sessions:
            for band in (Band.green, Band.amber, Band.red):
                try:
                    adjusted = adjust_session(session, ADJUSTMENTS[band], ctx.inputs, memo=memo)
                except ValueError as exc:
                    out.append(f"{_day(week, session)}: {band} readiness fails ({exc})")
                    continue
                out += [
                    f"{_day(week, session)}, {band}: {x}"
                    for x in _lowered(ctx, session, adjusted, band)
                ]
    return out


def _lowered(ctx: _Context, planned: Session, adjusted: Session, band: Band) -> list[str]:
    if band is Band.green:
        same = adjusted is planned or codec.canonical(planned) == codec.canonical(adjusted)
        return [] if same else ["a green day changes the session"]
    before = {p.position: p for p in planned.exercises}
    if sorted(before) != sorted(p.position for p in adjusted.exercises):
        return ["readiness changes the session's exercises"]
    out: list[str] = []
    for a in adjusted.exercises:
        p = before[a.position]
        name = f"position {p.position} ({_slug(ctx, p)})"
        if a.exercise_id != p.exercise_id:
            out.append(f"{name}: readiness changes the exercise")
            continue
        raised = [
            field
            for field in ("sets", "reps_min", "reps_max", "rpe")
            if getattr(a, field) > getattr(p, field)
        ]
        if _load_grams(a.load) > _load_grams(p.load):
            raised.append("load")
        if raised:
            out.append(f"{name}: readiness raises {', '.join(raised)}")
        if not (a.sets < p.sets or a.rpe < p.rpe):
            out.append(f"{name}: neither fewer sets nor more reps in reserve")
    return out


def _load_grams(load: Load | None) -> int:
    return 0 if load is None else load.grams


def _slug(ctx: _Context, p: Prescription) -> str:
    ex = ctx.catalog.get(p.exercise_id)
    return ex.slug if ex is not None else str(p.exercise_id)


# --- 12: weekdays ------------------------------------------------------------------------


def _schedule(ctx: _Context) -> list[str]:
    request = ctx.inputs.request
    out: list[str] = []
    weeks = ctx.program.weeks
    if len(weeks) != request.weeks:
        out.append(f"{len(weeks)} weeks, {request.weeks} asked for")
    indexes = [w.index for w in weeks]
    if indexes != list(range(1, len(weeks) + 1)):
        out.append(f"weeks are numbered {indexes}, not 1 to {len(weeks)}")
    for week in weeks:
        out += [f"week {week.index}: {x}" for x in _week_days(week, request)]
    return out


def _week_days(week: Week, request: Request) -> list[str]:
    out: list[str] = []
    days = [s.weekday for s in week.sessions]
    if len(days) != request.days_per_week:
        out.append(f"{len(days)} workouts, {request.days_per_week} asked for")
    if len(set(days)) != len(days):
        out.append(f"two workouts on the same weekday ({_days(days)})")
    if any(not 1 <= d <= 7 for d in days):
        out.append(f"weekdays {days} are not ISO weekdays 1-7")
    elif request.weekdays and sorted(set(days)) != sorted(set(request.weekdays)):
        out.append(f"workouts on {_days(days)}, the user chose {_days(list(request.weekdays))}")
    indexes = sorted(s.day_index for s in week.sessions)
    if indexes != list(range(len(indexes))):
        out.append(f"day indexes {indexes} are not 0 to {len(indexes) - 1}")
    return out


def _days(days: list[int]) -> str:
    return ", ".join(WEEKDAYS[d] if 1 <= d <= 7 else str(d) for d in sorted(days))

"""One week's sessions, before progression: which exercises, in which session, how many
sets, what reps and rest.

Sets are placed one at a time, each where it keeps every rule the checker checks: the
week's hard sets per muscle under its ceiling (the goal's range for a targeted group,
MRV for the others), at most ``rules.MAX_SESSION_SETS_PER_MUSCLE`` per muscle in a
session, and the session within its minutes. Sets go to the targeted groups, biggest
first (so the small groups are credited with the secondary work of the big lifts), until
each reaches its weekly floor; a group that cannot is a shortfall, with the reason, which
is what ``Infeasible`` reports.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ironbase.programs.generator import loading, rules, schemes
from ironbase.programs.generator.model import CatalogExercise, Inputs, Role, TrainingGoal
from ironbase.training.science.tables import RP_LANDMARKS

# Why a set could not be placed (checked in this order; the first that fails is kept).
TIME = "time"
SESSION_CAP = "session_cap"
CEILING = "ceiling"
NO_EXERCISE = "no_exercise"
FEW_EXERCISES = "few_exercises"


@dataclass(slots=True)
class Slot:
    """An exercise in one session of the week, with its sets (mutable while placing)."""

    day: int
    exercise: CatalogExercise
    group: str
    role: Role
    sets: int
    reps_min: int
    reps_max: int
    rest_s: int
    barbell: bool
    #: per set: the share each volume group is credited, summed over the muscles listed
    #: (what the ceilings and the session cap are held against)
    high: tuple[tuple[str, Decimal], ...]
    #: per set: the largest share of one muscle listed for each group (what the floors
    #: are held against: never more than the exercise surely gives)
    low: tuple[tuple[str, Decimal], ...]
    order: int
    #: one more set from some week of a block on (the block's volume ramp); ``sets``
    #: includes it: the block's first week has ``sets - extra``
    extra: int = 0

    def set_seconds(self) -> int:
        return rules.work_seconds(self.reps_max) + self.rest_s

    def changeover_s(self) -> int:
        return rules.BARBELL_CHANGEOVER_S if self.barbell else rules.CHANGEOVER_S


@dataclass(frozen=True, slots=True)
class Candidate:
    exercise: CatalogExercise
    group: str
    #: tie-break drawn from the request's seed
    rank: float
    has_strength: bool
    loadable: bool
    #: the reps it would be given as a main lift (None: not one) and as an accessory
    main_reps: tuple[int, int] | None
    accessory_reps: tuple[int, int] | None
    #: per set, summed and largest shares per volume group (see ``Slot``)
    high: tuple[tuple[str, Decimal], ...]
    low: tuple[tuple[str, Decimal], ...]
    #: of all a set credits, the share surely credited to its group
    efficiency: Decimal
    load_type_rank: int


@dataclass(slots=True)
class WeekPlan:
    split: schemes.Split
    slots: list[Slot]
    #: targeted group -> why it stayed below its floor
    shortfalls: dict[str, str] = field(default_factory=dict)
    #: weekly hard sets per volume group (summed shares) in a block's last hard week
    volume: dict[str, Decimal] = field(default_factory=dict)
    #: the same in a block's first week
    first_volume: dict[str, Decimal] = field(default_factory=dict)
    #: sessions left without any exercise (no targeted group of theirs could take one)
    empty_days: list[int] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.shortfalls and not self.empty_days


def shares(exercise: CatalogExercise) -> tuple[tuple[tuple[str, Decimal], ...], ...]:
    """(summed shares, largest shares) per volume group for one set of the exercise."""
    return _shares(exercise.primary_muscle, exercise.secondary_muscles)


@lru_cache(maxsize=4096)
def _shares(
    primary: str, secondary: tuple[str, ...]
) -> tuple[tuple[tuple[str, Decimal], ...], ...]:
    # by the muscles only (a few hundred combinations in a catalog): the Decimal sums
    # are most of the cost of listing candidates otherwise
    summed: dict[str, Decimal] = {}
    largest: dict[str, Decimal] = {}
    listed = [(primary, rules.PRIMARY_SHARE)]
    listed += [(m, rules.SECONDARY_SHARE) for m in secondary]
    for muscle, share in listed:
        group = rules.volume_group(muscle)
        summed[group] = summed.get(group, Decimal(0)) + share
        largest[group] = max(largest.get(group, Decimal(0)), share)
    return tuple(sorted(summed.items())), tuple(sorted(largest.items()))


def is_available(exercise: CatalogExercise, inputs: Inputs) -> bool:
    """Invariant 1: the gym has all its equipment and the user excluded none of it."""
    request = inputs.request
    return (
        exercise.equipment_ids <= inputs.gym.equipment_ids
        and exercise.id not in request.excluded_exercises
        and not (exercise.equipment_ids & request.excluded_equipment)
        and exercise.movement_pattern not in request.excluded_patterns
    )


def fits_lifter(exercise: CatalogExercise, inputs: Inputs) -> bool:
    """Skill for the experience and a pattern that is a hard set (the reps the goal can
    use are ``reps_for``'s)."""
    return (
        exercise.skill_level in schemes.SKILLS[inputs.request.experience.value]
        and exercise.movement_pattern not in schemes.NOT_FOR_VOLUME
    )


def reps_for(exercise: CatalogExercise, goal: TrainingGoal, role: Role) -> tuple[int, int] | None:
    """The goal's rep scheme for the role, narrowed to the exercise's sensible range
    and the goal's band; None when the exercise's range misses the band."""
    band = rules.GOAL_BANDS[goal][role]
    low, high = max(band.reps_min, exercise.rep_min), min(band.reps_max, exercise.rep_max)
    if low > high:
        return None
    scheme_low, scheme_high = schemes.REP_SCHEMES[goal][role]
    width = scheme_high - scheme_low
    if max(low, scheme_low) <= min(high, scheme_high):
        return max(low, scheme_low), min(high, scheme_high)
    if low > scheme_high:  # the exercise wants more reps than the scheme
        return low, min(high, low + width)
    return max(low, high - width), high


def candidates(inputs: Inputs, targets: tuple[str, ...]) -> dict[str, list[Candidate]]:
    """Per targeted group, the exercises that may train it, in catalog (id) order."""
    rng = random.Random(inputs.request.seed)  # noqa: S311 (tie-breaks, reproducible by seed)
    strengths = {s.exercise_id for s in inputs.strengths}
    wanted = set(targets)
    out: dict[str, list[Candidate]] = {g: [] for g in targets}
    for exercise in inputs.catalog:
        rank = rng.random()  # one draw per exercise, so ties break the same for a seed
        group = rules.volume_group(exercise.primary_muscle)
        if group not in wanted or not is_available(exercise, inputs):
            continue
        if not fits_lifter(exercise, inputs):
            continue
        goal = inputs.request.goal
        main = reps_for(exercise, goal, Role.main) if exercise.is_compound else None
        accessory = reps_for(exercise, goal, Role.accessory)
        if main is None and accessory is None:
            continue  # its sensible reps miss the goal's bands
        loadable = loading.kind_of(exercise, inputs.gym) is not None
        has = loadable and exercise.id in strengths
        high, low = shares(exercise)
        out[group].append(
            Candidate(
                exercise,
                group,
                rank,
                has,
                loadable,
                main,
                accessory,
                high,
                low,
                dict(low).get(group, Decimal(0)) / sum(share for _, share in high),
                _load_type_rank(exercise),
            )
        )
    return out


def _load_type_rank(exercise: CatalogExercise) -> int:
    order = schemes.LOAD_TYPE_ORDER
    return order.index(exercise.load_type) if exercise.load_type in order else len(order)


class Planner:
    """Places the week's sets for one split (see the module's docstring)."""

    def __init__(
        self,
        inputs: Inputs,
        split: schemes.Split,
        targets: tuple[str, ...],
        pool: Mapping[str, list[Candidate]],
        *,
        efficient: bool = False,
    ) -> None:
        self.inputs = inputs
        #: rank exercises by how much of their sets count for the group first (a second
        #: pass, when the session cap or a ceiling stopped the first one)
        self.efficient = efficient
        self.goal = inputs.request.goal
        self.split = split
        self.targets = targets
        self.pool = pool
        self.limit_s = inputs.request.session_minutes * 60
        self.slots: list[Slot] = []
        self.week_high: dict[str, Decimal] = {}
        self.week_low: dict[str, Decimal] = {}
        self.day_high: list[dict[str, Decimal]] = [{} for _ in split.days]
        self.day_seconds = [0 for _ in split.days]
        self.ceilings = {g: rules.weekly_range(self.goal, g)[1] for g in targets}
        #: weekly sets each targeted group is being given sets towards (floor, then wish)
        self.aims: dict[str, Decimal] = {}

    # --- limits -----------------------------------------------------------------------

    def ceiling(self, group: str) -> Decimal | None:
        if group in self.ceilings:
            return self.ceilings[group]
        return rules.mrv(group) if group in RP_LANDMARKS else None

    def floor(self, group: str) -> Decimal:
        return rules.weekly_range(self.goal, group)[0]

    def wish(self, group: str) -> Decimal:
        """The weekly sets aimed for once every floor is met (time allowing): part of
        the way up the goal's range, at least a few sets, never past the ceiling."""
        floor, ceiling = rules.weekly_range(self.goal, group)
        aim = floor + (ceiling - floor) * schemes.VOLUME_AIMS[self.goal]
        return max(floor, min(max(aim, schemes.MIN_TARGET_SETS), ceiling))

    def problem(
        self, day: int, high: tuple[tuple[str, Decimal], ...], sets: int, seconds: int
    ) -> str | None:
        """Why ``sets`` more sets crediting ``high`` cannot go on ``day``; None: they can."""
        if self.day_seconds[day] + seconds > self.limit_s:
            return TIME
        for group, share in high:
            if (
                self.day_high[day].get(group, Decimal(0)) + share * sets
                > rules.MAX_SESSION_SETS_PER_MUSCLE
            ):
                return SESSION_CAP
            ceiling = self.ceiling(group)
            if (
                ceiling is not None
                and self.week_high.get(group, Decimal(0)) + share * sets > ceiling
            ):
                return CEILING
        return None

    # --- placing ----------------------------------------------------------------------

    def run(self) -> WeekPlan:
        """Floors first (a rule: a group that cannot reach its floor is a shortfall),
        then a first exercise for every session, each group on two days, the wishes
        and the block's ramp (each as far as the limits allow)."""
        order = [g for g in schemes.GROUP_ORDER if g in self.targets]
        self.aims = {g: self.floor(g) for g in order}
        shortfalls: dict[str, str] = {}
        for group in order:
            while self.week_low.get(group, Decimal(0)) < self.aims[group]:
                reason = self.add_one(group, floor=True)
                if reason is not None:
                    shortfalls[group] = reason
                    break
        if shortfalls:
            return WeekPlan(self.split, self.slots, shortfalls)
        empty = self.fill_empty_days(order)
        if empty:
            return WeekPlan(self.split, self.slots, {}, empty_days=empty)
        for group in order:
            self.spread(group)
        self.aims = {g: self.wish(g) for g in order}
        self.fill_wishes(order)
        first = dict(sorted(self.week_high.items()))
        self.ramp()
        return WeekPlan(self.split, self.slots, {}, dict(sorted(self.week_high.items())), first)

    def fill_wishes(self, order: list[str]) -> None:
        """One set at a time to each group still below its wish, in turn, so the time
        left is shared out evenly."""
        wanting = list(order)
        while wanting:
            for group in list(wanting):
                below = self.week_low.get(group, Decimal(0)) < self.aims[group]
                if not below or self.add_one(group) is not None:
                    wanting.remove(group)

    def spread(self, group: str) -> None:
        """A wish once the floors are met: the group's own exercise on two of its days
        (frequency), where a slot still fits."""
        days = self.days_for(group)
        trained = {s.day for s in self.slots if s.group == group}
        for day in days:
            if len(trained) >= min(2, len(days)):
                return
            if day not in trained and self.open_slot(group, day, wish=True) is None:
                trained.add(day)

    def fill_empty_days(self, order: list[str]) -> list[int]:
        """Give a session its first exercise when the floors left it empty; the days
        that stay empty."""
        empty = []
        for day in range(len(self.split.days)):
            if any(s.day == day for s in self.slots):
                continue
            groups = [g for g in order if g in self.split.days[day].groups]
            if not any(self.open_slot(g, day, wish=True) is None for g in groups):
                empty.append(day)
        return empty

    def ramp(self) -> None:
        """One more set for each slot of a targeted group that still fits every limit,
        taken on week by week through a block (``progression``)."""
        for day in range(len(self.split.days)):
            for slot in session_order([s for s in self.slots if s.day == day]):
                if slot.group not in self.ceilings or slot.sets >= schemes.MAX_SLOT_SETS:
                    continue
                if self.problem(day, slot.high, 1, slot.set_seconds()) is None:
                    self.grow(slot, 1)
                    slot.extra = 1

    def days_for(self, group: str) -> list[int]:
        days = [i for i, d in enumerate(self.split.days) if group in d.groups]
        return sorted(days, key=lambda i: (self.day_high[i].get(group, Decimal(0)), i))

    def add_one(self, group: str, *, floor: bool = False) -> str | None:
        """Place one more set (or open a slot) for the group; the reason when it cannot.
        For a floor, a slot may stretch past its usual sets when nothing else fits."""
        reasons: list[str] = []
        for day in self.days_for(group):
            reason = self.grow_existing(group, day, schemes.MAX_SLOT_SETS)
            if reason is None:
                return None
            reasons.extend(reason)
            opened = self.open_slot(group, day)
            if opened is None:
                return None
            reasons.append(opened)
        if floor:
            for day in self.days_for(group):
                if self.grow_existing(group, day, schemes.MAX_SLOT_SETS_STRETCHED) is None:
                    return None
        for kind in (TIME, SESSION_CAP, CEILING):
            if kind in reasons:
                return kind
        return FEW_EXERCISES if self.pool[group] else NO_EXERCISE

    def grow_existing(self, group: str, day: int, most: int) -> list[str] | None:
        """One more set on the group's slot on the day (below ``most`` sets): None when
        placed, else why not (empty: no such slot)."""
        reasons = []
        for slot in self.slots:
            if slot.day == day and slot.group == group and slot.sets < most:
                reason = self.problem(day, slot.high, 1, slot.set_seconds())
                if reason is None:
                    self.grow(slot, 1)
                    return None
                reasons.append(reason)
        return reasons

    def open_slot(self, group: str, day: int, *, wish: bool = False) -> str | None:
        need = self.aims[group] - self.week_low.get(group, Decimal(0))
        if wish:
            need = Decimal(schemes.OPENING_SLOT_SETS)
        first = not any(s.day == day and s.group == group for s in self.slots)
        reasons: list[str] = []
        # whether a slot fits depends only on what it credits and how long it takes:
        # an exercise like one that did not fit is not tried again
        tried: set[tuple[tuple[tuple[str, Decimal], ...], int, int]] = set()
        for candidate in self.ranked(group, day, first):
            slot = self.new_slot(candidate, day, first)
            if slot is None:
                continue
            shape = (slot.high, slot.set_seconds(), slot.changeover_s())
            if shape in tried:
                continue
            tried.add(shape)
            opening = schemes.OPENING_SLOT_SETS if need > 1 else 1
            for sets in sorted({opening, 1}, reverse=True):
                seconds = slot.changeover_s() + sets * slot.set_seconds()
                reason = self.problem(day, slot.high, sets, seconds)
                if reason is None:
                    self.day_seconds[day] += slot.changeover_s()
                    self.slots.append(slot)
                    self.grow(slot, sets)
                    return None
                reasons.append(reason)
        for kind in (TIME, SESSION_CAP, CEILING):
            if kind in reasons:
                return kind
        return NO_EXERCISE

    def ranked(self, group: str, day: int, first: bool) -> list[Candidate]:
        on_day = {s.exercise.id for s in self.slots if s.day == day}
        used: dict[uuid.UUID, int] = {}
        for s in self.slots:
            used[s.exercise.id] = used.get(s.exercise.id, 0) + 1
        want_compound = first and group in schemes.COMPOUND_GROUPS

        def key(c: Candidate) -> tuple[Decimal, bool, bool, bool, int, int, bool, float]:
            return (
                -c.efficiency if self.efficient else Decimal(0),
                c.exercise.is_compound != want_compound,
                not c.has_strength,
                not c.loadable,
                used.get(c.exercise.id, 0),
                c.load_type_rank,
                c.exercise.is_unilateral,
                c.rank,
            )

        return sorted((c for c in self.pool[group] if c.exercise.id not in on_day), key=key)

    def new_slot(self, candidate: Candidate, day: int, first: bool) -> Slot | None:
        role, reps = Role.accessory, candidate.accessory_reps
        if first and candidate.main_reps is not None:
            role, reps = Role.main, candidate.main_reps
        if reps is None:
            return None
        return Slot(
            day=day,
            exercise=candidate.exercise,
            group=candidate.group,
            role=role,
            sets=0,
            reps_min=reps[0],
            reps_max=reps[1],
            rest_s=rules.GOAL_BANDS[self.goal][role].rest_min_s,
            barbell=candidate.exercise.bar_type_ids is not None,
            high=candidate.high,
            low=candidate.low,
            order=len(self.slots),
        )

    def grow(self, slot: Slot, sets: int) -> None:
        slot.sets += sets
        self.day_seconds[slot.day] += sets * slot.set_seconds()
        for group, share in slot.high:
            self.week_high[group] = self.week_high.get(group, Decimal(0)) + share * sets
            day = self.day_high[slot.day]
            day[group] = day.get(group, Decimal(0)) + share * sets
        for group, share in slot.low:
            self.week_low[group] = self.week_low.get(group, Decimal(0)) + share * sets


def plan_week(
    inputs: Inputs, targets: tuple[str, ...], pool: Mapping[str, list[Candidate]]
) -> WeekPlan:
    """The first split for the days per week whose week meets every floor; else the
    attempt with the fewest shortfalls (for the refusal)."""
    best: WeekPlan | None = None
    for split in schemes.SPLITS[inputs.request.days_per_week]:
        for efficient in (False, True):
            plan = Planner(inputs, split, targets, pool, efficient=efficient).run()
            if plan.feasible:
                return plan
            if best is None or _worse(best, plan):
                best = plan
            if TIME in plan.shortfalls.values() or NO_EXERCISE in plan.shortfalls.values():
                break  # ranking by efficiency saves no time and finds no exercise
    assert best is not None
    return best


def _worse(a: WeekPlan, b: WeekPlan) -> bool:
    return (len(a.shortfalls), len(a.empty_days)) > (len(b.shortfalls), len(b.empty_days))


def session_order(slots: list[Slot]) -> list[Slot]:
    """Main lifts, then the other multi-joint exercises, then single-joint ones
    (invariant 8), each in the order they were placed."""
    return sorted(
        slots, key=lambda s: (s.role is not Role.main, not s.exercise.is_compound, s.order)
    )

"""Loads the gym can make: a prescription's exact load (from e1RM, reps and RPE on the
versioned curve) snapped to a barbell loading, a dumbbell of the rack or a pin on a stack.

Snapping goes down, never up: a heavier load than prescribed would ask more effort than the
prescription says. A target below anything the gym can load (lighter than the empty bar,
the lightest dumbbell, the first pin) gives no load. Used by the generator, by readiness
(a lighter session) and by adaptation (a new e1RM); the checker verifies loads on its own.
"""

from __future__ import annotations

from decimal import Decimal

from ironbase.gyms import plates as p
from ironbase.programs.generator import rules
from ironbase.programs.generator.model import (
    Bar,
    CatalogExercise,
    GymKit,
    Load,
    LoadKind,
    Stack,
)
from ironbase.training.science import e1rm

DUMBBELL = "dumbbell"
# Load types whose weight comes from a pin on a stack when the gym has one for them.
STACK_LOADED = frozenset({"machine", "cable"})
# Exact matches only: the solvers' default tolerance (a few grams either way) would let a
# load come out a little above its target, which snapping down never does.
EXACT = p.Mass.zero()


def bar_for(exercise: CatalogExercise, gym: GymKit) -> Bar | None:
    """The first bar the exercise names that the gym has; else, when any bar will do,
    the gym's default bar; None when the exercise is not plates on a bar."""
    if exercise.bar_type_ids is None:
        return None
    listed = {bar.bar_type_id: bar for bar in gym.bars}
    found = next((listed[i] for i in exercise.bar_type_ids if i in listed), None)
    if found is None and exercise.any_bar and gym.bars:
        return gym.bars[0]
    return found


def stack_for(exercise: CatalogExercise, gym: GymKit) -> Stack | None:
    """The stack of a machine or cable station the exercise uses, if the gym has one."""
    if exercise.load_type not in STACK_LOADED:
        return None
    return next((s for s in gym.stacks if s.equipment_id in exercise.equipment_ids), None)


def kind_of(exercise: CatalogExercise, gym: GymKit) -> LoadKind | None:
    """How a load for this exercise is made at this gym; None: it is not loaded here
    (bodyweight, bands, no plates, no rack, no stack data)."""
    if bar_for(exercise, gym) is not None and any(item.pairs for item in gym.plates):
        return LoadKind.barbell
    if exercise.load_type == DUMBBELL and gym.dumbbells:
        return LoadKind.dumbbell
    if stack_for(exercise, gym) is not None:
        return LoadKind.stack
    return None


def prescribe(
    exercise: CatalogExercise, gym: GymKit, e1rm_g: Decimal, reps: int, rpe: Decimal
) -> Load | None:
    """The load for ``reps`` at ``rpe`` from ``e1rm_g``, snapped down to what the gym
    loads; None when the exercise is not loaded here or the target is below the lightest
    load. Runs the exact plate solver (cached per inventory), a few microseconds warm."""
    kind = kind_of(exercise, gym)
    if kind is None:
        return None
    exact = e1rm.prescribe(e1rm_g, reps, rpe, rules.RPE_CURVE)
    target = p.Mass.grams(exact.grams)
    if target.value <= 0 or target > p.MAX_TARGET:
        return None
    if kind is LoadKind.barbell:
        return _barbell(exercise, gym, target, exact, e1rm_g)
    if kind is LoadKind.dumbbell:
        return _dumbbell(gym, target, exact, e1rm_g)
    return _stack(exercise, gym, target, exact, e1rm_g)


def _load(
    kind: LoadKind,
    total: p.Mass,
    exact: e1rm.Prescription,
    e1rm_g: Decimal,
    *,
    bar: Bar | None = None,
    per_side: tuple[p.Plate, ...] = (),
    stack: Stack | None = None,
) -> Load:
    return Load(
        kind=kind,
        grams=total.to_grams(),
        target_g=exact.grams,
        e1rm_g=e1rm_g,
        percent_e1rm=exact.percent_of_1rm,
        bar_type_id=None if bar is None else bar.bar_type_id,
        per_side=per_side,
        equipment_id=None if stack is None else stack.equipment_id,
    )


def _barbell(
    exercise: CatalogExercise,
    gym: GymKit,
    target: p.Mass,
    exact: e1rm.Prescription,
    e1rm_g: Decimal,
) -> Load | None:
    bar = bar_for(exercise, gym)
    if bar is None or target < bar.mass:
        return None
    solution = p.solve(target, bar.mass, list(gym.plates), bar.collar, tolerance=EXACT)
    loading = solution.loading if solution.achievable else solution.below
    if loading is None:
        return None
    return _load(
        LoadKind.barbell,
        loading.total,
        exact,
        e1rm_g,
        bar=bar,
        per_side=loading.per_side,
    )


def _dumbbell(
    gym: GymKit, target: p.Mass, exact: e1rm.Prescription, e1rm_g: Decimal
) -> Load | None:
    choice = p.pick_dumbbell(target, list(gym.dumbbells), tolerance=EXACT)
    mass = choice.chosen if choice.exact else choice.below
    if mass is None:
        return None
    return _load(LoadKind.dumbbell, mass, exact, e1rm_g)


def _stack(
    exercise: CatalogExercise,
    gym: GymKit,
    target: p.Mass,
    exact: e1rm.Prescription,
    e1rm_g: Decimal,
) -> Load | None:
    stack = stack_for(exercise, gym)
    if stack is None or target < stack.minimum:
        return None
    choice = p.snap_to_stack(
        target,
        stack.increment,
        stack.minimum,
        stack.maximum,
        list(stack.add_ons),
        tolerance=EXACT,
    )
    setting = choice.chosen if choice.exact else choice.below
    if setting is None:
        return None
    return _load(LoadKind.stack, setting.total, exact, e1rm_g, stack=stack)

"""What the program generator takes and gives: ``Inputs`` in, a ``Program`` (or
``Infeasible``) out, and the checker's ``Report``.

Pure data: frozen dataclasses of ints, strings, uuids, ``Decimal`` and the plate solver's
exact masses, so the same inputs always mean the same thing in any process. Collections
are tuples in a fixed order (sets of ids are frozensets, which the generator only ever
iterates sorted), which is what makes a program byte-identical for the same inputs and seed.

Units: every stored mass is integer grams; ``Decimal`` grams (milligram precision) only
for the exact load before it is snapped to what the gym can load.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ironbase.fitness.profile.vocabulary import ExperienceLevel, TrainingGoal
from ironbase.gyms.plates import InventoryItem, Mass, Plate, Unit

__all__ = [
    "Bar",
    "CatalogExercise",
    "CheckedInvariant",
    "ExperienceLevel",
    "Explanation",
    "GymKit",
    "Infeasible",
    "Inputs",
    "Load",
    "LoadKind",
    "Prescription",
    "Program",
    "Relaxation",
    "Report",
    "Request",
    "Role",
    "Session",
    "Stack",
    "Strength",
    "TrainingGoal",
    "Violation",
    "Week",
]

# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogExercise:
    """A catalog exercise as the generator sees it (``exercises`` + ``ai_exercises`` +
    its equipment). Only exercises tracked in repetitions are offered."""

    id: uuid.UUID
    slug: str
    primary_muscle: str
    secondary_muscles: tuple[str, ...]
    movement_pattern: str
    #: the catalog's load type: barbell, dumbbell, machine, cable, bodyweight, ...
    load_type: str
    is_compound: bool
    is_unilateral: bool
    #: beginner, intermediate or advanced (``ai_exercises.skill_level``)
    skill_level: str
    #: the repetitions the exercise is sensible for (``ai_exercises.rep_min/rep_max``)
    rep_min: int
    rep_max: int
    #: every piece of equipment it needs (all of them, not any of them)
    equipment_ids: frozenset[uuid.UUID]
    #: plates on a bar (barbell, trap bar, EZ bar, Smith machine): the bar types its
    #: equipment names, in order; None when it is not loaded with plates on a bar
    bar_type_ids: tuple[uuid.UUID, ...] | None
    #: whether another plate-loading bar may stand in for the named ones
    any_bar: bool


@dataclass(frozen=True, slots=True)
class Bar:
    """A plate-loading bar the gym lists, with the lifter's collar for it there."""

    bar_type_id: uuid.UUID
    slug: str
    mass: Mass
    collar: Mass


@dataclass(frozen=True, slots=True)
class Stack:
    """A weight stack the gym has: pins at ``minimum + k x increment`` up to ``maximum``,
    topped with any subset of ``add_ons`` (the lifter's miniweights there)."""

    equipment_id: uuid.UUID
    increment: Mass
    minimum: Mass
    maximum: Mass
    add_ons: tuple[Mass, ...]


@dataclass(frozen=True, slots=True)
class GymKit:
    """What the lifter can train with at the gym. ``equipment_ids`` includes the
    bodyweight pseudo-equipment (always available) and nothing the user excluded is
    removed here: exclusions are the request's."""

    gym_id: uuid.UUID | None
    unit: Unit
    equipment_ids: frozenset[uuid.UUID]
    #: plate-loading bars, the gym's default bar first
    bars: tuple[Bar, ...]
    #: the lifter's plates and miniweights at the gym (pairs)
    plates: tuple[InventoryItem, ...]
    #: the gym's dumbbells, one entry per distinct mass, lightest first
    dumbbells: tuple[Mass, ...]
    #: machines and cable stations with stack data, by equipment id order
    stacks: tuple[Stack, ...]


@dataclass(frozen=True, slots=True)
class Strength:
    """The lifter's estimated one-rep max on an exercise, from the training log."""

    exercise_id: uuid.UUID
    #: Decimal grams, milligram precision
    e1rm_g: Decimal
    #: the e1RM formula and table version that produced it (``training.science.e1rm``)
    formula: str
    table_version: str


@dataclass(frozen=True, slots=True)
class Request:
    """The program asked for, every field resolved (the API fills gaps from the fitness
    profile). ``weekdays`` are ISO days (1 Monday), sorted, as many as ``days_per_week``,
    or empty: the generator spreads the days itself. ``focus_muscles`` are volume-landmark
    groups (``training.science.tables.RP_LANDMARKS`` keys: chest, back, quads, ...)."""

    weeks: int
    goal: TrainingGoal
    experience: ExperienceLevel
    days_per_week: int
    weekdays: tuple[int, ...]
    session_minutes: int
    focus_muscles: tuple[str, ...]
    excluded_exercises: frozenset[uuid.UUID]
    excluded_equipment: frozenset[uuid.UUID]
    excluded_patterns: frozenset[str]
    seed: int


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a program is computed from. ``catalog`` is sorted by id, ``strengths``
    by exercise id. The same ``Inputs`` give the same program, byte for byte."""

    request: Request
    gym: GymKit
    catalog: tuple[CatalogExercise, ...]
    strengths: tuple[Strength, ...]
    body_weight_g: int | None


# --- the program ----------------------------------------------------------------------


class LoadKind(StrEnum):
    """How a prescribed load is made at the gym."""

    barbell = "barbell"  # bar + collars + plates (``per_side``)
    dumbbell = "dumbbell"  # one dumbbell of the rack, per hand
    stack = "stack"  # a pin on a machine's stack (+ miniweights)


class Role(StrEnum):
    """A main lift (multi-joint, heavy, progressed first) or an accessory."""

    main = "main"
    accessory = "accessory"


@dataclass(frozen=True, slots=True)
class Load:
    """A prescribed load: computed from (e1RM, reps_max, RPE) on the versioned RPE curve
    as ``target_g``, then snapped to what the gym can load, ``grams``, at or below it
    (never above: the lifter's effort would exceed the prescription)."""

    kind: LoadKind
    #: what to load, integer grams (barbell: bar + collars + plates; dumbbell: one bell)
    grams: int
    #: the exact load before snapping, Decimal grams (milligram precision)
    target_g: Decimal
    #: the e1RM the load was computed from, Decimal grams
    e1rm_g: Decimal
    #: ``target_g`` as a percentage of ``e1rm_g``
    percent_e1rm: Decimal
    #: barbell: the bar used and the plates on one side, heaviest first
    bar_type_id: uuid.UUID | None
    per_side: tuple[Plate, ...]
    #: stack: the machine whose stack it is
    equipment_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise of a session. ``slot`` names the same exercise in the same session
    of every week (``"<day_index>.<position>"``), which is what progression and
    adaptation follow. ``rir`` and ``rpe`` say the same thing (RPE = 10 - RIR); the load,
    when there is one, is for ``reps_max`` at that RPE."""

    position: int
    slot: str
    exercise_id: uuid.UUID
    role: Role
    sets: int
    reps_min: int
    reps_max: int
    rir: Decimal
    rpe: Decimal
    #: None: no load is prescribed (bodyweight, no history yet: calibrate by RIR, or
    #: no way to load it at this gym)
    load: Load | None
    rest_s: int


@dataclass(frozen=True, slots=True)
class Session:
    """One workout of a week, on ``weekday`` (ISO). ``day_index`` is its place in the
    week (0-based), the same every week."""

    day_index: int
    weekday: int
    title: str
    estimated_minutes: int
    exercises: tuple[Prescription, ...]


@dataclass(frozen=True, slots=True)
class Week:
    """``index`` from 1. A deload week lightens the week before it; a calibration week
    (first week without history) prescribes effort only, no loads."""

    index: int
    deload: bool
    calibration: bool
    sessions: tuple[Session, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why: a short sentence about one choice. ``topic``: split, exercise, volume, load,
    progression, deload, calibration, readiness or adaptation. The other fields say what
    it is about (None: the whole program)."""

    topic: str
    text: str
    week: int | None = None
    day_index: int | None = None
    position: int | None = None
    exercise_id: uuid.UUID | None = None
    muscle: str | None = None


@dataclass(frozen=True, slots=True)
class Program:
    """A generated program. ``tables`` lists (name, version) of every versioned table
    used, sorted; ``inputs_digest`` is the sha256 of the canonical inputs."""

    generator_version: str
    tables: tuple[tuple[str, str], ...]
    goal: TrainingGoal
    split: str
    #: the volume-landmark groups whose weekly sets are held within the goal's range
    targeted_muscles: tuple[str, ...]
    weeks: tuple[Week, ...]
    explanations: tuple[Explanation, ...]
    seed: int
    inputs_digest: str


# --- refusals and the checker's report ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Violation:
    """An invariant (1-12, numbered as in docs/programs.md) that a program breaks or a
    request cannot meet, and where."""

    invariant: int
    message: str


@dataclass(frozen=True, slots=True)
class Relaxation:
    """A change to the request that would make it feasible. ``field`` is the request
    field to change (session_minutes, days_per_week, focus_muscles, excluded_*,
    split ...) and ``value`` the value that would do (None: remove or leave to the
    generator)."""

    field: str
    value: int | str | tuple[str, ...] | None
    description: str


class Infeasible(Exception):
    """No program meets the request: the invariants it would break and what would help."""

    def __init__(self, violations: tuple[Violation, ...], relaxations: tuple[Relaxation, ...]):
        super().__init__("; ".join(v.message for v in violations))
        self.violations = violations
        self.relaxations = relaxations


@dataclass(frozen=True, slots=True)
class CheckedInvariant:
    """One invariant's verdict on a program; ``failures`` is empty when it holds.
    ``applicable`` is False where the invariant says nothing about this program (the
    reproduction of invariant 10 for a program no generator made): it then passes."""

    number: int
    name: str
    passed: bool
    failures: tuple[str, ...]
    applicable: bool = True


@dataclass(frozen=True, slots=True)
class Report:
    """The checker's verdict, one entry per invariant, 1 to 12 in order."""

    invariants: tuple[CheckedInvariant, ...]

    @property
    def passed(self) -> bool:
        return all(x.passed for x in self.invariants)

    def violations(self) -> tuple[Violation, ...]:
        return tuple(
            Violation(x.number, failure) for x in self.invariants for failure in x.failures
        )

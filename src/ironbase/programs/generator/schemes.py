"""The generator's own choices, as versioned tables: splits by days per week, rep schemes
and effort waves by goal, how exercises are preferred, and the weekdays a program spreads
its sessions over when the request names none.

The checker does not read these (they are choices, not rules: ``rules`` holds what a
program must satisfy). A program stores their versions next to the rules' versions
(``Program.tables``). Change a value only together with its table's version string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from ironbase.fitness.profile.vocabulary import TrainingGoal
from ironbase.programs.generator.model import Role

# --- splits -----------------------------------------------------------------------------

SPLITS_VERSION = "splits/1"

# The volume-landmark groups each kind of session trains directly (other groups only get
# the secondary work of these exercises).
UPPER = ("chest", "back", "side_delts", "rear_delts", "front_delts", "biceps", "triceps", "traps")
LOWER = ("quads", "hamstrings", "glutes", "calves", "abs")
PUSH = ("chest", "front_delts", "side_delts", "triceps")
PULL = ("back", "rear_delts", "biceps", "traps")
LEGS = LOWER
FULL = UPPER + LOWER


@dataclass(frozen=True, slots=True)
class DayTemplate:
    """One session of a split: its title and the groups it trains directly."""

    title: str
    groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Split:
    name: str
    #: a short plain-English description for the explanation
    label: str
    days: tuple[DayTemplate, ...]


def _full(n: int) -> Split:
    letters = "ABCDEFG"
    return Split(
        "full_body",
        "full body",
        tuple(DayTemplate(f"Full body {letters[i]}", FULL) for i in range(n)),
    )


_UPPER_LOWER_4 = Split(
    "upper_lower",
    "upper/lower",
    (
        DayTemplate("Upper A", UPPER),
        DayTemplate("Lower A", LOWER),
        DayTemplate("Upper B", UPPER),
        DayTemplate("Lower B", LOWER),
    ),
)
_UPPER_LOWER_2 = Split(
    "upper_lower",
    "upper/lower",
    (DayTemplate("Upper A", UPPER), DayTemplate("Lower A", LOWER)),
)
_UPPER_LOWER_FULL_3 = Split(
    "upper_lower_full",
    "upper/lower plus a full-body day",
    (
        DayTemplate("Upper A", UPPER),
        DayTemplate("Lower A", LOWER),
        DayTemplate("Full body A", FULL),
    ),
)
_UL_PPL_5 = Split(
    "upper_lower_push_pull_legs",
    "upper/lower then push/pull/legs",
    (
        DayTemplate("Upper A", UPPER),
        DayTemplate("Lower A", LOWER),
        DayTemplate("Push A", PUSH),
        DayTemplate("Pull A", PULL),
        DayTemplate("Legs A", LEGS),
    ),
)
_PPL_6 = Split(
    "push_pull_legs",
    "push/pull/legs twice",
    (
        DayTemplate("Push A", PUSH),
        DayTemplate("Pull A", PULL),
        DayTemplate("Legs A", LEGS),
        DayTemplate("Push B", PUSH),
        DayTemplate("Pull B", PULL),
        DayTemplate("Legs B", LEGS),
    ),
)
_UPPER_LOWER_6 = Split(
    "upper_lower",
    "upper/lower three times",
    tuple(
        DayTemplate(f"{kind} {letter}", groups)
        for letter in "ABC"
        for kind, groups in (("Upper", UPPER), ("Lower", LOWER))
    ),
)
_PPL_FULL_7 = Split(
    "push_pull_legs_full",
    "push/pull/legs twice plus a full-body day",
    (*_PPL_6.days, DayTemplate("Full body A", FULL)),
)

# By days per week, the splits in the order they are tried: the first one whose sessions
# fit the minutes and the volume is used. Fewer groups per session means fewer
# changeovers, which is what lets short sessions work on more days.
SPLITS: Mapping[int, tuple[Split, ...]] = MappingProxyType(
    {
        1: (_full(1),),
        2: (_full(2), _UPPER_LOWER_2),
        3: (_full(3), _UPPER_LOWER_FULL_3),
        4: (_UPPER_LOWER_4, _full(4)),
        5: (_UL_PPL_5, _full(5)),
        6: (_PPL_6, _UPPER_LOWER_6, _full(6)),
        7: (_PPL_FULL_7, _full(7)),
    }
)

# --- weekdays ---------------------------------------------------------------------------

WEEKDAYS_VERSION = "weekday-spreads/1"
# ISO weekdays (1 Monday) by days per week: rest days spread between sessions.
WEEKDAY_SPREADS: Mapping[int, tuple[int, ...]] = MappingProxyType(
    {
        1: (1,),
        2: (1, 4),
        3: (1, 3, 5),
        4: (1, 2, 4, 5),
        5: (1, 2, 3, 5, 6),
        6: (1, 2, 3, 4, 5, 6),
        7: (1, 2, 3, 4, 5, 6, 7),
    }
)

# --- reps, rest and effort --------------------------------------------------------------

REP_SCHEMES_VERSION = "rep-schemes/1"
# The repetitions a slot is prescribed, by goal and role (inside rules.GOAL_BANDS), before
# they are narrowed to what the exercise is sensible for.
REP_SCHEMES: Mapping[TrainingGoal, Mapping[Role, tuple[int, int]]] = MappingProxyType(
    {
        TrainingGoal.strength: MappingProxyType({Role.main: (3, 5), Role.accessory: (8, 10)}),
        TrainingGoal.hypertrophy: MappingProxyType({Role.main: (6, 10), Role.accessory: (10, 12)}),
        TrainingGoal.endurance: MappingProxyType({Role.main: (12, 15), Role.accessory: (15, 20)}),
        TrainingGoal.general_fitness: MappingProxyType(
            {Role.main: (8, 10), Role.accessory: (10, 12)}
        ),
        TrainingGoal.fat_loss: MappingProxyType({Role.main: (8, 12), Role.accessory: (12, 15)}),
    }
)

RIR_WAVES_VERSION = "rir-waves/1"
# RPE from the first to the last accumulation week of a block, by goal and role: effort
# rises through the block (RIR 3 -> 1 for hypertrophy), then the deload drops it.
RPE_WAVES: Mapping[TrainingGoal, Mapping[Role, tuple[Decimal, Decimal]]] = MappingProxyType(
    {
        TrainingGoal.strength: MappingProxyType(
            {Role.main: (Decimal(7), Decimal(9)), Role.accessory: (Decimal(7), Decimal("8.5"))}
        ),
        TrainingGoal.hypertrophy: MappingProxyType(
            {Role.main: (Decimal(7), Decimal(9)), Role.accessory: (Decimal(7), Decimal(9))}
        ),
        TrainingGoal.endurance: MappingProxyType(
            {Role.main: (Decimal("6.5"), Decimal("8.5")), Role.accessory: (Decimal(7), Decimal(9))}
        ),
        TrainingGoal.general_fitness: MappingProxyType(
            {Role.main: (Decimal("6.5"), Decimal(8)), Role.accessory: (Decimal("6.5"), Decimal(8))}
        ),
        TrainingGoal.fat_loss: MappingProxyType(
            {Role.main: (Decimal(7), Decimal("8.5")), Role.accessory: (Decimal(7), Decimal("8.5"))}
        ),
    }
)

# --- volume and exercises ---------------------------------------------------------------

EXERCISE_PREFERENCES_VERSION = "exercise-preferences/1"
#: sets of one exercise in one session, at most; a slot starts with this many when it can
MAX_SLOT_SETS = 5
#: ... unless a weekly floor cannot be reached otherwise (too few exercises or sessions)
MAX_SLOT_SETS_STRETCHED = 8
OPENING_SLOT_SETS = 2
#: weekly sets a targeted group is given at least, even when its range starts lower
#: (within its ceiling): a muscle one asks for should see some work
MIN_TARGET_SETS = Decimal(4)

VOLUME_AIMS_VERSION = "volume-aims/1"
# Once every targeted group has its floor, the time left goes to sets up to this far
# into the goal's weekly range (0: the floor, 1: the ceiling), in a block's first week;
# the block's ramp adds to it. Hypertrophy starts near MEV and ramps (Israetel's
# MEV-to-MRV blocks); the other goals' ranges (MV to MAV-low) are narrow: halfway.
VOLUME_AIMS: Mapping[TrainingGoal, Decimal] = MappingProxyType(
    {
        TrainingGoal.strength: Decimal("0.5"),
        TrainingGoal.hypertrophy: Decimal("0.25"),
        TrainingGoal.endurance: Decimal("0.5"),
        TrainingGoal.general_fitness: Decimal("0.5"),
        TrainingGoal.fat_loss: Decimal("0.5"),
    }
)
# Groups whose first exercise in a session is a multi-joint lift (the main lift); the
# others start with a single-joint exercise.
COMPOUND_GROUPS = frozenset({"quads", "chest", "back", "hamstrings", "glutes", "front_delts"})
# Movement patterns that are not hard sets for a muscle (conditioning, jumps, throws,
# Olympic lifts, mobility): never chosen for volume.
NOT_FOR_VOLUME = frozenset({"conditioning", "mobility", "olympic", "plyometric", "throw"})
# Load types in order of preference: what takes a measurable, progressive load first.
LOAD_TYPE_ORDER: tuple[str, ...] = (
    "barbell",
    "dumbbell",
    "machine",
    "cable",
    "smith_machine",
    "ez_bar",
    "trap_bar",
    "landmine",
    "bodyweight",
    "kettlebell",
    "plate",
    "suspension",
    "band",
    "medicine_ball",
    "other",
)
# Skill levels each experience may be given.
SKILLS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "novice": frozenset({"beginner"}),
        "intermediate": frozenset({"beginner", "intermediate"}),
        "advanced": frozenset({"beginner", "intermediate", "advanced"}),
    }
)
# The order targeted groups get their sets: big multi-joint groups first, so the small
# ones are credited with the secondary work of the big lifts before they get their own.
GROUP_ORDER: tuple[str, ...] = (
    "quads",
    "chest",
    "back",
    "hamstrings",
    "glutes",
    "front_delts",
    "side_delts",
    "rear_delts",
    "triceps",
    "biceps",
    "traps",
    "calves",
    "abs",
)


def table_versions() -> tuple[tuple[str, str], ...]:
    """(name, version) of the generator's own tables."""
    return (
        ("exercise_preferences", EXERCISE_PREFERENCES_VERSION),
        ("rep_schemes", REP_SCHEMES_VERSION),
        ("rir_waves", RIR_WAVES_VERSION),
        ("splits", SPLITS_VERSION),
        ("volume_aims", VOLUME_AIMS_VERSION),
        ("weekday_spreads", WEEKDAYS_VERSION),
    )

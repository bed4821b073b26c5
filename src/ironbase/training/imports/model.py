"""The normalised model every importer produces and the exporter reads (frozen, comparable).

Masses are integer grams, distances integer metres, durations integer seconds (conversion
and rounding rules in ``values.py``). A ``started_at`` without ``tzinfo`` is the wall-clock
time the source wrote without a zone (Strong, Hevy, FitNotes, JEFIT): the caller places it
in the user's time zone. ``source_line`` fields point back into the file and take no part
in equality, so a re-imported export compares equal to what was exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class SourceFormat(StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"
    FITBOD = "fitbod"
    JEFIT = "jefit"


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"


class SetType(StrEnum):
    NORMAL = "normal"
    WARMUP = "warmup"
    DROP = "drop"
    FAILURE = "failure"
    AMRAP = "amrap"


@dataclass(frozen=True, slots=True)
class ImportedSet:
    set_type: SetType
    mass_g: int | None = None
    reps: int | None = None
    duration_s: int | None = None
    distance_m: int | None = None
    rpe: Decimal | None = None
    notes: str | None = None
    source_line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ImportedExercise:
    """One exercise of a workout, named as the source app wrote it (matched to the
    catalog's aliases later, outside this layer)."""

    name: str
    sets: tuple[ImportedSet, ...]
    notes: str | None = None
    superset_group: int | None = None
    source_line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ImportedWorkout:
    """``key`` is stable for the same workout of the same source: importing a file twice
    yields the same keys, which is how the second import is recognised and skipped."""

    key: str
    started_at: datetime
    ended_at: datetime | None
    title: str | None
    notes: str | None
    exercises: tuple[ImportedExercise, ...]
    source_line: int = field(default=0, compare=False)

    @property
    def set_count(self) -> int:
        return sum(len(exercise.sets) for exercise in self.exercises)


@dataclass(frozen=True, slots=True)
class ParsedImport:
    """A whole file, parsed. ``rows_skipped`` counts rows that are not sets (rest timers,
    notes, empty sets); ``unit`` is the mass unit the file was read in, if it had masses."""

    format: SourceFormat
    layout: str
    unit: Unit | None
    workouts: tuple[ImportedWorkout, ...]
    rows_read: int
    rows_skipped: int

    @property
    def set_count(self) -> int:
        return sum(workout.set_count for workout in self.workouts)

    @property
    def exercise_names(self) -> tuple[str, ...]:
        """Distinct names in first-seen order: what the caller resolves through aliases."""
        seen: dict[str, None] = {}
        for workout in self.workouts:
            for exercise in workout.exercises:
                seen.setdefault(exercise.name, None)
        return tuple(seen)

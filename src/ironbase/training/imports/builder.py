"""Collects parsed rows into workouts and exercises, in file order.

Rows of one workout need not be adjacent (they are grouped by the source's own workout
identity); rows of one exercise are: a run of rows with the same exercise name is one
exercise, and the same name again after another exercise is a second entry, as a lifter
who returns to an exercise later in the session logs it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime

from ironbase.training.imports.model import (
    ImportedExercise,
    ImportedSet,
    ImportedWorkout,
    SourceFormat,
)


def workout_key(source: SourceFormat, started_at: datetime, identity: str | None) -> str:
    """Stable for the same workout of the same source: the format, the start as written
    and the source's name for it (title, session id), hashed to a bounded length."""
    material = f"{started_at.isoformat()}\x1f{identity or ''}".encode()
    return f"{source.value}:{hashlib.sha256(material).hexdigest()[:32]}"


@dataclass
class DraftExercise:
    name: str
    line: int
    superset_group: int | None = None
    notes: list[str] = field(default_factory=list)
    sets: list[ImportedSet] = field(default_factory=list)

    def freeze(self) -> ImportedExercise:
        notes = "\n".join(self.notes) or None
        return ImportedExercise(
            self.name, tuple(self.sets), notes, self.superset_group, source_line=self.line
        )


@dataclass
class DraftWorkout:
    started_at: datetime
    title: str | None
    line: int
    identity: str | None = None
    ended_at: datetime | None = None
    notes: str | None = None
    exercises: list[DraftExercise] = field(default_factory=list)

    def exercise(self, name: str, line: int, superset_group: int | None = None) -> DraftExercise:
        last = self.exercises[-1] if self.exercises else None
        if last is not None and last.name == name:
            return last
        draft = DraftExercise(name, line, superset_group)
        self.exercises.append(draft)
        return draft

    def add_notes(self, notes: str | None) -> None:
        if notes and not self.notes:
            self.notes = notes

    def freeze(self, source: SourceFormat) -> ImportedWorkout:
        exercises = tuple(e.freeze() for e in self.exercises if e.sets or e.notes)
        return ImportedWorkout(
            key=workout_key(source, self.started_at, self.identity or self.title),
            started_at=self.started_at,
            ended_at=self.ended_at,
            title=self.title,
            notes=self.notes,
            exercises=exercises,
            source_line=self.line,
        )


class WorkoutCollector:
    def __init__(self, source: SourceFormat) -> None:
        self.source = source
        self._workouts: dict[Hashable, DraftWorkout] = {}
        self.rows_read = 0
        self.rows_skipped = 0

    def get(self, group: Hashable) -> DraftWorkout | None:
        return self._workouts.get(group)

    def add(self, group: Hashable, draft: DraftWorkout) -> DraftWorkout:
        return self._workouts.setdefault(group, draft)

    def workouts(self) -> tuple[ImportedWorkout, ...]:
        frozen = (draft.freeze(self.source) for draft in self._workouts.values())
        return tuple(workout for workout in frozen if workout.exercises)


def has_measure(entry: ImportedSet) -> bool:
    """A set with no weight, reps, time or distance is an empty placeholder, not a set."""
    return any(
        value is not None
        for value in (entry.mass_g, entry.reps, entry.duration_s, entry.distance_m)
    )

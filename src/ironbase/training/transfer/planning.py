"""From a parsed file to the rows one import writes. Pure; runs off the event loop.

Every bound the database checks on these rows is checked here first (title and note
lengths, a set's duration, a workout's length, positions, superset groups, dates), so a
file the log cannot hold is refused naming its line, before any write, never halfway
through one by a constraint.

- Workouts whose key is already in the person's log (an earlier import of the same data)
  are skipped whole and counted.
- Every other workout of the file is created, even when none of its exercises matched a
  name: a mapping made later then has the workout to join.
- An exercise whose name resolves becomes a workout exercise with its sets; one whose name
  does not waits as a pending row (its sets as JSON) at the position it had in the file.
- Wall-clock times (most sources write no zone) are the person's time zone; a duration
  stays exact across a change of summer time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from ironbase.training.imports import (
    ImportedExercise,
    ImportedSet,
    ImportedWorkout,
    ImportLineError,
    ParsedImport,
)

# The log's bounds (migrations 0005 and 0007), asked here so that they name a line.
MAX_TITLE = 200
MAX_WORKOUT_NOTES = 10_000
MAX_PART_NOTES = 2_000
MAX_NAME = 200
MAX_SET_SECONDS = 86_400
MAX_WORKOUT = dt.timedelta(hours=168)
MAX_POSITION = 999
MAX_SUPERSET_GROUPS = 100
EARLIEST = dt.datetime(1900, 1, 1)
LATEST = dt.datetime(2100, 1, 1)

Resolver = Callable[[str], uuid.UUID | None]


def mapping_key(name: str) -> str:
    """How a remembered mapping names another app's exercise: case and spacing folded
    (``Bench  press`` is ``bench press``), nothing else, so any script keeps its letters."""
    return " ".join(name.casefold().split())


WORKOUT_COLUMNS = ("id", "key", "started", "ended", "title", "notes")
EXERCISE_COLUMNS = ("id", "workout", "exercise", "position", "superset", "notes")
SET_VALUES = ("set_type", "weight_g", "unit", "reps", "duration_s", "distance_m", "rpe", "notes")
SET_COLUMNS = ("exercise", "position", *SET_VALUES)
PENDING_COLUMNS = ("workout_key", "name", "name_key", "position", "superset", "notes", "count")


def _columns(names: tuple[str, ...]) -> dict[str, list[Any]]:
    return {name: [] for name in names}


@dataclass
class ImportPlan:
    """Column arrays of the rows to insert (one statement writes them all)."""

    workouts: dict[str, list[Any]] = field(default_factory=lambda: _columns(WORKOUT_COLUMNS))
    exercises: dict[str, list[Any]] = field(default_factory=lambda: _columns(EXERCISE_COLUMNS))
    sets: dict[str, list[Any]] = field(default_factory=lambda: _columns(SET_COLUMNS))
    pending: dict[str, list[Any]] = field(default_factory=lambda: _columns(PENDING_COLUMNS))
    # Each pending row's sets, as JSON text.
    pending_sets: list[str] = field(default_factory=list)
    workouts_existing: int = 0
    sets_in_file: int = 0
    rows_not_sets: int = 0

    @property
    def sets_planned(self) -> int:
        return len(self.sets["position"])

    def rows_skipped(self, sets_created: int) -> int:
        """Rows that are not sets (rest timers, notes, empty sets) and sets not stored
        (workouts imported before, exercises waiting for a mapping)."""
        return self.rows_not_sets + self.sets_in_file - sets_created


class _Planner:
    def __init__(
        self, resolve: Resolver, existing: frozenset[str], time_zone: ZoneInfo, unit: str
    ) -> None:
        self.resolve = _memoised(resolve)
        self.existing = existing
        self.time_zone = time_zone
        self.unit = unit
        self.plan = ImportPlan()

    def workout(self, key: str, workout: ImportedWorkout) -> None:
        if key in self.existing:
            self.plan.workouts_existing += 1
            return
        started, ended = self._times(workout)
        line = workout.source_line
        workout_id = uuid.uuid4()
        columns = self.plan.workouts
        columns["id"].append(workout_id)
        columns["key"].append(key)
        columns["started"].append(started)
        columns["ended"].append(ended)
        columns["title"].append(_bounded(workout.title, MAX_TITLE, line, "the workout's title"))
        columns["notes"].append(
            _bounded(workout.notes, MAX_WORKOUT_NOTES, line, "the workout's notes")
        )
        groups = _superset_groups(workout)
        for position, exercise in enumerate(workout.exercises):
            if position > MAX_POSITION:
                raise ImportLineError(
                    exercise.source_line, f"a workout holds at most {MAX_POSITION + 1} exercises"
                )
            self.exercise(workout_id, key, position, groups.get(exercise.superset_group), exercise)

    def _times(self, workout: ImportedWorkout) -> tuple[dt.datetime, dt.datetime | None]:
        line = workout.source_line
        started = _instant(workout.started_at, self.time_zone, line)
        if workout.ended_at is None:
            return started, None
        if workout.started_at.tzinfo is None and workout.ended_at.tzinfo is None:
            ended = started + (workout.ended_at - workout.started_at)
        else:
            ended = _instant(workout.ended_at, self.time_zone, line)
        if ended < started:
            raise ImportLineError(line, "the workout ends before it starts")
        if ended - started > MAX_WORKOUT:
            raise ImportLineError(line, "the workout lasts more than 168 hours")
        return started, ended

    def exercise(
        self,
        workout_id: uuid.UUID,
        workout_key: str,
        position: int,
        group: int | None,
        exercise: ImportedExercise,
    ) -> None:
        line = exercise.source_line
        name = exercise.name
        if len(name) > MAX_NAME:
            raise ImportLineError(line, f"the exercise name is longer than {MAX_NAME} characters")
        notes = _bounded(exercise.notes, MAX_PART_NOTES, line, "the exercise's notes")
        if len(exercise.sets) > MAX_POSITION + 1:
            raise ImportLineError(
                exercise.sets[MAX_POSITION + 1].source_line,
                f"an exercise holds at most {MAX_POSITION + 1} sets",
            )
        sets = [self._set(entry) for entry in exercise.sets]
        exercise_id = self.resolve(name)
        if exercise_id is None:
            self._pending(workout_key, name, position, group, notes, sets)
            return
        own_id = uuid.uuid4()
        columns = self.plan.exercises
        columns["id"].append(own_id)
        columns["workout"].append(workout_id)
        columns["exercise"].append(exercise_id)
        columns["position"].append(position)
        columns["superset"].append(group)
        columns["notes"].append(notes)
        columns = self.plan.sets
        for set_position, values in enumerate(sets):
            columns["exercise"].append(own_id)
            columns["position"].append(set_position)
            for column in SET_VALUES:
                columns[column].append(values[column])

    def _set(self, entry: ImportedSet) -> dict[str, Any]:
        line = entry.source_line
        if entry.duration_s is not None and entry.duration_s > MAX_SET_SECONDS:
            raise ImportLineError(line, "a set lasts at most 24 hours")
        return {
            "set_type": entry.set_type.value,
            "weight_g": entry.mass_g,
            "unit": None if entry.mass_g is None else self.unit,
            "reps": entry.reps,
            "duration_s": entry.duration_s,
            "distance_m": entry.distance_m,
            "rpe": entry.rpe,
            "notes": _bounded(entry.notes, MAX_PART_NOTES, line, "the set's notes"),
        }

    def _pending(
        self,
        workout_key: str,
        name: str,
        position: int,
        group: int | None,
        notes: str | None,
        sets: list[dict[str, Any]],
    ) -> None:
        columns = self.plan.pending
        columns["workout_key"].append(workout_key)
        columns["name"].append(name)
        columns["name_key"].append(mapping_key(name))
        columns["position"].append(position)
        columns["superset"].append(group)
        columns["notes"].append(notes)
        columns["count"].append(len(sets))
        # Half-step RPEs are exact as floats; the JSON is read back by jsonb_to_recordset.
        portable = [{**s, "rpe": None if s["rpe"] is None else float(s["rpe"])} for s in sets]
        self.plan.pending_sets.append(orjson.dumps(portable).decode())


def workout_keys(parsed: ParsedImport) -> list[str]:
    """Each workout's key in the log. Two workouts of one file with the same start and
    title stay two: the second gets a suffix, the same one every time the file is read."""
    seen: Counter[str] = Counter()
    keys = []
    for workout in parsed.workouts:
        seen[workout.key] += 1
        count = seen[workout.key]
        keys.append(workout.key if count == 1 else f"{workout.key}#{count}")
    return keys


def _memoised(resolve: Resolver) -> Resolver:
    """A file names a few dozen exercises across thousands of rows."""
    known: dict[str, uuid.UUID | None] = {}

    def once(name: str) -> uuid.UUID | None:
        if name not in known:
            known[name] = resolve(name)
        return known[name]

    return once


def _bounded(text: str | None, limit: int, line: int, what: str) -> str | None:
    if text is not None and len(text) > limit:
        raise ImportLineError(line, f"{what} is longer than {limit} characters")
    return text


def _instant(moment: dt.datetime, time_zone: ZoneInfo, line: int) -> dt.datetime:
    wall = moment if moment.tzinfo is None else moment.astimezone(dt.UTC).replace(tzinfo=None)
    if not EARLIEST <= wall < LATEST:
        raise ImportLineError(line, f"the date {moment:%Y-%m-%d} is not between 1900 and 2100")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=time_zone)
    return moment.astimezone(dt.UTC)


def _superset_groups(workout: ImportedWorkout) -> dict[int | None, int | None]:
    """The source's superset ids (Hevy numbers them freely) as 0, 1, ... in order seen."""
    groups: dict[int | None, int | None] = {None: None}
    for exercise in workout.exercises:
        if exercise.superset_group not in groups:
            if len(groups) > MAX_SUPERSET_GROUPS:
                raise ImportLineError(
                    exercise.source_line,
                    f"a workout holds at most {MAX_SUPERSET_GROUPS} superset groups",
                )
            groups[exercise.superset_group] = len(groups) - 1
    return groups


def plan_import(
    parsed: ParsedImport,
    resolve: Resolver,
    existing: frozenset[str],
    time_zone: ZoneInfo,
    unit: str,
) -> ImportPlan:
    """The rows of ``parsed`` for a person whose log already holds the workout keys
    ``existing``; ``resolve`` names an exercise (mappings, own exercises, catalog); ``unit``
    labels the sets' masses (the file's unit, else the person's)."""
    planner = _Planner(resolve, existing, time_zone, unit)
    planner.plan.rows_not_sets = parsed.rows_skipped
    planner.plan.sets_in_file = parsed.set_count
    for key, workout in zip(workout_keys(parsed), parsed.workouts, strict=True):
        planner.workout(key, workout)
    return planner.plan

"""Writes the normalised model as a Strong 6.x CSV (semicolons, every field quoted), the
layout that states its units in its header: weights in kg, distances in metres, durations
in seconds, so grams and metres are written exactly and the file re-imports to the same
workouts and sets.

What the Strong layout cannot carry is lost: AMRAP sets are written as working sets,
superset groups are dropped, and a zone-aware start is written as its wall-clock time (the
caller converts to the user's zone first). Exercise notes travel as Strong ``Note`` rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from ironbase.training.imports.model import ImportedExercise, ImportedSet, ImportedWorkout, SetType

HEADER = (
    "Workout #",
    "Date",
    "Workout Name",
    "Duration (sec)",
    "Exercise Name",
    "Set Order",
    "Weight (kg)",
    "Reps",
    "RPE",
    "Distance (meters)",
    "Seconds",
    "Notes",
    "Workout Notes",
)
_ORDER_LETTERS = {SetType.WARMUP: "W", SetType.DROP: "D", SetType.FAILURE: "F"}


def _number(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else format(value, "f")


def _kg(grams: int | None) -> str:
    return "" if grams is None else format((Decimal(grams) / 1000).normalize(), "f")


def _set_rows(exercise: ImportedExercise) -> Iterator[list[str]]:
    if exercise.notes:
        yield [exercise.name, "Note", "", "", "", "", "", exercise.notes]
    working = 0
    for entry in exercise.sets:
        order = _ORDER_LETTERS.get(entry.set_type)
        if order is None:
            working += 1
            order = str(working)
        yield [exercise.name, order, *_measures(entry)]


def _measures(entry: ImportedSet) -> list[str]:
    return [
        _kg(entry.mass_g),
        _number(entry.reps),
        _number(entry.rpe),
        _number(entry.distance_m),
        _number(entry.duration_s),
        entry.notes or "",
    ]


def _workout_rows(number: int, workout: ImportedWorkout) -> Iterator[list[str]]:
    duration = ""
    if workout.ended_at is not None:
        seconds = int((workout.ended_at - workout.started_at).total_seconds())
        duration = str(seconds) if seconds > 0 else ""
    date = workout.started_at.strftime("%Y-%m-%d %H:%M:%S")
    lead = [str(number), date, workout.title or "", duration]
    for exercise in workout.exercises:
        for row in _set_rows(exercise):
            yield [*lead, *row, workout.notes or ""]


def _writer(buffer: io.StringIO) -> Any:
    return csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")


def header_line() -> str:
    buffer = io.StringIO()
    _writer(buffer).writerow(HEADER)
    return buffer.getvalue()


def workout_lines(number: int, workout: ImportedWorkout) -> Iterator[str]:
    """The lines of one workout (``Workout #`` is ``number``), one at a time."""
    buffer = io.StringIO()
    writer = _writer(buffer)
    for row in _workout_rows(number, workout):
        writer.writerow(row)
        yield _drain(buffer)


def export_rows(workouts: Iterable[ImportedWorkout]) -> Iterator[str]:
    """The CSV line by line (header first), for a streaming response."""
    yield header_line()
    for number, workout in enumerate(workouts, start=1):
        yield from workout_lines(number, workout)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def export_strong_csv(workouts: Iterable[ImportedWorkout]) -> str:
    return "".join(export_rows(workouts))

"""Hevy's workouts CSV: ``weight_kg``/``distance_km`` or ``weight_lbs``/``distance_miles``.

Dates are ``15 Sep 2025, 07:48`` (English month names, parsed here rather than with the
locale-dependent ``%b``); a workout is its title plus start time; ``\\n`` in notes is a
newline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from ironbase.training.imports import values
from ironbase.training.imports.builder import DraftWorkout, WorkoutCollector, has_measure
from ironbase.training.imports.columns import Header, Row
from ironbase.training.imports.model import ImportedSet, SetType, SourceFormat, Unit
from ironbase.training.imports.reading import Record
from ironbase.training.imports.values import Cell

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DATE = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?")
_SET_TYPES = {
    "normal": SetType.NORMAL,
    "warmup": SetType.WARMUP,
    "failure": SetType.FAILURE,
    "dropset": SetType.DROP,
}


def _timestamp(cell: Cell) -> datetime:
    match = _DATE.fullmatch(cell.text.strip())
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        raise cell.fail(f"{cell.text.strip()!r} is not a date like '15 Sep 2025, 07:48'")
    day, _, year, hour, minute, second = match.groups()
    try:
        return datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0))
    except ValueError as error:
        raise cell.fail(f"{cell.text.strip()!r} is not a real date") from error


def _notes(text: str) -> str | None:
    return text.replace("\\n", "\n").strip() or None


def _superset(cell: Cell) -> int | None:
    if cell.blank:
        return None
    text = cell.text.strip()
    if not text.isdigit():
        raise cell.fail(f"superset_id {text!r} is not a whole number")
    return int(text)


class _Reader:
    def __init__(self, header: Header) -> None:
        self.unit = Unit.LB if header.has("weight_lbs") else Unit.KG
        self.weight_column = "weight_lbs" if self.unit is Unit.LB else "weight_kg"
        miles = header.has("distance_miles")
        self.distance_column, self.distance_unit = (
            ("distance_miles", "mi") if miles else ("distance_km", "km")
        )
        self.collector = WorkoutCollector(SourceFormat.HEVY)

    def read(self, row: Row) -> None:
        self.collector.rows_read += 1
        workout = self._workout(row)
        name = row.text("exercise_title")
        if not name:
            raise row.cell("exercise_title").fail("no exercise name")
        exercise = workout.exercise(name, row.line, _superset(row.cell("superset_id")))
        notes = _notes(row.text("exercise_notes"))
        if notes and notes not in exercise.notes:
            exercise.notes.append(notes)
        entry = self._set(row)
        if has_measure(entry):
            exercise.sets.append(entry)
        else:
            self.collector.rows_skipped += 1

    def _workout(self, row: Row) -> DraftWorkout:
        started_at = _timestamp(row.cell("start_time"))
        title = row.text("title") or None
        group = (started_at, title)
        end = row.cell("end_time")
        ended_at = None if end.blank else _timestamp(end)
        draft = self.collector.get(group)
        if draft is None:
            draft = self.collector.add(group, DraftWorkout(started_at, title, row.line))
            draft.ended_at = ended_at
        draft.add_notes(_notes(row.text("description")))
        return draft

    def _set(self, row: Row) -> ImportedSet:
        kind = row.cell("set_type")
        set_type = _SET_TYPES.get(kind.text.strip().lower() or "normal")
        if set_type is None:
            raise kind.fail(f"unknown set_type {kind.text.strip()!r}")
        return ImportedSet(
            set_type=set_type,
            mass_g=values.mass_grams(row.cell(self.weight_column), self.unit),
            reps=values.reps(row.cell("reps")),
            duration_s=values.seconds(row.cell("duration_seconds")),
            distance_m=values.distance_metres(row.cell(self.distance_column), self.distance_unit),
            rpe=values.rpe(row.cell("rpe")),
            source_line=row.line,
        )


def parse(header: Header, rows: Iterable[Record]) -> tuple[WorkoutCollector, str, Unit]:
    reader = _Reader(header)
    for record in rows:
        reader.read(Row(header, record))
    return reader.collector, reader.unit.value, reader.unit

"""FitNotes (Android): the current header (a ``Weight Unit`` column, ``kgs``/``lbs``) and the
legacy one (``Weight (kgs)`` or ``Weight (lbs)``). No workout name: one workout per date,
starting at midnight of that date (FitNotes records no time)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ironbase.training.imports import values
from ironbase.training.imports.builder import DraftWorkout, WorkoutCollector, has_measure
from ironbase.training.imports.columns import Header, Row
from ironbase.training.imports.model import ImportedSet, SetType, SourceFormat, Unit
from ironbase.training.imports.reading import Record
from ironbase.training.imports.values import Cell

_LEGACY_WEIGHT = {"Weight (kgs)": Unit.KG, "Weight (lbs)": Unit.LB}
_TIME = re.compile(r"(\d+):(\d{1,2}):(\d{1,2})|(\d+):(\d{1,2})")


def _time(cell: Cell) -> int | None:
    text = cell.text.strip()
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if match is None:
        return values.seconds(cell, zero_is_absent=True)
    if match.group(1) is not None:
        hours, minutes, secs = (int(match.group(n)) for n in (1, 2, 3))
    else:
        hours, minutes, secs = 0, int(match.group(4)), int(match.group(5))
    if minutes > 59 or secs > 59:
        raise cell.fail(f"{text!r} is not a time like H:MM:SS")
    return hours * 3600 + minutes * 60 + secs or None


class _Reader:
    def __init__(self, header: Header) -> None:
        legacy = header.first_of(*_LEGACY_WEIGHT)
        self.layout = "legacy" if legacy else "current"
        self.weight_column = legacy or "Weight"
        self.fixed_unit = _LEGACY_WEIGHT[legacy] if legacy else None
        self.units: set[Unit] = set()
        self.collector = WorkoutCollector(SourceFormat.FITNOTES)

    def read(self, row: Row) -> None:
        self.collector.rows_read += 1
        day = values.timestamp(row.cell("Date"), "%Y-%m-%d")
        draft = self.collector.get(day) or self.collector.add(
            day, DraftWorkout(day, None, row.line)
        )
        name = row.text("Exercise")
        if not name:
            raise row.cell("Exercise").fail("no exercise name")
        entry = self._set(row)
        exercise = draft.exercise(name, row.line)
        if has_measure(entry):
            exercise.sets.append(entry)
        else:
            self.collector.rows_skipped += 1

    def _set(self, row: Row) -> ImportedSet:
        return ImportedSet(
            set_type=SetType.NORMAL,
            mass_g=self._mass(row),
            reps=values.reps(row.cell("Reps")),
            duration_s=_time(row.cell("Time")),
            distance_m=self._distance(row),
            notes=row.text("Comment") or None,
            source_line=row.line,
        )

    def _mass(self, row: Row) -> int | None:
        cell = row.cell(self.weight_column)
        if cell.blank:
            return None
        unit = self.fixed_unit or values.mass_unit(row.cell("Weight Unit"))
        self.units.add(unit)
        return values.mass_grams(cell, unit)

    def _distance(self, row: Row) -> int | None:
        cell = row.cell("Distance")
        amount = values.decimal(cell)
        if amount is None or amount == 0:
            return None
        return values.distance_metres(cell, values.distance_unit(row.cell("Distance Unit")))


def parse(header: Header, rows: Iterable[Record]) -> tuple[WorkoutCollector, str, Unit | None]:
    reader = _Reader(header)
    for record in rows:
        reader.read(Row(header, record))
    unit = next(iter(reader.units)) if len(reader.units) == 1 else None
    return reader.collector, reader.layout, unit

"""Strong: three layouts (see IMPORT_FORMATS.md), one reader driven by the layout's columns.

- ``semicolon-units``: unit columns per row (``Weight Unit``, ``Distance Unit``).
- ``comma``: no unit column; mass in the ``unit`` argument, distance in km (kg users) or
  miles (lb users), Strong's own pairing of the two settings; ``Duration`` as ``1h 5m``.
- ``6.x``: the unit in the column name (``Weight (kg)`` / ``Weight (lbs)``,
  ``Distance (meters)``), ``Duration (sec)``, a ``Workout #``.

Strong writes 0 for an absent distance, time or RPE, so 0 reads as absent there; a weight
of 0 is kept (a body-weight set). Semicolon files come from decimal-comma locales: there a
``102,5`` reads as 102.5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ironbase.training.imports import values
from ironbase.training.imports.builder import DraftWorkout, WorkoutCollector, has_measure
from ironbase.training.imports.columns import Header, Row
from ironbase.training.imports.errors import UnitRequiredError
from ironbase.training.imports.model import ImportedSet, SetType, SourceFormat, Unit
from ironbase.training.imports.reading import Record
from ironbase.training.imports.values import Cell

DATE_PATTERNS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
_SET_TYPES = {"w": SetType.WARMUP, "d": SetType.DROP, "f": SetType.FAILURE}
_SKIPPED_ORDERS = {"rest timer"}
_DURATION_TEXT = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?")
_WEIGHT_COLUMNS = {"Weight (kg)": Unit.KG, "Weight (lbs)": Unit.LB, "Weight (lb)": Unit.LB}
_DISTANCE_COLUMNS = {
    "Distance (meters)": "m",
    "Distance (km)": "km",
    "Distance (miles)": "mi",
    "Distance (mi)": "mi",
}
_DEFAULT_DISTANCE = {Unit.KG: "km", Unit.LB: "mi"}


@dataclass(frozen=True, slots=True)
class _Layout:
    name: str
    weight_column: str
    weight_unit: Unit | None
    distance_column: str
    distance_unit: str | None
    duration_column: str | None
    duration_in_seconds: bool


def layout_for(header: Header) -> _Layout:
    weight = header.first_of(*_WEIGHT_COLUMNS) or "Weight"
    distance = header.first_of(*_DISTANCE_COLUMNS) or "Distance"
    if weight in _WEIGHT_COLUMNS:
        name = "6.x"
    elif header.has("Weight Unit"):
        name = "semicolon-units"
    else:
        name = "comma"
    duration = header.first_of("Duration (sec)", "Duration", "Workout Duration")
    return _Layout(
        name=name,
        weight_column=weight,
        weight_unit=_WEIGHT_COLUMNS.get(weight),
        distance_column=distance,
        distance_unit=_DISTANCE_COLUMNS.get(distance),
        duration_column=duration,
        duration_in_seconds=duration == "Duration (sec)",
    )


class _Reader:
    def __init__(self, layout: _Layout, unit: Unit | None, decimal_comma: bool) -> None:
        self.layout = layout
        self.unit = layout.weight_unit or unit
        self.decimal_comma = decimal_comma
        self.collector = WorkoutCollector(SourceFormat.STRONG)
        self.units_seen: set[Unit] = set()

    def read(self, row: Row) -> None:
        self.collector.rows_read += 1
        order = row.text("Set Order")
        exercise = row.text("Exercise Name")
        if order.lower() in _SKIPPED_ORDERS or exercise.lower() in _SKIPPED_ORDERS:
            self.collector.rows_skipped += 1
            return
        if not exercise:
            raise row.cell("Exercise Name").fail("no exercise name")
        draft = self._workout(row).exercise(exercise, row.line)
        if order.lower() == "note":
            self.collector.rows_skipped += 1
            note = row.text("Notes")
            if note:
                draft.notes.append(note)
            return
        entry = self._set(row, _set_type(row.cell("Set Order")))
        if has_measure(entry):
            draft.sets.append(entry)
        else:
            self.collector.rows_skipped += 1

    def _workout(self, row: Row) -> DraftWorkout:
        started_at = values.timestamp(row.cell("Date"), *DATE_PATTERNS)
        title = row.text("Workout Name") or None
        group = (row.text("Workout #"), started_at, title)
        # Every row repeats the duration: each is checked, so a bad one names its line.
        ended_at = self._ended_at(row, started_at)
        draft = self.collector.get(group)
        if draft is None:
            draft = self.collector.add(group, DraftWorkout(started_at, title, row.line))
            draft.ended_at = ended_at
        draft.add_notes(row.text("Workout Notes") or None)
        return draft

    def _ended_at(self, row: Row, started_at: datetime) -> datetime | None:
        column = self.layout.duration_column
        if column is None:
            return None
        cell = row.cell(column)
        if self.layout.duration_in_seconds:
            duration = values.seconds(cell, self.decimal_comma, zero_is_absent=True)
        else:
            duration = _duration_text(cell)
        return None if duration is None else started_at + timedelta(seconds=duration)

    def _set(self, row: Row, set_type: SetType) -> ImportedSet:
        comma = self.decimal_comma
        return ImportedSet(
            set_type=set_type,
            mass_g=self._mass(row),
            reps=values.reps(row.cell("Reps"), comma),
            duration_s=values.seconds(row.cell("Seconds"), comma, zero_is_absent=True),
            distance_m=self._distance(row),
            rpe=values.rpe(row.cell("RPE"), comma, zero_is_absent=True),
            notes=row.text("Notes") or None,
            source_line=row.line,
        )

    def _mass(self, row: Row) -> int | None:
        cell = row.cell(self.layout.weight_column)
        if cell.blank:
            return None
        unit = self.unit
        if self.layout.name == "semicolon-units" and not row.cell("Weight Unit").blank:
            unit = values.mass_unit(row.cell("Weight Unit"))
        if unit is None:
            raise UnitRequiredError(
                "this Strong export does not say whether weights are kg or lb; "
                "choose the unit your Strong app was set to (unit=kg or unit=lb)"
            )
        self.units_seen.add(unit)
        return values.mass_grams(cell, unit, self.decimal_comma)

    def _distance(self, row: Row) -> int | None:
        cell = row.cell(self.layout.distance_column)
        amount = values.decimal(cell, self.decimal_comma)
        if amount is None or amount == 0:
            return None
        unit = self.layout.distance_unit
        if unit is None and not row.cell("Distance Unit").blank:
            unit = values.distance_unit(row.cell("Distance Unit"))
        if unit is None and self.unit is not None:
            unit = _DEFAULT_DISTANCE[self.unit]
        if unit is None:
            raise UnitRequiredError(
                "this Strong export does not say its distance unit; pass unit=kg (km) "
                "or unit=lb (miles)"
            )
        return values.distance_metres(cell, unit, self.decimal_comma)


def _set_type(cell: Cell) -> SetType:
    order = cell.text.strip().lower()
    if order.isdigit():
        return SetType.NORMAL
    set_type = _SET_TYPES.get(order)
    if set_type is None:
        raise cell.fail(f"unknown Set Order {cell.text.strip()!r} (a number, W, D or F)")
    return set_type


def _duration_text(cell: Cell) -> int | None:
    text = cell.text.strip()
    if not text:
        return None
    if text.replace(".", "", 1).isdigit():
        return values.seconds(cell, zero_is_absent=True)
    match = _DURATION_TEXT.fullmatch(text)
    if match is None or not any(match.groups()):
        raise cell.fail(f"{text!r} is not a duration like '1h 5m'")
    hours, minutes, secs = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + secs or None


def parse(
    header: Header, rows: Iterable[Record], unit: Unit | None, decimal_comma: bool
) -> tuple[WorkoutCollector, str, Unit | None]:
    reader = _Reader(layout_for(header), unit, decimal_comma)
    for record in rows:
        reader.read(Row(header, record))
    seen = reader.units_seen
    used = next(iter(seen)) if len(seen) == 1 else None
    return reader.collector, reader.layout.name, used

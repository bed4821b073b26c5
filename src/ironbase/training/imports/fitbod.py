"""Fitbod: always kg, a zone in every timestamp, no workout name.

A workout is a calendar date (in the timestamp's own offset) starting at its earliest
row. ``multiplier`` 2 means a pair of dumbbells; the weight stays per implement, as
lifters log dumbbells, and is not doubled. Fitbod writes 0.0 for an absent duration or
distance."""

from __future__ import annotations

from collections.abc import Iterable

from ironbase.training.imports import values
from ironbase.training.imports.builder import DraftWorkout, WorkoutCollector, has_measure
from ironbase.training.imports.columns import Header, Row
from ironbase.training.imports.model import ImportedSet, SetType, SourceFormat, Unit
from ironbase.training.imports.reading import Record
from ironbase.training.imports.values import Cell

_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "": False}


def _warmup(cell: Cell) -> bool:
    flag = _BOOLEANS.get(cell.text.strip().lower())
    if flag is None:
        raise cell.fail(f"isWarmup {cell.text.strip()!r} is not true or false")
    return flag


def _read(collector: WorkoutCollector, row: Row) -> None:
    collector.rows_read += 1
    at = values.timestamp(row.cell("Date"), "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S%z")
    draft = collector.get(at.date())
    if draft is None:
        draft = collector.add(at.date(), DraftWorkout(at, None, row.line, at.date().isoformat()))
    draft.started_at = min(draft.started_at, at)
    name = row.text("Exercise")
    if not name:
        raise row.cell("Exercise").fail("no exercise name")
    multiplier = values.decimal(row.cell("multiplier"))
    if multiplier is not None and multiplier <= 0:
        raise row.cell("multiplier").fail("multiplier must be positive")
    entry = ImportedSet(
        set_type=SetType.WARMUP if _warmup(row.cell("isWarmup")) else SetType.NORMAL,
        mass_g=values.mass_grams(row.cell("Weight(kg)"), Unit.KG),
        reps=values.reps(row.cell("Reps")),
        duration_s=values.seconds(row.cell("Duration(s)"), zero_is_absent=True),
        distance_m=values.distance_metres(row.cell("Distance(m)"), "m", zero_is_absent=True),
        notes=row.text("Note") or None,
        source_line=row.line,
    )
    exercise = draft.exercise(name, row.line)
    if has_measure(entry):
        exercise.sets.append(entry)
    else:
        collector.rows_skipped += 1


def parse(header: Header, rows: Iterable[Record]) -> tuple[WorkoutCollector, str, Unit]:
    collector = WorkoutCollector(SourceFormat.FITBOD)
    for record in rows:
        _read(collector, Row(header, record))
    return collector, "csv", Unit.KG

"""JEFIT: one file of ``### NAME ###`` sections, each with its own header.

Read: the mass unit from ``SETTING`` (a ``weightunit``-like column holding kg/lb; else the
``unit`` argument), sessions from ``WORKOUT SESSIONS`` (``_id`` and, when present, a
``starttime``/``endtime`` in Unix seconds), and sets from ``EXERCISE LOGS``, whose
``logs`` field packs them as ``60x10,65x8`` (weight x reps). Logs join their session
through ``belongsession``; a log without a known session is a workout of its ``mydate``.
Other sections (routines, body stats...) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ironbase.training.imports import values
from ironbase.training.imports.builder import DraftWorkout, WorkoutCollector
from ironbase.training.imports.columns import Header, Row, fold
from ironbase.training.imports.errors import ImportLineError, UnitRequiredError
from ironbase.training.imports.model import ImportedSet, SetType, SourceFormat, Unit
from ironbase.training.imports.reading import Record
from ironbase.training.imports.values import Cell

_UNIT_COLUMNS = ("weightunit", "weight_unit", "massunit", "mass_unit", "unit", "units")
_LOG_COLUMNS = ("logs", "belongsession", "mydate", "ename")
_SETTING, _SESSIONS, _LOGS = "setting", "workout sessions", "exercise logs"


@dataclass
class _Sections:
    unit: Unit | None = None
    sessions: dict[str, tuple[datetime, datetime | None]] = field(default_factory=dict)
    logs: list[Row] = field(default_factory=list)
    rows_read: int = 0


def section_name(first_field: str) -> str | None:
    text = first_field.strip()
    if text.startswith("###") and text.endswith("###"):
        return fold(text.strip("#"))
    return None


def _epoch(cell: Cell) -> datetime | None:
    seconds = values.decimal(cell)
    if seconds is None or seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(int(seconds), UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise cell.fail(f"{cell.text.strip()!r} is not a Unix time") from error


def _collect(records: Iterator[Record], first_section: str) -> _Sections:
    found = _Sections()
    section: str | None = first_section
    header: Header | None = None
    for record in records:
        name = section_name(record.fields[0])
        if name is not None:
            section, header = name, None
            continue
        if header is None:
            header = Header(record.fields)
            if section == _LOGS and not all(header.has(c) for c in _LOG_COLUMNS):
                raise ImportLineError(record.line, f"EXERCISE LOGS needs {', '.join(_LOG_COLUMNS)}")
            continue
        found.rows_read += 1
        _take(found, section, Row(header, record))
    return found


def _take(found: _Sections, section: str | None, row: Row) -> None:
    if section == _SETTING:
        column = row.header.first_of(*_UNIT_COLUMNS)
        if column is not None and not row.cell(column).blank:
            found.unit = values.mass_unit(row.cell(column))
    elif section == _SESSIONS:
        started = _epoch(row.cell("starttime"))
        if row.text("_id") and started is not None:
            found.sessions[row.text("_id")] = (started, _epoch(row.cell("endtime")))
    elif section == _LOGS:
        found.logs.append(row)


def _sets(cell: Cell, unit: Unit) -> list[ImportedSet]:
    sets = []
    for packed in cell.text.split(","):
        weight, sep, count = packed.strip().partition("x")
        if not sep:
            raise cell.fail(f"set {packed.strip()!r} is not weight x reps (e.g. 60x10)")
        part = Cell(cell.line, cell.column, weight)
        mass = values.mass_grams(part, unit)
        reps = values.reps(Cell(cell.line, cell.column, count))
        sets.append(ImportedSet(SetType.NORMAL, mass, reps, source_line=cell.line))
    return sets


def _workout(collector: WorkoutCollector, found: _Sections, row: Row) -> DraftWorkout:
    session = row.text("belongsession")
    known = found.sessions.get(session)
    if known is None:
        day = values.timestamp(row.cell("mydate"), "%Y-%m-%d")
        group: object = ("day", day)
        started, ended, identity = day, None, None
    else:
        group = ("session", session)
        (started, ended), identity = known, f"session {session}"
    draft = collector.get(group)
    if draft is None:
        draft = collector.add(group, DraftWorkout(started, None, row.line, identity, ended))
    return draft


def parse(
    records: Iterator[Record], first_section: str, unit: Unit | None
) -> tuple[WorkoutCollector, str, Unit]:
    found = _collect(records, first_section)
    mass_unit = found.unit or unit
    if mass_unit is None:
        raise UnitRequiredError(
            "this JEFIT export does not state its weight unit; pass unit=kg or unit=lb"
        )
    collector = WorkoutCollector(SourceFormat.JEFIT)
    collector.rows_read = found.rows_read
    for row in found.logs:
        draft = _workout(collector, found, row)
        name = row.text("ename")
        if not name:
            raise row.cell("ename").fail("no exercise name")
        if row.cell("logs").blank:
            collector.rows_skipped += 1
            continue
        draft.exercise(name, row.line).sets.extend(_sets(row.cell("logs"), mass_unit))
    return collector, "sections", mass_unit

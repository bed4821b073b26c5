"""Import and export of other training apps' files: pure parsing, no database.

``parse_import(data, unit=...)`` detects the format from the header (Strong in its three
layouts, Hevy, FitNotes, Fitbod, JEFIT), reads the whole file within the limits in
``reading`` and returns a ``ParsedImport``, or raises an ``ImportFileError`` (the first bad
line, with its number) and returns nothing: callers store all of it or none of it.
``export_strong_csv`` writes the model back as a Strong CSV that re-imports to the same
workouts and sets.
"""

from __future__ import annotations

from typing import BinaryIO

from ironbase.training.imports import fitbod, fitnotes, hevy, jefit, strong
from ironbase.training.imports.builder import WorkoutCollector
from ironbase.training.imports.columns import Header
from ironbase.training.imports.detect import detect
from ironbase.training.imports.errors import (
    ImportEncodingError,
    ImportFileError,
    ImportLineError,
    ImportTooLargeError,
    UnitRequiredError,
    UnknownFormatError,
)
from ironbase.training.imports.export import (
    export_rows,
    export_strong_csv,
    header_line,
    workout_lines,
)
from ironbase.training.imports.model import (
    ImportedExercise,
    ImportedSet,
    ImportedWorkout,
    ParsedImport,
    SetType,
    SourceFormat,
    Unit,
)
from ironbase.training.imports.reading import (
    MAX_FIELD_CHARS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    LineReader,
    open_source,
    records,
    split_header,
)

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "ImportEncodingError",
    "ImportFileError",
    "ImportLineError",
    "ImportTooLargeError",
    "ImportedExercise",
    "ImportedSet",
    "ImportedWorkout",
    "ParsedImport",
    "SetType",
    "SourceFormat",
    "Unit",
    "UnitRequiredError",
    "UnknownFormatError",
    "export_rows",
    "export_strong_csv",
    "header_line",
    "parse_import",
    "workout_lines",
]

_Parsed = tuple[WorkoutCollector, str, Unit | None]


def parse_import(source: bytes | BinaryIO, unit: Unit | str | None = None) -> ParsedImport:
    """Parse a whole export. ``unit`` (kg | lb) is used only by files that do not say."""
    chosen = _unit(unit)
    lines = LineReader(open_source(source))
    first = _header_line(lines)
    section = jefit.section_name(first.split(",")[0])
    parsed: _Parsed
    if section is not None:
        parsed = jefit.parse(records(lines, ","), section, chosen)
    else:
        parsed = _parse_csv(lines, first, chosen)
    collector, layout, used = parsed
    return ParsedImport(
        format=collector.source,
        layout=layout,
        unit=used,
        workouts=collector.workouts(),
        rows_read=collector.rows_read,
        rows_skipped=collector.rows_skipped,
    )


def _unit(unit: Unit | str | None) -> Unit | None:
    if unit is None or isinstance(unit, Unit):
        return unit
    try:
        return Unit(unit.strip().lower())
    except ValueError as error:
        raise ImportFileError(f"unit must be kg or lb, not {unit!r}") from error


def _header_line(lines: LineReader) -> str:
    for line in lines:
        if line.strip():
            return line
    raise UnknownFormatError("the file is empty; expected a CSV export with a header line")


def _parse_csv(lines: LineReader, first: str, unit: Unit | None) -> _Parsed:
    names, delimiter = split_header(first)
    header = Header(names)
    signature = detect(header)
    rows = records(lines, delimiter)
    if signature.format is SourceFormat.STRONG:
        return strong.parse(header, rows, unit, decimal_comma=delimiter == ";")
    if signature.format is SourceFormat.HEVY:
        return hevy.parse(header, rows)
    if signature.format is SourceFormat.FITNOTES:
        return fitnotes.parse(header, rows)
    return fitbod.parse(header, rows)

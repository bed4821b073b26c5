"""Why a file was refused. Pure exceptions: the API layer maps them to problem+json (4xx).

Every error carries a short machine-readable ``code`` and a sentence for the user; errors
about one line also carry its 1-based ``line`` (where the record starts in the file).
"""

from __future__ import annotations


class ImportFileError(ValueError):
    """The file cannot be imported; nothing of it may be stored."""

    code = "invalid-import"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownFormatError(ImportFileError):
    """The header matches none of the formats we read."""

    code = "unknown-format"


class ImportTooLargeError(ImportFileError):
    """Over a size limit (bytes, rows, line or field length), refused before more work."""

    code = "import-too-large"


class ImportEncodingError(ImportFileError):
    """Not UTF-8 (e.g. UTF-16 or a legacy code page)."""

    code = "bad-encoding"


class UnitRequiredError(ImportFileError):
    """The file does not state its mass unit and none was given."""

    code = "unit-required"


class ImportLineError(ImportFileError):
    """One line is wrong: a bad number, RPE 11, negative reps, an unparseable date..."""

    code = "invalid-line"

    def __init__(self, line: int, message: str, column: str | None = None) -> None:
        where = f"line {line}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")
        self.line = line
        self.column = column
        self.detail = message

"""Bounded, streaming reading of an uploaded file into CSV records with line numbers.

The limits are checked before or while reading, never after: a file over
``MAX_IMPORT_BYTES`` is refused before a byte of it is parsed (when its size is known) or as
soon as the count passes the limit; rows, line and field lengths are checked record by
record. Lines are decoded one at a time (UTF-8 is self-synchronising, so a newline never
splits a character), which lets encoding errors and NUL bytes name their exact line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ironbase.training.imports.errors import (
    ImportEncodingError,
    ImportLineError,
    ImportTooLargeError,
)

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000
MAX_FIELD_CHARS = 10_000
MAX_FIELDS_PER_ROW = 64
# A physical line longer than this cannot be a real export row (13 fields of notes at most).
MAX_LINE_BYTES = 256 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Record:
    """One CSV record; ``line`` is the 1-based physical line where it starts."""

    line: int
    fields: list[str]


def open_source(source: bytes | BinaryIO) -> BinaryIO:
    """A binary stream over the upload, refused up front if its size is known and too big."""
    if isinstance(source, bytes | bytearray | memoryview):
        size = len(source)
        _check_size(size)
        return io.BytesIO(bytes(source))
    if source.seekable():
        here = source.tell()
        size = source.seek(0, io.SEEK_END) - here
        source.seek(here)
        _check_size(size)
    return source


def _check_size(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ImportTooLargeError(
            f"the file is {size} bytes; the limit is {MAX_IMPORT_BYTES} bytes "
            f"({MAX_IMPORT_BYTES // (1024 * 1024)} MB)"
        )


class LineReader:
    """Decoded physical lines (endings kept, as ``csv`` wants), counting lines and bytes."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.count = 0
        self._bytes = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = self._stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            raise StopIteration
        self.count += 1
        self._bytes += len(raw)
        if self._bytes > MAX_IMPORT_BYTES:
            _check_size(self._bytes)
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise ImportTooLargeError(
                f"line {self.count} is longer than {MAX_LINE_BYTES} bytes; not an export row"
            )
        return self._decode(raw)

    def _decode(self, raw: bytes) -> str:
        if self.count == 1 and raw.startswith(_UTF16_BOMS):
            raise ImportEncodingError(
                "the file is UTF-16; export it again (or save it) as UTF-8 CSV"
            )
        if b"\x00" in raw:
            raise ImportLineError(self.count, "contains a NUL byte (not a text CSV file)")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = raw[error.start : error.start + 1].hex()
            raise ImportEncodingError(
                f"line {self.count}: byte 0x{bad} is not UTF-8; export the file again "
                "as UTF-8 (other encodings are not read)"
            ) from error
        if self.count == 1 and text.startswith(_UTF8_BOM):
            text = text[1:]
        return text


def split_header(line: str) -> tuple[list[str], str]:
    """The header's fields and the delimiter that splits it best (``;`` or ``,``)."""
    best: tuple[list[str], str] = ([], ",")
    for delimiter in (",", ";"):
        fields = next(csv.reader([line], delimiter=delimiter), [])
        if len(fields) > len(best[0]):
            best = (fields, delimiter)
    return [field.strip() for field in best[0]], best[1]


def records(lines: LineReader, delimiter: str) -> Iterator[Record]:
    """The records after the lines already consumed, blank ones dropped, each checked
    against the row, column and field limits before the caller sees it."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    rows = 0
    while True:
        start = lines.count + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportLineError(start, f"malformed CSV ({error})") from error
        if not any(field.strip() for field in fields):
            continue
        rows += 1
        _check_record(start, rows, fields)
        yield Record(start, fields)


def _check_record(line: int, rows: int, fields: list[str]) -> None:
    if rows > MAX_IMPORT_ROWS:
        raise ImportTooLargeError(f"more than {MAX_IMPORT_ROWS} rows (line {line})")
    if len(fields) > MAX_FIELDS_PER_ROW:
        raise ImportLineError(line, f"{len(fields)} fields; at most {MAX_FIELDS_PER_ROW}")
    for field in fields:
        if len(field) > MAX_FIELD_CHARS:
            raise ImportLineError(line, f"a field is longer than {MAX_FIELD_CHARS} characters")

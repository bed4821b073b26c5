"""Access to a record's fields by header name (case and surrounding spaces ignored)."""

from __future__ import annotations

from collections.abc import Iterable

from ironbase.training.imports.errors import ImportLineError
from ironbase.training.imports.reading import Record
from ironbase.training.imports.values import Cell


def fold(name: str) -> str:
    return " ".join(name.strip().lower().split())


class Header:
    def __init__(self, names: Iterable[str]) -> None:
        self.names = [name.strip() for name in names]
        self.index: dict[str, int] = {}
        for position, name in enumerate(self.names):
            self.index.setdefault(fold(name), position)
        # Importers ask for the same few column names on every row: fold each once.
        self._positions: dict[str, int | None] = {}

    def has(self, name: str) -> bool:
        return fold(name) in self.index

    def position(self, name: str) -> int | None:
        try:
            return self._positions[name]
        except KeyError:
            found = self._positions[name] = self.index.get(fold(name))
            return found

    def first_of(self, *names: str) -> str | None:
        return next((name for name in names if self.has(name)), None)


class Row:
    def __init__(self, header: Header, record: Record) -> None:
        extra = record.fields[len(header.names) :]
        if any(field.strip() for field in extra):
            raise ImportLineError(
                record.line,
                f"{len(record.fields)} fields where the header has {len(header.names)}",
            )
        self.header = header
        self.line = record.line
        self.fields = record.fields

    def cell(self, name: str) -> Cell:
        position = self.header.position(name)
        text = ""
        if position is not None and position < len(self.fields):
            text = self.fields[position]
        return Cell(self.line, name, text)

    def text(self, name: str) -> str:
        position = self.header.position(name)
        if position is None or position >= len(self.fields):
            return ""
        return self.fields[position].strip()

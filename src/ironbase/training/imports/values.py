"""Field parsing and exact unit conversion, each failure an ``ImportLineError``.

Numbers are read as ``Decimal`` (never float), so ``12.900000000000034`` kg is exactly
12 900.000000000034 g before rounding. Conversions use the exact definitions
(1 lb = 453.592 37 g, 1 mile = 1 609.344 m, 1 ft = 0.3048 m, 1 yd = 0.9144 m) and round
once, at the end, to the nearest gram / metre / second with halves rounded up
(``ROUND_HALF_UP``): 45 lb = 20 411.656 65 g -> 20 412 g.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ironbase.training.imports.errors import ImportLineError
from ironbase.training.imports.model import Unit

GRAMS_PER_UNIT = {Unit.KG: Decimal(1000), Unit.LB: Decimal("453.59237")}
METRES_PER = {
    "m": Decimal(1),
    "km": Decimal(1000),
    "mi": Decimal("1609.344"),
    "ft": Decimal("0.3048"),
    "yd": Decimal("0.9144"),
}
# Realistic bounds, the same as the database's checks, so a bad row is named here.
MAX_MASS_G = 1_000_000
MAX_REPS = 1000
MAX_DURATION_S = 7 * 24 * 3600
MAX_DISTANCE_M = 1_000_000
_RPE_MIN, _RPE_MAX = Decimal(1), Decimal(10)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_UNIT_NAMES = {"kg": Unit.KG, "kgs": Unit.KG, "lb": Unit.LB, "lbs": Unit.LB}
_DISTANCE_NAMES = {
    "m": "m",
    "meters": "m",
    "metres": "m",
    "km": "km",
    "kms": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "ft": "ft",
    "feet": "ft",
    "yd": "yd",
    "yards": "yd",
}


@dataclass(slots=True)
class Cell:
    """One field with where it came from, so every parse error can name line and column.

    Not frozen: a file makes one per field read, and a frozen dataclass costs twice as much
    to build (its fields are set through ``object.__setattr__``). Nothing changes one."""

    line: int
    column: str
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def fail(self, message: str) -> ImportLineError:
        return ImportLineError(self.line, message, self.column)


def optional_text(cell: Cell) -> str | None:
    text = cell.text.strip()
    return text or None


def decimal(cell: Cell, decimal_comma: bool = False) -> Decimal | None:
    """A plain decimal number or None when blank. A decimal comma is accepted only in
    semicolon-delimited files, where ``102,5`` cannot mean anything else."""
    text = cell.text.strip()
    if not text:
        return None
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise cell.fail(f"{cell.text.strip()!r} is not a number")
    try:
        value = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise cell.fail(f"{text!r} is not a number") from error
    if not value.is_finite():  # pragma: no cover - the pattern admits only finite numbers
        raise cell.fail(f"{text!r} is not a finite number")
    return value


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _bounded(cell: Cell, value: int, upper: int, what: str) -> int:
    if value < 0:
        raise cell.fail(f"negative {what} ({cell.text.strip()})")
    if value > upper:
        raise cell.fail(f"{what} {cell.text.strip()} is beyond the limit")
    return value


def mass_grams(cell: Cell, unit: Unit, decimal_comma: bool = False) -> int | None:
    value = decimal(cell, decimal_comma)
    if value is None:
        return None
    if value < 0:
        raise cell.fail(f"negative weight ({cell.text.strip()})")
    grams = _round(value * GRAMS_PER_UNIT[unit])
    return _bounded(cell, grams, MAX_MASS_G, "weight")


def reps(cell: Cell, decimal_comma: bool = False) -> int | None:
    value = decimal(cell, decimal_comma)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise cell.fail(f"reps must be a whole number, not {cell.text.strip()}")
    return _bounded(cell, int(value), MAX_REPS, "reps")


def seconds(cell: Cell, decimal_comma: bool = False, zero_is_absent: bool = False) -> int | None:
    value = decimal(cell, decimal_comma)
    if value is None or (zero_is_absent and value == 0):
        return None
    if value < 0:
        raise cell.fail(f"negative duration ({cell.text.strip()})")
    return _bounded(cell, _round(value), MAX_DURATION_S, "duration")


def distance_metres(
    cell: Cell, unit: str, decimal_comma: bool = False, zero_is_absent: bool = False
) -> int | None:
    value = decimal(cell, decimal_comma)
    if value is None or (zero_is_absent and value == 0):
        return None
    if value < 0:
        raise cell.fail(f"negative distance ({cell.text.strip()})")
    return _bounded(cell, _round(value * METRES_PER[unit]), MAX_DISTANCE_M, "distance")


def rpe(cell: Cell, decimal_comma: bool = False, zero_is_absent: bool = False) -> Decimal | None:
    """RPE 1-10 in halves (what every source offers); anything else names the line."""
    value = decimal(cell, decimal_comma)
    if value is None or (zero_is_absent and value == 0):
        return None
    if not _RPE_MIN <= value <= _RPE_MAX or (value * 2) % 1 != 0:
        raise cell.fail(f"RPE {cell.text.strip()} is not between 1 and 10 in steps of 0.5")
    return value.quantize(Decimal("0.1"))


def mass_unit(cell: Cell) -> Unit:
    unit = _UNIT_NAMES.get(cell.text.strip().lower())
    if unit is None:
        raise cell.fail(f"unknown weight unit {cell.text.strip()!r} (expected kg or lbs)")
    return unit


def distance_unit(cell: Cell) -> str:
    unit = _DISTANCE_NAMES.get(cell.text.strip().lower())
    if unit is None:
        raise cell.fail(f"unknown distance unit {cell.text.strip()!r} (expected m, km, mi)")
    return unit


def timestamp(cell: Cell, *patterns: str) -> datetime:
    text = cell.text.strip()
    parsed = _strptime(text, patterns)
    if parsed is None:
        raise cell.fail(f"{text!r} is not a date in the expected form")
    return parsed


@functools.lru_cache(maxsize=256)
def _strptime(text: str, patterns: tuple[str, ...]) -> datetime | None:
    """Every row of a workout repeats its date: parse each text once (strptime is slow)."""
    for pattern in patterns:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None

"""Masses at the API edge: kilograms and pounds to integer grams and back.

Storage is integer grams (``*_g`` columns); 1 lb is exactly 453.59237 g by definition.
Also the constrained number types every mass input uses, the checks and the rounding of
masses at the edge, and a route class that keeps JSON numbers exact.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal, TypeAlias

from fastapi import Request, Response
from pydantic import BeforeValidator, Field

from ironbase.kit.errors import InvalidInput
from ironbase.kit.retry import RetryingRoute

MassUnit: TypeAlias = Literal["kg", "lb"]

GRAMS_PER: dict[str, Decimal] = {"kg": Decimal(1000), "lb": Decimal("453.59237")}
_PLACES = Decimal("0.001")


def to_grams(value: Decimal | int, unit: MassUnit) -> int:
    """Whole grams, rounded half to even."""
    return int((Decimal(value) * GRAMS_PER[unit]).to_integral_value(ROUND_HALF_EVEN))


def from_grams(grams: int, unit: MassUnit) -> Decimal:
    """The mass in ``unit`` with three decimals (a gram is 0.001 kg; ~0.0022 lb)."""
    return (Decimal(grams) / GRAMS_PER[unit]).quantize(_PLACES, ROUND_HALF_EVEN)


def unit_of_system(unit_system: str) -> MassUnit:
    """``metric`` speaks kg, ``imperial`` speaks lb."""
    return "lb" if unit_system == "imperial" else "kg"


def checked_grams(field: str, mass: Decimal, unit: MassUnit, low: int, high: int) -> int:
    """Whole grams of a labelled mass, or a 422 naming ``field`` when outside [low, high]."""
    grams = to_grams(mass, unit)
    if not low <= grams <= high:
        limit = f"between {from_grams(low, unit)} and {from_grams(high, unit)} {unit}"
        raise InvalidInput(field, f"The mass must be {limit}.")
    return grams


def number(value: Fraction | Decimal) -> int | float:
    """Three decimals, and an integer when it is one (100, not 100.0)."""
    value = Fraction(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(_PLACES, ROUND_HALF_EVEN)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


# --- bounded numbers at the edge ------------------------------------------------------
#
# A mass needs a handful of digits. Anything longer is refused before Pydantic's own
# checks and before any arithmetic: Pydantic strips trailing zeros before counting
# digits (so "1.000…" with 5,000 zeros passed max_digits), and the standard JSON parser
# turns 1e-999999999 into 0.0 (a collar stored as 0). Decimal('1e10000000') itself is
# cheap; what is not (int('9' * 5000), Fraction of a huge exponent) never runs here.

MAX_NUMBER_TEXT = 24  # characters of a number written as a string
MAX_NUMBER_DIGITS = 15  # significant digits, trailing zeros included
MAX_EXPONENT = 9  # |exponent| of the decimal as written (1e9, 1e-9)


def _bounded_decimal(value: object) -> object:
    """Before-validator of every Decimal input: cheap refusals of absurd numbers."""
    if isinstance(value, bool):
        return value  # Pydantic's own check refuses it
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_TEXT:
            raise ValueError(f"a number has at most {MAX_NUMBER_TEXT} characters")
        try:
            value = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError("not a number") from exc
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        value = Decimal(repr(value))  # what the client wrote, without binary noise
    elif isinstance(value, int):
        if abs(value) >= 10**MAX_NUMBER_DIGITS:
            raise ValueError(f"a number has at most {MAX_NUMBER_DIGITS} digits")
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("must be a finite number")
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)  # finite
        if len(digits) > MAX_NUMBER_DIGITS or abs(exponent) > MAX_EXPONENT:
            raise ValueError(f"a number has at most {MAX_NUMBER_DIGITS} digits")
    return value


BoundedDecimal = BeforeValidator(_bounded_decimal)


# Masses in kg or lb, three decimals at most (1.25 kg, 0.625 lb): a value written finer
# (0.0001, 1e-999999999) is refused rather than rounded to 0.
Mass = Annotated[Decimal, BoundedDecimal, Field(gt=0, le=2500, max_digits=9, decimal_places=3)]
MassOrZero = Annotated[
    Decimal, BoundedDecimal, Field(ge=0, le=2500, max_digits=9, decimal_places=3)
]
StackIncrement = Annotated[
    Decimal, BoundedDecimal, Field(gt=0, le=1000, max_digits=9, decimal_places=3)
]
DumbbellMass = Annotated[
    Decimal, BoundedDecimal, Field(gt=0, le=200, max_digits=9, decimal_places=3)
]


def _json_number(text: str) -> Decimal:
    """JSON numbers with a fraction or exponent as exact Decimals (cheap for any text)."""
    return Decimal(text)


def _json_integer(text: str) -> int | Decimal:
    """Short integers as ints; a long one stays a Decimal for the validators to refuse
    (int() of thousands of digits is slow, and refused above 4,300 anyway)."""
    return int(text) if len(text) <= MAX_NUMBER_DIGITS + 1 else Decimal(text)


class _DecimalJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            self._json = json.loads(body, parse_float=_json_number, parse_int=_json_integer)
        return self._json


class DecimalJsonRoute(RetryingRoute):
    """Routes whose JSON bodies keep numbers exact: 2.5 arrives as Decimal('2.5') and
    1e-999999999 as itself (refused), not as the float 0.0. Transient conflicts are retried
    like on every other route."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def exact_numbers(request: Request) -> Response:
            return await handler(_DecimalJsonRequest(request.scope, request.receive))

        return exact_numbers

"""Programs and their inputs as canonical JSON, and back.

Canonical: keys sorted, no whitespace, numbers that must stay exact (Decimal, the plate
solver's Fraction grams) as strings, sets as sorted lists. So the same program is the same
bytes in any process (invariant 10), and a stored program reads back equal to what was
generated, which lets the checker run on stored programs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
import uuid
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

import orjson

from ironbase.gyms.plates import Mass, Plate
from ironbase.programs.generator import model


def to_data(value: Any) -> Any:
    """Plain JSON-able data: dataclasses as objects of their fields, exact numbers as
    strings, tuples as lists, frozensets sorted."""
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, Mass):
        return str(value.value)
    if isinstance(value, Plate):
        return {"mass": str(value.nominal), "unit": value.unit}
    names = _field_names(type(value))
    if names is not None:
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | Fraction | uuid.UUID):
        return str(value)
    if isinstance(value, tuple | list):
        return [to_data(x) for x in value]
    if isinstance(value, frozenset | set):
        return sorted(to_data(x) for x in value)
    raise TypeError(f"cannot encode {type(value).__name__}")


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (looked up once per class), None for other types."""
    if kind not in _FIELD_NAMES:
        names = None
        if dataclasses.is_dataclass(kind):
            names = tuple(f.name for f in dataclasses.fields(kind))
        _FIELD_NAMES[kind] = names
    return _FIELD_NAMES[kind]


def canonical(value: Any) -> bytes:
    """The canonical bytes of a program, its inputs or any part of them."""
    if isinstance(value, model.Inputs):
        return orjson.dumps(_inputs_data(value), option=orjson.OPT_SORT_KEYS)
    return orjson.dumps(to_data(value), option=orjson.OPT_SORT_KEYS)


def digest(inputs: model.Inputs) -> str:
    """sha256 of the canonical inputs, hex."""
    return hashlib.sha256(canonical(inputs)).hexdigest()


# The catalog is most of the inputs' bytes and the same tuple from one request to the
# next (a few hundred exercises): its canonical bytes are kept, by identity first (no
# work at all), then by equality (hashing the tuple, far cheaper than encoding it), and
# spliced in unchanged, so ``canonical(inputs)`` stays the same bytes.
_CATALOG_BY_IDENTITY: dict[int, tuple[tuple[model.CatalogExercise, ...], orjson.Fragment]] = {}
_IDENTITY_ENTRIES = 8


def _inputs_data(inputs: model.Inputs) -> dict[str, Any]:
    names = _field_names(model.Inputs) or ()
    data = {name: to_data(getattr(inputs, name)) for name in names if name != "catalog"}
    data["catalog"] = _catalog_fragment(inputs.catalog)
    return data


def _catalog_fragment(catalog: tuple[model.CatalogExercise, ...]) -> orjson.Fragment:
    entry = _CATALOG_BY_IDENTITY.get(id(catalog))
    if entry is not None and entry[0] is catalog:
        return entry[1]
    fragment = _encoded_catalog(catalog)
    if len(_CATALOG_BY_IDENTITY) >= _IDENTITY_ENTRIES:
        _CATALOG_BY_IDENTITY.clear()
    _CATALOG_BY_IDENTITY[id(catalog)] = (catalog, fragment)  # holds it: the id stays its
    return fragment


@lru_cache(maxsize=8)
def _encoded_catalog(catalog: tuple[model.CatalogExercise, ...]) -> orjson.Fragment:
    return orjson.Fragment(orjson.dumps(to_data(catalog), option=orjson.OPT_SORT_KEYS))


def program_from_data(data: Mapping[str, Any]) -> model.Program:
    program: model.Program = _decode(model.Program, data)
    return program


def inputs_from_data(data: Mapping[str, Any]) -> model.Inputs:
    inputs: model.Inputs = _decode(model.Inputs, data)
    return inputs


# --- decoding by the dataclasses' own annotations ----------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _decode(kind: Any, data: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        if data is None:
            return None
        return _decode(options[0], data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], x) for x in data)
        return tuple(_decode(a, x) for a, x in zip(args, data, strict=True))
    if origin is frozenset:
        (arg,) = typing.get_args(kind)
        return frozenset(_decode(arg, x) for x in data)
    if kind is Mass:
        return Mass.grams(Fraction(data))
    if kind is Plate:
        return Plate.kg(data["mass"]) if data["unit"] == "kg" else Plate.lb(data["mass"])
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        return kind(
            **{f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(kind)}
        )
    return _scalar(kind, data)


def _scalar(kind: Any, data: Any) -> Any:
    if kind is Decimal:
        return Decimal(data)
    if kind is uuid.UUID:
        return uuid.UUID(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind in (int, str, bool):
        if not isinstance(data, kind):
            raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
        return data
    if typing.get_origin(kind) is typing.Literal:
        if data not in typing.get_args(kind):
            raise TypeError(f"{data!r} is not one of {typing.get_args(kind)}")
        return data
    raise TypeError(f"cannot decode {kind!r}")

"""The inputs' digest, which every generation computes, keeps the catalog's encoded bytes:
the canonical bytes stay exactly those of the plain encoding."""

from __future__ import annotations

import dataclasses
import hashlib

import orjson

from ironbase.programs.generator import codec, samples


def plain(value: object) -> bytes:
    return orjson.dumps(codec.to_data(value), option=orjson.OPT_SORT_KEYS)


def test_canonical_inputs_are_the_plain_encoding() -> None:
    inputs = samples.inputs()
    assert codec.canonical(inputs) == plain(inputs)
    assert codec.canonical(inputs) == plain(inputs)  # from the kept bytes
    assert codec.digest(inputs) == hashlib.sha256(plain(inputs)).hexdigest()


def test_an_equal_catalog_in_other_objects_gives_the_same_bytes() -> None:
    inputs = samples.inputs()
    copied = dataclasses.replace(
        inputs, catalog=tuple(dataclasses.replace(x) for x in inputs.catalog)
    )
    assert copied.catalog is not inputs.catalog
    assert codec.canonical(copied) == codec.canonical(inputs)


def test_a_changed_catalog_changes_the_digest() -> None:
    inputs = samples.inputs()
    first = inputs.catalog[0]
    changed = dataclasses.replace(
        inputs, catalog=(dataclasses.replace(first, rep_max=first.rep_max + 1), *inputs.catalog[1:])
    )
    assert codec.digest(changed) != codec.digest(inputs)
    assert codec.canonical(changed) == plain(changed)
    assert codec.inputs_from_data(orjson.loads(codec.canonical(changed))) == changed

"""Reference data of the gyms domain: the city list shipped in ``gyms/data/cities.json``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import Boolean, Table, literal_column, or_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from ironbase.models.gyms import City

_COLUMNS = ("slug", "name", "country_code", "time_zone", "latitude", "longitude")


def read_cities() -> list[dict[str, Any]]:
    text = resources.files("ironbase.gyms").joinpath("data/cities.json").read_text("utf-8")
    cities: list[dict[str, Any]] = json.loads(text)
    return cities


def load_cities(conn: Connection) -> tuple[int, int]:
    """Upsert every shipped city by id; returns how many rows were (inserted, updated).

    Runs as ``service_role``. Rows that already match are left alone (no dead tuples on
    every start), and cities users' gyms point at are never deleted.
    """
    table: Table = City.__table__  # type: ignore[assignment]
    rows = [{"id": city["id"], **{name: city[name] for name in _COLUMNS}} for city in read_cities()]
    statement = insert(table).values(rows)
    excluded = statement.excluded
    upsert = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={name: excluded[name] for name in _COLUMNS},
        where=or_(*(table.c[name].is_distinct_from(excluded[name]) for name in _COLUMNS)),
    )
    # xmax = 0 only on a freshly inserted row; unchanged rows return nothing.
    returning = upsert.returning(literal_column("xmax = 0", type_=Boolean))
    fresh = [bool(flag) for flag in conn.execute(returning).scalars()]
    return sum(fresh), len(fresh) - sum(fresh)

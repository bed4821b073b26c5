"""The city loader is idempotent: a second run writes nothing; an edited row is put back."""

from __future__ import annotations

from sqlalchemy import text

from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.gyms.reference import load_cities, read_cities
from tests.gyms.conftest import Catalog


def test_loading_cities_twice_changes_nothing(
    database_target: DatabaseTarget, catalog: Catalog
) -> None:
    shipped = read_cities()
    with system_transaction(database_target) as conn:
        assert load_cities(conn) == (0, 0)
        count = conn.execute(text("select count(*) from cities")).scalar_one()
        assert count == len(shipped)
        # Someone edits a row by hand: the next load restores exactly that one.
        conn.execute(
            text("update cities set name = 'Renamed' where id = :id"), {"id": shipped[0]["id"]}
        )
        assert load_cities(conn) == (0, 1)
        name = conn.execute(
            text("select name from cities where id = :id"), {"id": shipped[0]["id"]}
        ).scalar_one()
    assert name == shipped[0]["name"]

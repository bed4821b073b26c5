"""Migrations go down to nothing and back up again cleanly on a fresh database."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from ironbase.db.setup import DatabaseTarget, downgrade, head_revision, prepare
from tests.conftest import _server_url
from tests.support import scratch_database


def _public_tables(target: DatabaseTarget) -> tuple[set[str], str | None]:
    engine = create_engine(target.admin_url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names(schema="public"))
            version = conn.exec_driver_sql("select version_num from alembic_version").scalar()
    finally:
        engine.dispose()
    return tables, version


def test_downgrade_to_base_and_upgrade_again(database_target: DatabaseTarget) -> None:
    password = database_target.authenticator_password
    with scratch_database(_server_url(), password, "ironbase_migrations") as target:
        downgrade(target, "base")
        tables, version = _public_tables(target)
        assert tables == {"alembic_version"}
        assert version is None
        prepare(target)
        tables, version = _public_tables(target)
    assert {"users", "admin_audit_log", "exercises", "gyms", "user_gym_plates"} <= tables
    assert version == head_revision()

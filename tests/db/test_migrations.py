"""Migrations go down to nothing and back up again cleanly on a fresh database."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, inspect

from ironbase.db.setup import DatabaseTarget, downgrade, head_revision, prepare
from ironbase.db.urls import with_database


def test_downgrade_to_base_and_upgrade_again(database_target: DatabaseTarget) -> None:
    name = f"ironbase_migrations_{uuid.uuid4().hex[:8]}"
    maintenance = create_engine(database_target.admin_url, isolation_level="AUTOCOMMIT")
    with maintenance.connect() as conn:
        conn.exec_driver_sql(f'create database "{name}"')
    target = DatabaseTarget(
        with_database(database_target.admin_url, name), database_target.authenticator_password
    )
    try:
        prepare(target)
        downgrade(target, "base")
        engine = create_engine(target.admin_url)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names(schema="public") == ["alembic_version"]
        engine.dispose()
        prepare(target)
        engine = create_engine(target.admin_url)
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names(schema="public"))
            version = conn.exec_driver_sql("select version_num from alembic_version").scalar()
        engine.dispose()
        assert {"users", "admin_audit_log", "admin_check_rate_limit"} <= tables
        assert version == head_revision()
    finally:
        with maintenance.connect() as conn:
            conn.exec_driver_sql(f'drop database if exists "{name}" with (force)')
        maintenance.dispose()

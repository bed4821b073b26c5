"""Migrations go down to nothing and back up again cleanly on a fresh database."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

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


def _prepare_in_process(url: str, password: str, start: Any) -> None:
    start.wait(timeout=60)  # every process imported and ready: now collide
    prepare(DatabaseTarget(make_url(url), password))


def test_databases_of_one_cluster_can_be_prepared_at_the_same_time(
    database_target: DatabaseTarget,
) -> None:
    """Roles are cluster-wide: simultaneous starts on different databases must not trip
    over each other ("tuple concurrently updated")."""
    password = database_target.authenticator_password
    with ExitStack() as stack:
        targets = [
            stack.enter_context(
                scratch_database(_server_url(), password, "ironbase_parallel", migrate=False)
            )
            for _ in range(4)
        ]
        urls = [t.admin_url.render_as_string(hide_password=False) for t in targets]
        context = multiprocessing.get_context("spawn")
        manager = stack.enter_context(context.Manager())
        start = manager.Barrier(len(urls))
        with ProcessPoolExecutor(len(urls), mp_context=context) as pool:
            futures = [pool.submit(_prepare_in_process, url, password, start) for url in urls]
            for future in futures:
                future.result(timeout=120)
        versions = {_public_tables(t)[1] for t in targets}
    assert versions == {head_revision()}

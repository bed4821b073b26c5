"""Synchronous transactions for system jobs (CLI, seeding) as ``service_role``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget


@contextmanager
def system_transaction(target: DatabaseTarget) -> Iterator[Connection]:
    """One transaction as service_role (BYPASSRLS) through the operator's URL."""
    engine = create_engine(target.admin_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("select set_config('role', :role, true)"), {"role": SERVICE_ROLE})
            yield conn
    finally:
        engine.dispose()

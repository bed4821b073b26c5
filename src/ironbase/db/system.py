"""Transactions for system jobs (CLI, seeding) as ``service_role``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from ironbase.db import pg
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn


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


@asynccontextmanager
async def system_tx(target: DatabaseTarget) -> AsyncIterator[pg.Tx]:
    """Like ``system_transaction`` but on asyncpg, for code shared with the API (e.g. the
    catalog checks): one transaction as service_role on a single connection through the
    operator's URL; committed when the block ends without an error."""
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-cli")
    try:
        async with conn.transaction():
            await conn.execute("select set_config('role', $1, true)", SERVICE_ROLE)
            yield pg.Tx(conn)
    finally:
        await conn.close()

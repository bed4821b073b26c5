"""Transactions for system jobs (CLI, seeding) as ``service_role``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from ironbase.db import pg
from ironbase.db.retry import retry_transient
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


async def in_batches(
    target: DatabaseTarget,
    one_batch: Callable[[pg.Tx], Awaitable[int]],
    *,
    batch: int,
    max_batches: int,
) -> int:
    """A worker job's loop: ``one_batch`` in its own transaction as service_role, again on
    a transient conflict, until a batch handles fewer than ``batch`` items or
    ``max_batches`` ran (the rest waits for the next run); how many items in all.

    Short transactions keep the rows they lock (``for update skip locked``) few, so a
    second worker shares the work instead of waiting for it."""
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-worker")
    tx = pg.Tx(conn)

    async def run_one() -> int:
        async with conn.transaction():
            await conn.execute("select set_config('role', $1, true)", SERVICE_ROLE)
            return await one_batch(tx)

    try:
        total = 0
        for _ in range(max_batches):
            done = await retry_transient(run_one)
            total += done
            if done < batch:
                break
        return total
    finally:
        await conn.close()

"""Synchronous transactions for system jobs (CLI, seeding) as ``service_role``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import async_url


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
async def async_system_session(target: DatabaseTarget) -> AsyncIterator[AsyncSession]:
    """Like ``system_transaction`` but async, for code shared with the API (e.g. checks)."""
    engine = create_async_engine(async_url(target.admin_url), poolclass=NullPool)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
            await session.execute(
                text("select set_config('role', :role, true)"), {"role": SERVICE_ROLE}
            )
            yield session
    finally:
        await engine.dispose()

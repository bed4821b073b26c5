"""One request = one transaction, whose first statement sets the role and the JWT claims."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ironbase.auth.context import AuthContext
from ironbase.db.retry import reconnect_once
from ironbase.kit.errors import ProblemError

# Bound parameters and is_local=true: the settings die with the transaction, so a pooled
# connection cannot carry one caller's identity into the next request.
SET_REQUEST_CONTEXT = text(
    "select set_config('role', :role, true), set_config('request.jwt.claims', :claims, true)"
)


async def _started(
    sessionmaker: async_sessionmaker[AsyncSession], caller: AuthContext
) -> AsyncSession:
    """A session whose transaction has run its first statement (the request context)."""
    session = sessionmaker()
    try:
        await session.execute(
            SET_REQUEST_CONTEXT, {"role": caller.db_role, "claims": caller.claims_json}
        )
    except BaseException:
        await session.close()
        raise
    return session


@asynccontextmanager
async def request_transaction(
    sessionmaker: async_sessionmaker[AsyncSession], caller: AuthContext
) -> AsyncIterator[AsyncSession]:
    # A pooled connection the server dropped fails on this first statement, before
    # anything of the request ran: take another one (see ironbase.db.retry).
    session = await reconnect_once(lambda: _started(sessionmaker, caller))
    async with session:
        try:
            yield session
        except ProblemError as exc:
            # Some refusals must still record what happened (failed-login counters, token reuse).
            await (session.commit() if exc.commit else session.rollback())
            raise
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()

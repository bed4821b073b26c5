"""One request = one transaction, whose first statement sets the role and the JWT claims."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ironbase.auth.context import AuthContext
from ironbase.kit.errors import ProblemError

# Bound parameters and is_local=true: the settings die with the transaction, so a pooled
# connection cannot carry one caller's identity into the next request.
SET_REQUEST_CONTEXT = text(
    "select set_config('role', :role, true), set_config('request.jwt.claims', :claims, true)"
)


@asynccontextmanager
async def request_transaction(
    sessionmaker: async_sessionmaker[AsyncSession], caller: AuthContext
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        await session.execute(
            SET_REQUEST_CONTEXT, {"role": caller.db_role, "claims": caller.claims_json}
        )
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

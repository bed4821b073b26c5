"""The API's connection pool: connects as ``authenticator`` and scrubs connections on return."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import PoolResetState
from sqlalchemy.util.concurrency import await_

log = logging.getLogger(__name__)

RESET_SQL = "RESET ROLE; RESET ALL"


def _reset_connection(dbapi_connection: Any, _record: Any, reset_state: PoolResetState) -> None:
    """After the pool's rollback: drop any role or setting a request left at session level.

    Requests only use transaction-local settings, so this is the second wall, not the first.
    """
    if reset_state.terminate_only:
        return
    # Simple-query protocol (no arguments) so both statements travel in one round trip.
    await_(dbapi_connection.driver_connection.execute(RESET_SQL))


def create_api_engine(
    url: URL | str, *, pool_size: int = 10, max_overflow: int = 10
) -> AsyncEngine:
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=1800,
        # The statement cache is per connection and safe with transaction-local settings.
        connect_args={"server_settings": {"application_name": "ironbase-api"}},
    )
    event.listen(engine.sync_engine, "reset", _reset_connection)
    return engine

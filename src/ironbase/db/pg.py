"""The request path on asyncpg: a pool as ``authenticator`` and one transaction per request.

Statements are SQLAlchemy Core (typed, from the models) or SQL text, compiled once into
asyncpg's ``$n`` form (:class:`Query`) and run as prepared statements from each
connection's statement cache. Rows come back as asyncpg records; endpoints turn them into
JSON without re-validating them (see :mod:`ironbase.kit.responses`).

Why not the SQLAlchemy session here: measured in bench/README.md, its asyncpg adapter and
ORM result processing cost several times the database work on hot reads (ADR 0005).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from sqlalchemy import ClauseElement, text
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.sql import Executable

from ironbase.auth.context import AuthContext
from ironbase.kit.errors import ProblemError

log = logging.getLogger(__name__)

_DIALECT = PGDialect_asyncpg(paramstyle="numeric_dollar")

# Bound parameters, is_local=true: the settings die with the transaction. This statement is
# the first wall: every transaction sets both, whatever an earlier one on this connection did.
SET_REQUEST_CONTEXT = (
    "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)"
)
# The second wall, run only on a connection whose request did not end cleanly.
FULL_RESET = "RESET ROLE; RESET ALL"
# Errors that mean "this pooled connection was dead before the request used it".
_DEAD_CONNECTION = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.InterfaceError,
    ConnectionError,
)


class Query:
    """A statement compiled once to ``$n`` SQL with the names of its parameters, in order."""

    __slots__ = ("bound", "names", "sql")

    def __init__(self, statement: Executable | ClauseElement | str) -> None:
        if isinstance(statement, str):
            statement = text(statement)
        compiled = statement.compile(dialect=_DIALECT)
        self.sql: str = str(compiled)
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        # Values written into the statement itself (``where(col == 5)``), for statements
        # built per call; named parameters given at run time take precedence.
        self.bound: dict[str, Any] = {
            name: bind.effective_value
            for name, bind in compiled.binds.items()
            if not bind.required and name in self.names
        }

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        values = {**self.bound, **params} if self.bound else params
        try:
            return [values[name] for name in self.names]
        except KeyError as exc:  # a programming error, named clearly
            raise TypeError(f"missing parameter {exc.args[0]!r} for: {self.sql}") from None

    def __repr__(self) -> str:
        return f"Query({self.sql!r})"


class Tx:
    """The caller's open transaction: the only thing repositories receive."""

    __slots__ = ("conn",)

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def fetch(self, query: Query, **params: Any) -> list[asyncpg.Record]:
        rows: list[asyncpg.Record] = await self.conn.fetch(query.sql, *query.args(params))
        return rows

    async def row(self, query: Query, **params: Any) -> asyncpg.Record | None:
        return await self.conn.fetchrow(query.sql, *query.args(params))

    async def value(self, query: Query, **params: Any) -> Any:
        return await self.conn.fetchval(query.sql, *query.args(params))

    async def execute(self, query: Query, **params: Any) -> str:
        status: str = await self.conn.execute(query.sql, *query.args(params))
        return status

    async def execute_many(self, query: Query, rows: Sequence[Mapping[str, Any]]) -> None:
        await self.conn.executemany(query.sql, [query.args(row) for row in rows])


def _encode_json(value: Any) -> str:
    return orjson.dumps(value).decode()


async def _init_connection(conn: asyncpg.Connection) -> None:
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=_encode_json, decoder=orjson.loads
        )


class ApiConnection(asyncpg.Connection):  # type: ignore[misc]
    """A pooled connection that remembers whether its last request ended cleanly."""

    __slots__ = ("_dirty",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._dirty = False

    def mark_dirty(self) -> None:
        self._dirty = True

    async def scrub_if_dirty(self) -> None:
        if self._dirty:
            await self.execute(FULL_RESET)
            self._dirty = False


async def _reset(conn: ApiConnection) -> None:
    """On release. asyncpg has already rolled back any open transaction. A request that ended
    cleanly ran only transaction-local settings, so nothing is left to scrub and no round trip
    is spent; one that failed or was cancelled gets the full reset."""
    await conn.scrub_if_dirty()


async def create_pool(dsn: str, *, min_size: int = 2, max_size: int = 20) -> asyncpg.Pool:
    pool: asyncpg.Pool = await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        init=_init_connection,
        reset=_reset,
        connection_class=ApiConnection,
        max_inactive_connection_lifetime=300,
        server_settings={"application_name": "ironbase-api"},
    )
    return pool


async def _begin(conn: asyncpg.Connection, caller: AuthContext) -> Any:
    transaction = conn.transaction()
    await transaction.start()
    await conn.execute(SET_REQUEST_CONTEXT, caller.db_role, caller.claims_json)
    return transaction


@asynccontextmanager
async def _connection_with_context(
    pool: asyncpg.Pool, caller: AuthContext
) -> AsyncIterator[tuple[asyncpg.Connection, Any]]:
    """A connection whose transaction has begun with the caller's role and claims.

    A pooled connection the server dropped (restart, failover, idle timeout) is only found
    out when used; that happens before the request ran anything, so one retry on a fresh
    connection is safe and spares the client a 500.
    """
    for attempt in (1, 2):
        conn = await pool.acquire()
        try:
            transaction = await _begin(conn, caller)
        except _DEAD_CONNECTION:
            await pool.release(conn)
            if attempt == 2:
                raise
            continue
        except BaseException:
            await pool.release(conn)
            raise
        try:
            yield conn, transaction
        finally:
            await pool.release(conn)
        return


async def _rollback_quietly(conn: asyncpg.Connection, transaction: Any) -> None:
    """Roll back after a failure without hiding it: a broken connection cannot roll back, and
    the pool discards it anyway."""
    if conn.is_closed():
        return
    try:
        await transaction.rollback()
    except (asyncpg.PostgresError, *_DEAD_CONNECTION):
        log.warning("rollback failed; the connection will be discarded")


@asynccontextmanager
async def request_transaction(pool: asyncpg.Pool, caller: AuthContext) -> AsyncIterator[Tx]:
    """One request = one transaction; committed when the block ends without an error."""
    async with _connection_with_context(pool, caller) as (conn, transaction):
        try:
            yield Tx(conn)
        except ProblemError as exc:
            # Some refusals must still record what happened (failed-login counters).
            await (transaction.commit() if exc.commit else transaction.rollback())
            raise
        except BaseException:
            conn.mark_dirty()
            await _rollback_quietly(conn, transaction)
            raise
        else:
            await transaction.commit()

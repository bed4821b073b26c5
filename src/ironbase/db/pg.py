"""The request path on asyncpg: a pool as ``authenticator`` and one transaction per request.

Statements are SQLAlchemy Core (typed, from the models) or SQL text, compiled once into
asyncpg's ``$n`` form (:class:`Query`) and run as prepared statements from each
connection's statement cache. Rows come back as asyncpg records; endpoints turn them into
JSON without re-validating them (see :mod:`ironbase.kit.responses`).

Why not the SQLAlchemy session here: measured in bench/README.md, its asyncpg adapter and
ORM result processing cost several times the database work on hot reads (ADR 0006).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any, TypeAlias

import asyncpg
import orjson
from sqlalchemy import ClauseElement, text
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.sql.compiler import SQLCompiler

from ironbase.kit.caller import AuthContext
from ironbase.kit.errors import ProblemError

log = logging.getLogger(__name__)

_DIALECT = PGDialect_asyncpg(paramstyle="numeric_dollar")  # type: ignore[no-untyped-call]

# The second wall, at no extra round trip: one simple-query message scrubs anything an
# earlier request could have left at session level (RESET ALL does not cover the role),
# then opens the request's transaction.
BEGIN = "RESET ROLE; RESET ALL; BEGIN"
# The first wall. Bound parameters, is_local=true: the settings die with the transaction.
SET_REQUEST_CONTEXT = (
    "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)"
)
# Errors that mean "this pooled connection was dead before the request used it".
_DEAD_CONNECTION = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.InterfaceError,
    # A connection the server closed while idle can be left mid-protocol ("another
    # operation is in progress") rather than closed.
    asyncpg.exceptions.InternalClientError,
    ConnectionError,
)


class Query:
    """A statement compiled once to ``$n`` SQL with the names of its parameters, in order."""

    __slots__ = ("bound", "names", "sql")

    def __init__(self, statement: ClauseElement | str) -> None:
        clause = text(statement) if isinstance(statement, str) else statement
        compiled = clause.compile(dialect=_DIALECT)
        assert isinstance(compiled, SQLCompiler)
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


# Opens one short transaction as the caller (``request_transaction``): services that
# compute after reading take this instead of the request's transaction.
Transactions: TypeAlias = Callable[[], AbstractAsyncContextManager[Tx]]


def _encode_json(value: Any) -> str:
    return orjson.dumps(value).decode()


async def _init_connection(conn: asyncpg.Connection) -> None:
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=_encode_json, decoder=orjson.loads
        )


async def _no_reset(_: asyncpg.Connection) -> None:
    """asyncpg's default reset costs a round trip on every release; BEGIN scrubs instead.
    (asyncpg still rolls back a transaction left open, before calling this.)"""


# Per context, not per process: a statement counts for the code that set the observer and
# the requests it makes (they run in its task or in tasks it starts), never for the app's
# own background work running meanwhile (the strings' poller), which would make counts flaky.
_observers: ContextVar[tuple[Callable[[str], None], ...]] = ContextVar(
    "statement_observers", default=()
)


@contextmanager
def observe_statements(callback: Callable[[str], None]) -> Iterator[None]:
    """Calls ``callback(sql)`` for every statement the request path sends from this context
    (tests count them)."""
    token = _observers.set((*_observers.get(), callback))
    try:
        yield
    finally:
        _observers.reset(token)


def _log_to_observers(record: Any) -> None:
    for callback in _observers.get():
        callback(record.query)


async def create_pool(dsn: str, *, min_size: int = 2, max_size: int = 20) -> asyncpg.Pool:
    pool: asyncpg.Pool = await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        init=_init_connection,
        reset=_no_reset,
        max_inactive_connection_lifetime=300,
        server_settings={"application_name": "ironbase-api"},
    )
    return pool


async def connect(dsn: str, *, application_name: str = "ironbase") -> asyncpg.Connection:
    """One connection set up like the pool's (json codecs), for system jobs (the CLI)."""
    conn: asyncpg.Connection = await asyncpg.connect(
        dsn, server_settings={"application_name": application_name}
    )
    try:
        await _init_connection(conn)
    except BaseException:
        await conn.close()
        raise
    return conn


async def _begin(conn: asyncpg.Connection, caller: AuthContext) -> None:
    if _observers.get():
        conn.add_query_logger(_log_to_observers)
    await conn.execute(BEGIN)
    await conn.execute(SET_REQUEST_CONTEXT, caller.db_role, caller.claims_json)


async def _discard(pool: asyncpg.Pool, conn: asyncpg.Connection) -> None:
    """Never hand this connection out again. One that asyncpg saw close has already gone
    back to its pool (the proxy is detached), which is what ``InterfaceError`` says here."""
    with contextlib.suppress(asyncpg.exceptions.InterfaceError):
        conn.terminate()
        await pool.release(conn)


@asynccontextmanager
async def _connection_with_context(
    pool: asyncpg.Pool, caller: AuthContext
) -> AsyncIterator[asyncpg.Connection]:
    """A connection whose transaction has begun with the caller's role and claims.

    A pooled connection the server dropped (restart, failover, idle timeout) is only found
    out when used; that happens before the request ran anything, so a retry is safe and
    spares the client a 500. When one pooled connection is dead the others usually are too
    (the server restarted): the whole pool is expired, so the retry gets a new connection.
    """
    for attempt in (1, 2):
        conn = await pool.acquire()
        try:
            await _begin(conn, caller)
        except _DEAD_CONNECTION:
            await _discard(pool, conn)
            if attempt == 2:
                raise
            await pool.expire_connections()
            continue
        except BaseException:
            await pool.release(conn)
            raise
        try:
            yield conn
        finally:
            conn.remove_query_logger(_log_to_observers)
            await pool.release(conn)
        return


async def fetch_outside_transaction(
    pool: asyncpg.Pool, query: Query, **params: Any
) -> list[asyncpg.Record]:
    """One statement as the pool's login (``authenticator``), in its own implicit
    transaction, committed before this returns: for work no request's rollback may undo
    and no request's locks may hold up (the rate-limit counters). ``authenticator`` reaches
    only what it was granted directly (definer functions), no table.

    Like a request, a pooled connection found dead is replaced once: use this only for a
    statement that may, rarely, run twice (a connection lost after the server ran it).
    """
    for attempt in (1, 2):
        conn = await pool.acquire()
        try:
            for callback in _observers.get():
                callback(query.sql)
            rows: list[asyncpg.Record] = await conn.fetch(query.sql, *query.args(params))
        except _DEAD_CONNECTION:
            await _discard(pool, conn)
            if attempt == 2:
                raise
            await pool.expire_connections()
            continue
        except BaseException:
            await pool.release(conn)
            raise
        await pool.release(conn)
        return rows
    raise AssertionError("unreachable")  # pragma: no cover


async def _rollback_quietly(conn: asyncpg.Connection) -> None:
    """Roll back after a failure without hiding it: a broken connection cannot roll back, and
    the pool discards it anyway."""
    if conn.is_closed():
        return
    try:
        await conn.execute("ROLLBACK")
    except (asyncpg.PostgresError, *_DEAD_CONNECTION):
        log.warning("rollback failed; the connection will be discarded")


@asynccontextmanager
async def request_transaction(pool: asyncpg.Pool, caller: AuthContext) -> AsyncIterator[Tx]:
    """One request = one transaction; committed when the block ends without an error."""
    async with _connection_with_context(pool, caller) as conn:
        try:
            yield Tx(conn)
        except ProblemError as exc:
            # Some refusals must still record what happened (failed-login counters).
            await conn.execute("COMMIT" if exc.commit else "ROLLBACK")
            raise
        except BaseException:
            await _rollback_quietly(conn)
            raise
        else:
            await conn.execute("COMMIT")

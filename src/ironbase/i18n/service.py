"""The process's texts: the shipped strings at once, the table's rows over them at start,
and again whenever the table changes (checked every ``IRONBASE_I18N_REFRESH_SECONDS`` by
one aggregate statement, in the background: requests never query for strings).

A client's bundle is every key in one language, falling back to English; it is built once
per snapshot and language and sent with an ``ETag``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg

from ironbase.db import pg
from ironbase.i18n import repository as repo
from ironbase.i18n.shipped import shipped_strings
from ironbase.kit.caller import AuthContext
from ironbase.kit.i18n import TEXTS, Table, Texts, merged, table_from_rows
from ironbase.kit.locales import locale_chain
from ironbase.kit.responses import dumps

log = logging.getLogger(__name__)


def install_shipped() -> None:
    """The shipped strings alone, until the table has been read (a process that already
    holds texts, another app's included, keeps them)."""
    if not len(TEXTS.current):
        TEXTS.install(Texts(shipped_strings()))


async def reload(pool: asyncpg.Pool) -> str:
    """Read the table and install it over the shipped strings; the table's fingerprint."""
    async with pg.request_transaction(pool, AuthContext.anonymous()) as tx:
        fingerprint = await repo.fingerprint(tx)
        rows = await repo.all_rows(tx)
    if len(rows) > repo.MAX_ROWS:
        log.warning("text_translations has over %s rows; the rest are not served", repo.MAX_ROWS)
        rows = rows[: repo.MAX_ROWS]
    TEXTS.install(Texts(merged(shipped_strings(), table_from_rows(rows))))
    return fingerprint


async def served_table(tx: pg.Tx) -> Table:
    """What the API serves: the table's rows over the shipped strings (for the check)."""
    return merged(shipped_strings(), table_from_rows(await repo.all_rows(tx)))


async def _fingerprint(pool: asyncpg.Pool) -> str:
    async with pg.request_transaction(pool, AuthContext.anonymous()) as tx:
        return await repo.fingerprint(tx)


async def _poll(pool: asyncpg.Pool, every_seconds: float, seen: str | None) -> None:
    while True:
        await asyncio.sleep(every_seconds)
        try:
            current = await _fingerprint(pool)
            if current != seen:
                seen = await reload(pool)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            # The database is away for a moment: keep serving the texts we have.
            log.warning("could not check text_translations: %s", type(exc).__name__)


@contextlib.asynccontextmanager
async def kept_fresh(pool: asyncpg.Pool, every_seconds: float) -> AsyncIterator[None]:
    """Load the table now, then follow its changes until the block ends."""
    seen: str | None = None
    try:
        seen = await reload(pool)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        log.warning("serving the shipped strings only: %s", type(exc).__name__)
    task = asyncio.create_task(_poll(pool, every_seconds, seen))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@dataclass(frozen=True, slots=True)
class Bundle:
    locale: str
    etag: str
    body: bytes


def bundle(requested: str) -> Bundle:
    """Every string in the first supported language of ``requested``'s chain (English for a
    language the platform does not speak), from the current snapshot."""
    return _bundle(TEXTS.current, tuple(locale_chain(requested)))


@functools.lru_cache(maxsize=16)
def _bundle(texts: Texts, chain: tuple[str, ...]) -> Bundle:
    locale = chain[0]
    body = {
        "locale": locale,
        "fallback": list(chain),
        "version": texts.version,
        "strings": dict(texts.bundle(locale)),
    }
    return Bundle(locale, f'"{texts.version}-{locale}"', dumps(body))

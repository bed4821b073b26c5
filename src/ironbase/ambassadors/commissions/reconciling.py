"""``ironbase ambassadors reconcile``: every ambassador's statement over a period, summed per
currency, against the ledger's own sums, in one repeatable-read snapshot (an event recorded
meanwhile cannot make the two disagree)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from ironbase.ambassadors.commissions import service
from ironbase.db import pg
from ironbase.db.roles import SERVICE_ROLE
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import asyncpg_dsn


async def reconcile(
    target: DatabaseTarget,
    period_from: dt.datetime | None,
    period_to: dt.datetime | None,
    ambassador_id: uuid.UUID | None,
    on_total: Callable[[int], None],
    on_done: Callable[[int], None],
) -> service.Reconciliation:
    conn = await pg.connect(asyncpg_dsn(target.admin_url), application_name="ironbase-cli")
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            await conn.execute("select set_config('role', $1, true)", SERVICE_ROLE)
            return await service.reconcile(
                pg.Tx(conn),
                period_from,
                period_to,
                ambassador_id,
                on_total=on_total,
                on_done=on_done,
            )
    finally:
        await conn.close()

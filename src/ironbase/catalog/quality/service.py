"""Running the catalog's database checks, storing their reports, listing them."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ironbase.catalog.quality import repository as repo
from ironbase.catalog.quality.database import Report, run_catalog_checks
from ironbase.db.pg import Tx
from ironbase.kit.notify import NotificationKind, notify_admins
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid

REPORTS_NEWEST = CursorKind("data-quality-reports.newest", (Timestamp(), Uuid()))


async def check_catalog(tx: Tx, created_by: uuid.UUID | None) -> tuple[Report, uuid.UUID]:
    """Run every check and store the report (``created_by`` None: the operator's shell); a
    report with errors notifies the administrators in the same transaction."""
    report = await run_catalog_checks(tx)
    report_id = await repo.store_report(tx, report, created_by)
    if report.errors:
        await notify_admins(tx, NotificationKind.data_quality_errors, report_id)
    return report, report_id


async def check_and_read(tx: Tx, created_by: uuid.UUID) -> asyncpg.Record | None:
    """Run the checks, store the report; the stored row, shaped as ``QualityReportOut``."""
    _, report_id = await check_catalog(tx, created_by)
    return await repo.get_report(tx, report_id)


async def list_reports(
    tx: Tx, limit: int, cursor: PageCursor
) -> tuple[list[asyncpg.Record], str | None]:
    """Newest first, shaped as ``QualityReportOut``."""
    key = cursor.after(REPORTS_NEWEST)
    after = None if key is None else (key[0], key[1])
    rows = await repo.list_reports(tx, limit=limit, after=after)
    return cursor.page(rows, limit, REPORTS_NEWEST, _newest_key)


def _newest_key(row: Any) -> tuple[Any, Any]:
    return row["created_at"], row["id"]

"""Stored data-quality reports: writing one, reading one, pages newest first."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict

import asyncpg
from sqlalchemy import Integer, bindparam, insert, select, tuple_
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.catalog.quality.database import Report
from ironbase.db.pg import Query, Tx
from ironbase.models import catalog as m

_REPORT = m.DataQualityReport
_STORE_REPORT = Query(
    insert(_REPORT)
    .values(
        kind="catalog",
        status=bindparam("status"),
        error_count=bindparam("error_count"),
        warning_count=bindparam("warning_count"),
        summary=bindparam("summary", type_=JSONB),
        findings=bindparam("findings", type_=JSONB),
        created_by=bindparam("created_by", type_=PG_UUID(as_uuid=True)),
    )
    .returning(_REPORT.id)
)


async def store_report(tx: Tx, report: Report, created_by: uuid.UUID | None) -> uuid.UUID:
    report_id: uuid.UUID = await tx.value(
        _STORE_REPORT,
        status=report.status,
        error_count=report.errors,
        warning_count=report.warnings,
        summary=report.summary,
        findings=[asdict(f) for f in report.findings],
        created_by=created_by,
    )
    return report_id


# The columns of QualityReportOut.
_REPORT_COLUMNS = (
    _REPORT.id,
    _REPORT.kind,
    _REPORT.status,
    _REPORT.error_count,
    _REPORT.warning_count,
    _REPORT.summary,
    _REPORT.findings,
    _REPORT.created_by,
    _REPORT.created_at,
)
_GET_REPORT = Query(
    select(*_REPORT_COLUMNS).where(
        _REPORT.id == bindparam("report_id", type_=PG_UUID(as_uuid=True))
    )
)


async def get_report(tx: Tx, report_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GET_REPORT, report_id=report_id)


def _reports_page(after: bool) -> Query:
    statement = select(*_REPORT_COLUMNS).order_by(_REPORT.created_at.desc(), _REPORT.id.desc())
    if after:
        key = tuple_(
            bindparam("after_created_at", type_=_REPORT.created_at.type),
            bindparam("after_id", type_=PG_UUID(as_uuid=True)),
        )
        statement = statement.where(tuple_(_REPORT.created_at, _REPORT.id) < key)
    return Query(statement.limit(bindparam("limit", type_=Integer)))


_REPORTS_PAGE = {after: _reports_page(after) for after in (False, True)}


async def list_reports(
    tx: Tx, *, limit: int, after: tuple[dt.datetime, uuid.UUID] | None
) -> list[asyncpg.Record]:
    """Newest first, keyset on (created_at, id); up to ``limit + 1`` rows."""
    if after is None:
        return await tx.fetch(_REPORTS_PAGE[False], limit=limit + 1)
    return await tx.fetch(
        _REPORTS_PAGE[True],
        limit=limit + 1,
        after_created_at=after[0],
        after_id=after[1],
    )

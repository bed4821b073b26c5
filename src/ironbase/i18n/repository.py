"""Reading ``text_translations`` whole (at start and after a change), and a cheap
fingerprint of it to notice changes."""

from __future__ import annotations

from sqlalchemy import func, literal_column, select

from ironbase.db.pg import Query, Tx
from ironbase.models.catalog import TextTranslation as T

# A bound on what one process holds: far above the shipped strings and vocabularies.
MAX_ROWS = 50_000

_ALL = Query(select(T.key, T.locale, T.value).order_by(T.key, T.locale).limit(MAX_ROWS + 1))

# Changes of any row change the sum (the table is small: a few thousand rows at most).
_ROW_HASH = func.hashtextextended(
    func.concat_ws(literal_column("chr(31)"), T.key, T.locale, T.value), literal_column("0")
)
_FINGERPRINT = Query(select(func.count(), func.coalesce(func.sum(_ROW_HASH), literal_column("0"))))


async def all_rows(tx: Tx) -> list[tuple[str, str, str]]:
    """Every row, up to MAX_ROWS + 1 (one more says the table is over the bound)."""
    return [(r["key"], r["locale"], r["value"]) for r in await tx.fetch(_ALL)]


async def fingerprint(tx: Tx) -> str:
    row = await tx.row(_FINGERPRINT)
    assert row is not None  # an aggregate always answers one row
    return f"{row[0]}:{row[1]}"

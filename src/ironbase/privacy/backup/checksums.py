"""Row counts and content checksums of tables, computed in SQL.

A table's checksum is independent of the order rows are stored or read in, and needs
constant memory however large the table: each row's text (``t::text``, every column in
table order) is hashed with md5, the 128 bits are split into two 64-bit integers, and each
half is summed over the table as ``numeric`` (no overflow, no wrap-around). The checksum is
the md5 of ``rows:sum_high:sum_low``. A changed, missing or added row changes the sums; the
same rows in another physical order do not.

Row text depends on session settings (time zone, date and interval styles, float digits,
bytea output): ``CANONICAL_SETTINGS`` fixes them for the backup and the restore alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ironbase.privacy.backup.manifest import TableSum

#: set with SET LOCAL in the transaction that reads the rows
CANONICAL_SETTINGS = (
    ("TimeZone", "UTC"),
    ("DateStyle", "ISO, YMD"),
    ("IntervalStyle", "postgres"),
    ("extra_float_digits", "3"),
    ("bytea_output", "hex"),
)

_CHECKSUM_SQL = """
select count(*) as rows,
       md5(count(*)::text || ':' || coalesce(sum(high), 0)::text || ':'
           || coalesce(sum(low), 0)::text) as checksum
from (
  select ('x' || substr(h, 1, 16))::bit(64)::bigint::numeric as high,
         ('x' || substr(h, 17, 16))::bit(64)::bigint::numeric as low
  from (select md5(t::text) as h from {relation} t) as hashed
) as halves
"""


def quote_table(name: str) -> str:
    """``schema.table`` as a quoted identifier (names come from the registry)."""
    schema, relation = name.split(".", 1)
    return '"' + schema.replace('"', '""') + '"."' + relation.replace('"', '""') + '"'


def use_canonical_settings(conn: Connection) -> None:
    for name, value in CANONICAL_SETTINGS:
        conn.execute(text("select set_config(:name, :value, true)"), {"name": name, "value": value})


def table_sum(conn: Connection, name: str) -> TableSum:
    """Count and checksum of one table, in the connection's transaction and snapshot."""
    statement = _CHECKSUM_SQL.format(relation=quote_table(name))
    row = conn.execute(text(statement)).one()
    return TableSum(name, int(row.rows), str(row.checksum))


def table_sums(
    conn: Connection,
    names: Sequence[str],
    progress: Callable[[str], None] = lambda name: None,
) -> tuple[TableSum, ...]:
    """Every table of ``names`` in order; ``progress`` gets each name once it is done."""
    sums = []
    for name in names:
        sums.append(table_sum(conn, name))
        progress(name)
    return tuple(sums)

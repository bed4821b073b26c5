"""The conflict rule as SQL, for every repository that writes synced training rows
(docs/adr/0008): per row, the write with the newer ``client_updated_at`` wins; a row is not
created again when it was deleted after the write's time.

Pieces of statements only: the repositories that use them keep their statements as
module-level ``Query`` constants, and every value stays a bound parameter.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import DateTime, Table, bindparam, func, or_, update
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from ironbase.db.pg import Query

# The time of a write: the client's stamp, else the server's (the transaction's start, the
# clock the change log's changed_at reads too).
WRITE_TIME = "coalesce(cast(:stamp as timestamptz), now())"


def deleted_after(table: str, row_id: str, at: str) -> str:
    """Whether this person's row was deleted after ``at`` (``ix_training_changes_row``)."""
    return f"""exists (
        select 1 from public.training_changes c
        where c.user_id = :user_id and c.row_id = {row_id} and c.table_name = '{table}'
          and c.op = 'delete' and c.changed_at > {at})"""  # noqa: S608 (constants only)


def merge(table: str, columns: Mapping[str, str], guard: str = "true") -> Query:
    """Writes rows given as one array per column (``:id``, each column, ``:stamp``).

    A stored row takes the values when its stamp is not newer than the write's, and only
    if something differs: the values, or the stamp of a stamped write (so two devices end
    with the newer one's row in either order, while an unstamped rewrite is a no-op). A
    missing row is inserted unless it was deleted after the write's time; a concurrent
    insert of the same id keeps the newer. ``guard`` filters the rows first."""
    names = list(columns)
    arrays = ", ".join(f"cast(:{n} as {t}[])" for n, t in {"id": "uuid", **columns}.items())
    assign = ", ".join(f"{n} = u.{n}" for n in names)
    stored = ", ".join(f"t.{n}" for n in names)
    given = ", ".join(f"u.{n}" for n in names)
    return Query(
        f"""
        with u as (
          select u.*, coalesce(u.stamp, now()) as at
          from unnest({arrays}, cast(:stamp as timestamptz[])) as u (id, {", ".join(names)}, stamp)
          where {guard}
        ), changed as (
          update public.{table} t set {assign}, client_updated_at = u.at
          from u
          where t.user_id = :user_id and t.id = u.id
            and (t.client_updated_at is null or t.client_updated_at <= u.at)
            and (({stored}) is distinct from ({given})
                 or (u.stamp is not null and t.client_updated_at is distinct from u.stamp))
        )
        insert into public.{table} as t (user_id, id, {", ".join(names)}, client_updated_at)
        select :user_id, u.id, {given}, u.at from u
        where not exists (select 1 from public.{table} o where o.user_id = :user_id and o.id = u.id)
          and not {deleted_after(table, "u.id", "u.at")}
        on conflict (user_id, id) do update
          set {", ".join(f"{n} = excluded.{n}" for n in names)},
              client_updated_at = excluded.client_updated_at
          where t.client_updated_at is null or t.client_updated_at < excluded.client_updated_at
        """  # noqa: S608 (names from the callers' modules; values are bound)
    )


def arrays(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> dict[str, list[Any]]:
    """The parameters of a ``merge``; a row without a ``stamp`` is written at the server's time."""
    values = {c: [r[c] for r in rows] for c in ("id", *columns)}
    return values | {"stamp": [r.get("stamp") for r in rows]}


@functools.cache
def single_row_edit(table: Table, columns: frozenset[str]) -> Query:
    """A PATCH of one of this person's rows (``:user_id``, ``:id``, a parameter per column,
    ``:stamp``), applied only when no newer write holds the row; it returns the id, so no
    row means "not yours, or a newer write won". One statement per table and set of
    columns, compiled once."""
    c = table.c
    at = func.coalesce(bindparam("stamp", type_=DateTime(timezone=True)), func.now())
    user_id, row_id = (bindparam(n, type_=PG_UUID(as_uuid=True)) for n in ("user_id", "id"))
    values = {name: bindparam(name, type_=c[name].type) for name in sorted(columns)}
    return Query(
        update(table)
        .where(
            c.user_id == user_id,
            c.id == row_id,
            or_(c.client_updated_at.is_(None), c.client_updated_at <= at),
        )
        .values(**values, client_updated_at=at)
        .returning(c.id)
    )

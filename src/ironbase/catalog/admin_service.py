"""Administrators curate the catalog: the procedure exercises and equipment share.

Every change is written to the audit log with the row as it was and as it is after, in
the same transaction as the change.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg

from ironbase.db.pg import Tx
from ironbase.kit import audit
from ironbase.kit.caller import AuthContext
from ironbase.kit.time import utcnow


@dataclass(frozen=True, slots=True)
class Curated:
    """One kind of catalog row that administrators create, edit, retire and restore."""

    kind: str  # names the audit actions: catalog.<kind>_update, ...
    table: str
    # The whole row, locked for update; raises NotFound when there is none.
    row: Callable[[Tx, uuid.UUID], Awaitable[asyncpg.Record]]
    update: Callable[[Tx, uuid.UUID, dict[str, Any]], Awaitable[None]]
    set_names: Callable[[Tx, uuid.UUID, dict[str, str]], Awaitable[None]]
    # The audited columns of a row, as JSON-ready values.
    snapshot: Callable[[Mapping[str, Any]], dict[str, Any]]

    async def record(
        self,
        tx: Tx,
        admin: AuthContext,
        verb: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any],
    ) -> None:
        await audit.record_change(
            tx,
            admin,
            action=f"catalog.{self.kind}_{verb}",
            target_table=self.table,
            target_id=after["id"],
            before=None if before is None else self.snapshot(before),
            after=self.snapshot(after),
        )


async def record_created(tx: Tx, admin: AuthContext, curated: Curated, new_id: uuid.UUID) -> None:
    await curated.record(tx, admin, "create", None, await curated.row(tx, new_id))


async def update(
    tx: Tx,
    admin: AuthContext,
    curated: Curated,
    row: asyncpg.Record,
    changes: dict[str, Any],
    names: dict[str, str] | None,
    relations: Callable[[], Awaitable[None]],
) -> None:
    """Write ``changes`` (checked by the caller), the names when given (English is the
    name column's), then the kind's own relations; audit the row before and after."""
    if changes:
        await curated.update(tx, row["id"], changes)
    if names is not None:
        await curated.set_names(tx, row["id"], {"en": changes.get("name", row["name"]), **names})
    await relations()
    await curated.record(tx, admin, "update", row, await curated.row(tx, row["id"]))


async def set_retired(
    tx: Tx, admin: AuthContext, curated: Curated, row: asyncpg.Record, retired: bool
) -> None:
    """Set or clear ``retired_at`` and audit it (also when it was already so: the
    administrator's intent is recorded either way). Retired rows leave lists and search but
    stay resolvable for history."""
    after = row
    if (row["retired_at"] is not None) != retired:
        await curated.update(tx, row["id"], {"retired_at": utcnow() if retired else None})
        after = await curated.row(tx, row["id"])
    await curated.record(tx, admin, "retire" if retired else "restore", row, after)

"""Writing the append-only admin audit log, from any domain, in the caller's transaction."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from ironbase.db.pg import Query, Tx
from ironbase.kit.caller import AuthContext
from ironbase.kit.context import client_ip_var, request_id_var

# json/jsonb parameters are encoded by the pool's codec (orjson): dicts go in as they are.
_INSERT = Query(
    "insert into admin_audit_log "
    "(actor_id, action, target_table, target_id, before, after, request_id, ip) "
    "values (:actor_id, :action, :target_table, :target_id, cast(:before as jsonb), "
    "cast(:after as jsonb), :request_id, cast(:ip as inet))"
)


def _valid_ip(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _plain(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Before/after snapshots hold uuids, decimals and times: stored as their text."""
    if value is None:
        return None
    return {key: _plain_value(item) for key, item in value.items()}


def _plain_value(item: Any) -> Any:
    if isinstance(item, dict):
        return _plain(item)
    if isinstance(item, list | tuple):
        return [_plain_value(x) for x in item]
    if item is None or isinstance(item, bool | int | float | str):
        return item
    return str(item)


async def record(
    tx: Tx,
    actor: AuthContext,
    *,
    action: str,
    target_table: str,
    target_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """One entry, in the same transaction as the change: both land or neither does.

    A plain INSERT without RETURNING: writers such as gym admins may append entries they
    are not allowed to read back.
    """
    await tx.execute(
        _INSERT,
        actor_id=actor.user_id,
        action=action,
        target_table=target_table,
        target_id=target_id,
        before=_plain(before),
        after=_plain(after),
        request_id=request_id_var.get(),
        ip=_valid_ip(client_ip_var.get()),
    )


async def record_change(
    tx: Tx,
    actor: AuthContext,
    *,
    action: str,
    target_table: str,
    target_id: object,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    """The entry for a change the caller has just made: the row as it was (None: it was
    created) and as it is now, by the same columns, with its id as text.

    Recorded also when nothing differs: the administrator's decision was taken again, by
    them, now. Every domain that changes a row on an administrator's word writes its entry
    through here.
    """
    await record(
        tx,
        actor,
        action=action,
        target_table=target_table,
        target_id=str(target_id),
        before=None if before is None else dict(before),
        after=None if after is None else dict(after),
    )

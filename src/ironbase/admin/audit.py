"""Writing the admin audit log on the SQLAlchemy session, for domains not yet on the asyncpg
request path (the asyncpg writer is ``ironbase.kit.audit``; the reader is ``admin.repository``)."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.auth.context import AuthContext
from ironbase.kit.context import client_ip_var, request_id_var

_INSERT = text(
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


async def record(
    session: AsyncSession,
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
    await session.execute(
        _INSERT,
        {
            "actor_id": actor.user_id,
            "action": action,
            "target_table": target_table,
            "target_id": target_id,
            "before": None if before is None else json.dumps(before, default=str),
            "after": None if after is None else json.dumps(after, default=str),
            "request_id": request_id_var.get(),
            "ip": _valid_ip(client_ip_var.get()),
        },
    )

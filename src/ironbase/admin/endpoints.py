"""/v1/admin: platform administration. Every change writes the audit log."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from ironbase.admin import repository as repo
from ironbase.admin.schemas import AdminUser, AuditEntry, UserAdminUpdate
from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.kit.pagination import (
    DEFAULT_LIMIT,
    Cursor,
    CursorKind,
    Int,
    Limit,
    Page,
    Timestamp,
)
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.users import service as users

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)

AUDIT_NEWEST = CursorKind("audit-log.newest", (Timestamp(), Int(1, 2**63 - 1)))


@router.patch("/users/{user_id}", response_model=AdminUser)
async def update_user(
    user_id: uuid.UUID, body: UserAdminUpdate, admin: CurrentAdmin, tx: Tx
) -> JSONBytes:
    await users.set_pro_status(tx, admin, user_id, body.is_pro)
    return JSONBytes({"id": user_id, "is_pro": body.is_pro})


@router.get("/audit-log", response_model=Page[AuditEntry])
async def audit_log(
    admin: CurrentAdmin,
    tx: Tx,
    cursor: Cursor,
    target_table: Annotated[str | None, Query(max_length=63)] = None,
    target_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = DEFAULT_LIMIT,
) -> JSONBytes:
    key = cursor.after(AUDIT_NEWEST)
    rows = await repo.list_entries(
        tx,
        limit=limit,
        after_key=None if key is None else (key[0], key[1]),
        target_table=target_table,
        target_id=target_id,
    )
    items, next_cursor = cursor.page(rows, limit, AUDIT_NEWEST, lambda e: (e["at"], e["id"]))
    return JSONBytes({"items": [repo.entry_body(e) for e in items], "next_cursor": next_cursor})

"""/v1/admin: platform administration. Every change writes the audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from ironbase.admin import audit
from ironbase.admin.schemas import AdminUser, AuditEntry, UserAdminUpdate
from ironbase.auth.dependencies import CurrentAdmin, Db
from ironbase.kit.errors import InvalidInput
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_cursor, page_of
from ironbase.kit.retry import RetryingRoute
from ironbase.users import service as users

router = APIRouter(prefix="/admin", tags=["admin"], route_class=RetryingRoute)


@router.patch("/users/{user_id}", response_model=AdminUser)
async def update_user(
    user_id: uuid.UUID, body: UserAdminUpdate, admin: CurrentAdmin, db: Db
) -> AdminUser:
    await users.set_pro_status(db, admin, user_id, body.is_pro)
    return AdminUser(id=user_id, is_pro=body.is_pro)


@router.get("/audit-log", response_model=Page[AuditEntry])
async def audit_log(
    admin: CurrentAdmin,
    db: Db,
    target_table: Annotated[str | None, Query(max_length=63)] = None,
    target_id: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[AuditEntry]:
    key = decode_cursor(cursor, 2)
    if key is not None:
        try:
            dt.datetime.fromisoformat(str(key[0]))
            int(key[1])
        except (TypeError, ValueError) as exc:
            raise InvalidInput("cursor", "The cursor is not one this server issued.") from exc
    rows = await audit.list_entries(
        db, limit=limit, after_key=key, target_table=target_table, target_id=target_id
    )
    items, next_cursor = page_of(rows, limit, lambda e: (e.at.isoformat(), e.id))
    return Page[AuditEntry](
        items=[AuditEntry.model_validate(e) for e in items], next_cursor=next_cursor
    )

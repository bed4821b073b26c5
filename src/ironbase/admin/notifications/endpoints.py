"""/v1/admin/notifications: what operators must see (administrators only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query

from ironbase.admin.notifications import service
from ironbase.admin.notifications.schemas import Notification, NotificationCounts
from ironbase.auth.dependencies import CurrentAdmin, Tx
from ironbase.kit.notify import NotificationKind
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute

router = APIRouter(prefix="/admin/notifications", tags=["admin"], route_class=RetryingRoute)

AcceptLanguage = Annotated[str | None, Header(max_length=200)]


@router.get("", response_model=Page[Notification])
async def list_notifications(
    admin: CurrentAdmin,
    tx: Tx,
    cursor: Cursor,
    kind: NotificationKind | None = None,
    unread: Annotated[bool | None, Query(description="Only unread (true) or read (false).")] = None,
    resolved: Annotated[
        bool | None, Query(description="Only resolved (true) or open (false).")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    accept_language: AcceptLanguage = None,
) -> JSONBytes:
    page = await service.list_notifications(
        tx,
        admin,
        kind=kind,
        unread=unread,
        resolved=resolved,
        limit=limit,
        cursor=cursor,
        accept_language=accept_language,
    )
    return JSONBytes(page)


@router.get("/unread-count", response_model=NotificationCounts)
async def unread_count(admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    """Unread notifications (for a badge), and open (not resolved) ones."""
    return JSONBytes(await service.counts(tx))


@router.post("/{notification_id}/read", response_model=Notification)
async def mark_read(
    notification_id: uuid.UUID, admin: CurrentAdmin, tx: Tx, accept_language: AcceptLanguage = None
) -> JSONBytes:
    return JSONBytes(await service.mark_read(tx, admin, notification_id, accept_language))


@router.post("/{notification_id}/resolve", response_model=Notification)
async def resolve(
    notification_id: uuid.UUID, admin: CurrentAdmin, tx: Tx, accept_language: AcceptLanguage = None
) -> JSONBytes:
    """Resolve it (it also counts as read); audited."""
    return JSONBytes(await service.resolve(tx, admin, notification_id, accept_language))

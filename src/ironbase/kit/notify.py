"""Telling the administrators that something happened, from any domain, in the caller's
transaction (like ``kit.audit``: the event and its notification land together or not at all).

The database function ``public.notify_admins`` does the writing (migration
``0009_operator_console``): it picks the severity, the text key and the dedupe key, checks
that the caller's role may report the kind and that the subject is real, and keeps one open
notification per (kind, dedupe key), counting repeats on it.

Kinds and who reports them:

- ``data_quality_errors``: a stored data-quality report with errors (``catalog.quality``;
  the admin API or ``ironbase catalog check``). Subject: the report id.
- ``gym_role_request``: someone asked to run a gym (``gyms.roles``), resolved by itself when
  the request is decided. Subject: the request id.
- ``repeated_failed_logins``: an account's failed sign-ins reached
  ``IRONBASE_LOGIN_FAILURES_NOTIFY`` (``auth``). Subject: the account id;
  params ``{"failures": n}``.
- ``flagged_post``, ``ambassador_application``, ``backup_failed``: for the domains and jobs
  still to come. Today only ``service_role`` (the operator's URL) may report them; the
  migration that adds posts or ambassador applications widens the function for people,
  with a check on the row, as ``gym_role_request`` does. A backup job reports a failure with
  ``select public.notify_admins('backup_failed', '<backup name>', '{"error": "..."}')``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from ironbase.db.pg import Query, Tx


class NotificationKind(StrEnum):
    data_quality_errors = "data_quality_errors"
    gym_role_request = "gym_role_request"
    flagged_post = "flagged_post"
    ambassador_application = "ambassador_application"
    repeated_failed_logins = "repeated_failed_logins"
    backup_failed = "backup_failed"


class Severity(StrEnum):
    info = "info"
    warning = "warning"
    error = "error"
    critical = "critical"


def text_key(kind: NotificationKind | str) -> str:
    """The prefix of a kind's texts: ``<prefix>.title`` and ``<prefix>.body``."""
    return f"notification.{kind}"


_NOTIFY = Query(
    "select public.notify_admins(:kind, :subject_id, cast(:params as jsonb))",
)
_SETTLE = Query("select public.settle_admin_notifications(:kind, :subject_id)")


async def notify_admins(
    tx: Tx,
    kind: NotificationKind,
    subject_id: object,
    params: Mapping[str, Any] | None = None,
) -> uuid.UUID:
    """Open (or count one more occurrence on) the notification of ``kind`` for ``subject_id``;
    its id."""
    notification_id: uuid.UUID = await tx.value(
        _NOTIFY, kind=kind.value, subject_id=str(subject_id), params=dict(params or {})
    )
    return notification_id


async def settle(tx: Tx, kind: NotificationKind, subject_id: object) -> int:
    """Resolve the open notification of a subject the database finds settled (a decided
    role request); how many were resolved."""
    count: int = await tx.value(_SETTLE, kind=kind.value, subject_id=str(subject_id))
    return count

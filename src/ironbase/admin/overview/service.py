"""The overview's numbers, shaped as ``schemas.Overview``."""

from __future__ import annotations

from typing import Any

from ironbase.admin.overview import repository as repo
from ironbase.db.pg import Tx


async def overview(tx: Tx) -> dict[str, Any]:
    row = await repo.overview(tx)
    return {
        "users": row["users"],
        "pro_users": row["pro_users"],
        "active_programs": row["active_programs"],
        "notifications": {
            "open": row["open_notifications"],
            "unread": row["unread_notifications"],
        },
        "daily": row["daily"],
        "last_data_quality_report": row["last_report"],
        "generated_at": row["generated_at"],
        "notes": {},
    }

"""The caller's achievements: every definition, theirs marked, progress toward the next."""

from __future__ import annotations

from typing import Any

from ironbase.db.pg import Tx
from ironbase.kit.caller import SignedIn
from ironbase.social.achievements import repository as repo
from ironbase.social.achievements.definitions import UNEVALUATED_KINDS


async def earned(tx: Tx, caller: SignedIn, slug: str) -> dict[str, Any] | None:
    """One achievement the caller has earned (slug, names in every language, earned_at, the
    workout or set that earned it), or None."""
    row = await repo.earned(tx, caller.user_id, slug)
    if row is None:
        return None
    return {
        "slug": row["slug"],
        "names": row["names"] or {},
        "earned_at": row["earned_at"].isoformat(),
        "workout_id": row["workout_id"] and str(row["workout_id"]),
        "set_id": row["set_id"] and str(row["set_id"]),
    }


async def list_achievements(tx: Tx, caller: SignedIn, locales: list[str]) -> dict[str, Any]:
    rows = await repo.achievements(tx, caller.user_id, locales, sorted(UNEVALUATED_KINDS))
    items: list[dict[str, Any]] = []
    seen_next: set[tuple[str, Any]] = set()
    for row in rows:
        item = dict(row)
        evaluated = item["kind"] not in UNEVALUATED_KINDS
        current = item["current"]
        item["evaluated"] = evaluated
        item["progress"] = None if current is None else min(1.0, current / item["threshold"])
        group = (item["kind"], item["exercise_id"])
        # Definitions come in threshold order within a kind: the first unearned is next.
        item["next"] = evaluated and item["earned_at"] is None and group not in seen_next
        if item["next"]:
            seen_next.add(group)
        items.append(item)
    return {"items": items, "earned": sum(1 for i in items if i["earned_at"] is not None)}

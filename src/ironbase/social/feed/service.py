"""The feed: newest first, keyset pages, a fixed number of statements per page (the
caller's gyms, their unit, the page)."""

from __future__ import annotations

from typing import Any

from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.kit.caller import SignedIn
from ironbase.kit.pagination import PageCursor
from ironbase.social.feed import repository as repo
from ironbase.social.posts import service as posts
from ironbase.social.posts.service import POSTS_BY_CREATED


async def feed(tx: Tx, caller: SignedIn, cursor: PageCursor, limit: int) -> dict[str, Any]:
    key = cursor.after(POSTS_BY_CREATED)
    after = None if key is None else (key[0], key[1])
    gym_ids = await gyms.gym_ids_of(tx, caller)
    rows = await repo.feed_page(tx, caller.user_id, gym_ids, after, limit + 1)
    unit = await posts.viewer_unit(tx, caller)
    page, next_cursor = cursor.page(
        rows, limit, POSTS_BY_CREATED, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [posts.present(r, unit) for r in page], "next_cursor": next_cursor}

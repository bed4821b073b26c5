"""/v1/feed."""

from __future__ import annotations

from fastapi import APIRouter

from ironbase.auth.dependencies import CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.social.feed import service
from ironbase.social.posts.schemas import Post

router = APIRouter(tags=["social", "feed"], route_class=RetryingRoute)


@router.get("/feed", response_model=Page[Post])
async def read_feed(
    caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.feed(tx, caller, cursor, limit))

"""/v1/posts, /v1/users/{id}/posts, likes and reports; /v1/admin/posts (moderation)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from ironbase.auth.dependencies import CurrentAdmin, CurrentUser, Tx
from ironbase.kit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page
from ironbase.kit.responses import JSONBytes
from ironbase.kit.retry import RetryingRoute
from ironbase.limits.dependencies import rate_limited
from ironbase.social.posts import service
from ironbase.social.posts.schemas import (
    Comment,
    CommentCreate,
    HideRequest,
    Moderation,
    Post,
    PostCreate,
    PostUpdate,
    Report,
    ReportCreate,
)

router = APIRouter(tags=["social", "posts"], route_class=RetryingRoute)
POSTS_LIMIT = Depends(rate_limited("posts"))


@router.post("/posts", response_model=Post, status_code=201, dependencies=[POSTS_LIMIT])
async def create_post(body: PostCreate, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.create_post(tx, caller, body), status_code=201)


@router.get("/posts/{post_id}", response_model=Post)
async def read_post(post_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.get_post(tx, caller, post_id))


@router.patch("/posts/{post_id}", response_model=Post, dependencies=[POSTS_LIMIT])
async def patch_post(
    post_id: uuid.UUID, body: PostUpdate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.update_post(tx, caller, post_id, body))


@router.delete("/posts/{post_id}", status_code=204)
async def delete_post(post_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> Response:
    await service.delete_post(tx, caller, post_id)
    return Response(status_code=204)


@router.get("/users/{user_id}/posts", response_model=Page[Post])
async def user_posts(
    user_id: uuid.UUID, caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.user_posts(tx, caller, user_id, cursor, limit))


@router.put("/posts/{post_id}/like", response_model=Post)
async def like(post_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.like(tx, caller, post_id))


@router.delete("/posts/{post_id}/like", response_model=Post)
async def unlike(post_id: uuid.UUID, caller: CurrentUser, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.unlike(tx, caller, post_id))


@router.post("/posts/{post_id}/report", status_code=204, dependencies=[POSTS_LIMIT])
async def report(
    post_id: uuid.UUID, caller: CurrentUser, tx: Tx, body: ReportCreate | None = None
) -> Response:
    await service.report(tx, caller, post_id, body.reason if body else None)
    return Response(status_code=204)


@router.get("/posts/{post_id}/comments", response_model=Page[Comment])
async def list_comments(
    post_id: uuid.UUID, caller: CurrentUser, cursor: Cursor, tx: Tx, limit: Limit = DEFAULT_LIMIT
) -> JSONBytes:
    return JSONBytes(await service.list_comments(tx, caller, post_id, cursor, limit))


@router.post(
    "/posts/{post_id}/comments",
    response_model=Comment,
    status_code=201,
    dependencies=[POSTS_LIMIT],
)
async def add_comment(
    post_id: uuid.UUID, body: CommentCreate, caller: CurrentUser, tx: Tx
) -> JSONBytes:
    return JSONBytes(await service.add_comment(tx, caller, post_id, body.text), status_code=201)


@router.delete("/posts/{post_id}/comments/{comment_id}", status_code=204)
async def delete_comment(
    post_id: uuid.UUID, comment_id: uuid.UUID, caller: CurrentUser, tx: Tx
) -> Response:
    await service.delete_comment(tx, caller, post_id, comment_id)
    return Response(status_code=204)


@router.get("/admin/posts/reports", response_model=Page[Report], tags=["admin"])
async def list_reports(
    admin: CurrentAdmin,
    cursor: Cursor,
    tx: Tx,
    limit: Limit = DEFAULT_LIMIT,
    open_only: Annotated[
        bool, Query(alias="open", description="Only reports of posts still shown.")
    ] = False,
) -> JSONBytes:
    return JSONBytes(await service.list_reports(tx, cursor, limit, open_only=open_only))


@router.post("/admin/posts/{post_id}/hide", response_model=Moderation, tags=["admin"])
async def hide(post_id: uuid.UUID, body: HideRequest, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.moderate(tx, admin, post_id, body))


@router.delete("/admin/posts/{post_id}/hide", response_model=Moderation, tags=["admin"])
async def unhide(post_id: uuid.UUID, admin: CurrentAdmin, tx: Tx) -> JSONBytes:
    return JSONBytes(await service.moderate(tx, admin, post_id, None))

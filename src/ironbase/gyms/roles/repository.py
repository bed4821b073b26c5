"""Queries on gym admins and role requests.

A person sees their own role rows and requests; a gym's admins also see the requests
made to their gym (RLS). Statements repeat those filters.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Integer,
    Text,
    bindparam,
    exists,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.dialects.postgresql import insert

from ironbase.db.pg import Query, Tx
from ironbase.models.gyms import GymAdmin, GymRoleRequest

# A request row as ``RoleRequest`` documents it, in its order.
_REQUEST_COLUMNS = (
    GymRoleRequest.id,
    GymRoleRequest.gym_id,
    GymRoleRequest.user_id,
    GymRoleRequest.requested_role,
    GymRoleRequest.status,
    GymRoleRequest.note,
    GymRoleRequest.decided_by,
    GymRoleRequest.decided_at,
    GymRoleRequest.decision_note,
    GymRoleRequest.created_at,
)

_ROLE_OF = Query(
    select(GymAdmin.role).where(
        GymAdmin.gym_id == bindparam("gym_id"), GymAdmin.user_id == bindparam("user_id")
    )
)


async def role_of(tx: Tx, gym_id: uuid.UUID, user_id: uuid.UUID) -> str | None:
    role: str | None = await tx.value(_ROLE_OF, gym_id=gym_id, user_id=user_id)
    return role


def _role_values() -> dict[str, Any]:
    return {
        "gym_id": bindparam("gym_id"),
        "user_id": bindparam("user_id"),
        "role": bindparam("role", type_=Text),
    }


_ADD_FOUNDER = Query(insert(GymAdmin).values(_role_values()))


async def add_founder(tx: Tx, gym_id: uuid.UUID, user_id: uuid.UUID) -> None:
    await tx.execute(_ADD_FOUNDER, gym_id=gym_id, user_id=user_id, role="admin")


def _grant() -> Any:
    statement = insert(GymAdmin).values(_role_values())
    return statement.on_conflict_do_update(
        index_elements=[GymAdmin.gym_id, GymAdmin.user_id],
        set_={"role": statement.excluded.role},
        where=GymAdmin.role == "staff",
    )


_GRANT_ROLE = Query(_grant())


async def grant_role(tx: Tx, gym_id: uuid.UUID, user_id: uuid.UUID, role: str) -> None:
    """Give ``role``; an approval never demotes an admin to staff."""
    await tx.execute(_GRANT_ROLE, gym_id=gym_id, user_id=user_id, role=role)


_CREATE_REQUEST = Query(
    insert(GymRoleRequest)
    .values(
        gym_id=bindparam("gym_id"),
        user_id=bindparam("user_id"),
        requested_role=bindparam("role", type_=Text),
        note=bindparam("note", type_=Text),
    )
    .on_conflict_do_nothing()
    .returning(*_REQUEST_COLUMNS)
)


async def create_request(
    tx: Tx, gym_id: uuid.UUID, user_id: uuid.UUID, role: str, note: str | None
) -> asyncpg.Record | None:
    """The new request, or None when one is already pending (the partial unique index)."""
    return await tx.row(_CREATE_REQUEST, gym_id=gym_id, user_id=user_id, role=role, note=note)


def _visible_to_viewer() -> ColumnElement[bool]:
    """Own requests, or any request to a gym the ``viewer`` administers."""
    viewer = bindparam("viewer", type_=PG_UUID)
    administers = exists().where(
        GymAdmin.gym_id == GymRoleRequest.gym_id,
        GymAdmin.user_id == viewer,
        GymAdmin.role == "admin",
    )
    return or_(GymRoleRequest.user_id == viewer, administers)


@functools.cache
def _request_query(filtered: bool) -> Query:
    statement = select(*_REQUEST_COLUMNS).where(
        GymRoleRequest.id == bindparam("request_id"), GymRoleRequest.gym_id == bindparam("gym_id")
    )
    if filtered:
        statement = statement.where(_visible_to_viewer())
    return Query(statement)


async def get_request(
    tx: Tx,
    gym_id: uuid.UUID,
    request_id: uuid.UUID,
    viewer: uuid.UUID | None,
) -> asyncpg.Record | None:
    """``viewer`` None means a platform admin (no extra filter)."""
    params: dict[str, Any] = {} if viewer is None else {"viewer": viewer}
    query = _request_query(viewer is not None)
    return await tx.row(query, gym_id=gym_id, request_id=request_id, **params)


@functools.cache
def _requests_query(filtered: bool, by_status: bool, paged: bool) -> Query:
    statement = select(*_REQUEST_COLUMNS).where(GymRoleRequest.gym_id == bindparam("gym_id"))
    if filtered:
        statement = statement.where(_visible_to_viewer())
    if by_status:
        statement = statement.where(GymRoleRequest.status == bindparam("status", type_=Text))
    if paged:
        key = tuple_(GymRoleRequest.created_at, GymRoleRequest.id)
        after = tuple_(
            bindparam("after_created", type_=GymRoleRequest.created_at.type),
            bindparam("after_id", type_=PG_UUID),
        )
        statement = statement.where(key < after)
    statement = statement.order_by(GymRoleRequest.created_at.desc(), GymRoleRequest.id.desc())
    return Query(statement.limit(bindparam("limit", type_=Integer)))


async def list_requests(
    tx: Tx,
    gym_id: uuid.UUID,
    *,
    viewer: uuid.UUID | None,
    status: str | None,
    limit: int,
    after: list[Any] | None,
) -> list[asyncpg.Record]:
    """Newest first, keyset on (created_at, id)."""
    params: dict[str, Any] = {"gym_id": gym_id, "limit": limit + 1}
    if viewer is not None:
        params["viewer"] = viewer
    if status is not None:
        params["status"] = status
    if after is not None:
        params["after_created"], params["after_id"] = after
    query = _requests_query(viewer is not None, status is not None, after is not None)
    return await tx.fetch(query, **params)


_DECIDE = Query(
    update(GymRoleRequest)
    .where(GymRoleRequest.id == bindparam("request_id"), GymRoleRequest.status == "pending")
    .values(
        status=bindparam("status", type_=Text),
        decided_by=bindparam("decided_by", type_=PG_UUID),
        decided_at=func.now(),
        decision_note=bindparam("note", type_=Text),
    )
    .returning(*_REQUEST_COLUMNS)
)


async def decide(
    tx: Tx,
    request_id: uuid.UUID,
    *,
    status: str,
    decided_by: uuid.UUID,
    note: str | None,
) -> asyncpg.Record | None:
    """Record the decision; ``decided_at`` is the transaction's now(), which the audit
    policy checks to know the decision was taken in the same transaction."""
    return await tx.row(
        _DECIDE, request_id=request_id, status=status, decided_by=decided_by, note=note
    )

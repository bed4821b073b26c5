"""Queries on gym admins and role requests.

A person sees their own role rows and requests; a gym's admins also see the requests
made to their gym (RLS). Statements repeat those filters.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.models.gyms import GymAdmin, GymRoleRequest


async def role_of(session: AsyncSession, gym_id: uuid.UUID, user_id: uuid.UUID) -> str | None:
    statement = select(GymAdmin.role).where(GymAdmin.gym_id == gym_id, GymAdmin.user_id == user_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def add_founder(session: AsyncSession, gym_id: uuid.UUID, user_id: uuid.UUID) -> None:
    await session.execute(insert(GymAdmin).values(gym_id=gym_id, user_id=user_id, role="admin"))


async def grant_role(
    session: AsyncSession, gym_id: uuid.UUID, user_id: uuid.UUID, role: str
) -> None:
    """Give ``role``; an approval never demotes an admin to staff."""
    statement = insert(GymAdmin).values(gym_id=gym_id, user_id=user_id, role=role)
    statement = statement.on_conflict_do_update(
        index_elements=[GymAdmin.gym_id, GymAdmin.user_id],
        set_={"role": statement.excluded.role},
        where=GymAdmin.role == "staff",
    )
    await session.execute(statement)


async def create_request(
    session: AsyncSession, gym_id: uuid.UUID, user_id: uuid.UUID, role: str, note: str | None
) -> GymRoleRequest | None:
    """The new request, or None when one is already pending (the partial unique index)."""
    statement = (
        insert(GymRoleRequest)
        .values(gym_id=gym_id, user_id=user_id, requested_role=role, note=note)
        .on_conflict_do_nothing()
        .returning(GymRoleRequest)
    )
    return (await session.execute(statement)).scalar_one_or_none()


def _visible_to(user_id: uuid.UUID) -> ColumnElement[bool]:
    """Own requests, or any request to a gym the caller administers."""
    administers = exists().where(
        GymAdmin.gym_id == GymRoleRequest.gym_id,
        GymAdmin.user_id == user_id,
        GymAdmin.role == "admin",
    )
    return or_(GymRoleRequest.user_id == user_id, administers)


async def get_request(
    session: AsyncSession,
    gym_id: uuid.UUID,
    request_id: uuid.UUID,
    viewer: uuid.UUID | None,
) -> GymRoleRequest | None:
    """``viewer`` None means a platform admin (no extra filter)."""
    statement = select(GymRoleRequest).where(
        GymRoleRequest.id == request_id, GymRoleRequest.gym_id == gym_id
    )
    if viewer is not None:
        statement = statement.where(_visible_to(viewer))
    return (await session.execute(statement)).scalar_one_or_none()


async def list_requests(
    session: AsyncSession,
    gym_id: uuid.UUID,
    *,
    viewer: uuid.UUID | None,
    status: str | None,
    limit: int,
    after: list[Any] | None,
) -> list[GymRoleRequest]:
    """Newest first, keyset on (created_at, id)."""
    statement = select(GymRoleRequest).where(GymRoleRequest.gym_id == gym_id)
    if viewer is not None:
        statement = statement.where(_visible_to(viewer))
    if status is not None:
        statement = statement.where(GymRoleRequest.status == status)
    if after is not None:
        key = tuple_(GymRoleRequest.created_at, GymRoleRequest.id)
        statement = statement.where(key < tuple_(*after))
    statement = statement.order_by(GymRoleRequest.created_at.desc(), GymRoleRequest.id.desc())
    return list((await session.execute(statement.limit(limit + 1))).scalars())


async def decide(
    session: AsyncSession,
    request_id: uuid.UUID,
    *,
    status: str,
    decided_by: uuid.UUID,
    note: str | None,
) -> GymRoleRequest | None:
    """Record the decision; ``decided_at`` is the transaction's now(), which the audit
    policy checks to know the decision was taken in the same transaction."""
    statement = (
        update(GymRoleRequest)
        .where(GymRoleRequest.id == request_id, GymRoleRequest.status == "pending")
        .values(status=status, decided_by=decided_by, decided_at=func.now(), decision_note=note)
        .returning(GymRoleRequest)
        # The request is already in the session: refresh it from RETURNING.
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()

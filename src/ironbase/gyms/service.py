"""Use cases: finding cities and gyms, creating and editing gyms, joining and leaving."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.auth.context import AuthContext
from ironbase.gyms import cursors, equipment_service
from ironbase.gyms import repository as repo
from ironbase.gyms import role_repository as roles
from ironbase.gyms.inventory_repository import unit_system
from ironbase.gyms.schemas import (
    City,
    Gym,
    GymCreate,
    GymDetail,
    GymEquipmentUpdate,
    GymUpdate,
    Membership,
    MembershipCreate,
    MembershipUpdate,
)
from ironbase.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from ironbase.kit.pagination import Page, PageCursor
from ironbase.kit.units import MassUnit, unit_of_system

MAX_RADIUS_KM = 20_000.0


def _me(caller: AuthContext) -> uuid.UUID:
    assert caller.user_id is not None, "endpoints take CurrentUser"
    return caller.user_id


async def caller_unit(
    session: AsyncSession, caller: AuthContext, explicit: MassUnit | None = None
) -> MassUnit:
    """The unit the caller asked for, else the one of their profile's unit system."""
    if explicit is not None:
        return explicit
    system = await unit_system(session, _me(caller))
    return unit_of_system(system or "metric")


# --- cities and gyms ------------------------------------------------------------------


async def list_cities(
    session: AsyncSession, q: str | None, limit: int, cursor: PageCursor
) -> Page[City]:
    after = cursors.text_then_id(cursor, cursors.CITIES_BY_NAME)
    rows = await repo.list_cities(session, q=q, limit=limit, after=after)
    items, next_cursor = cursor.page(
        rows, limit, cursors.CITIES_BY_NAME, lambda c: (c.search_name, c.id)
    )
    return Page[City](items=[City.model_validate(c) for c in items], next_cursor=next_cursor)


def parse_near(near: str | None, radius_km: float) -> repo.Near | None:
    """``near=lat,lon`` -> a search circle; 422 for anything else."""
    if near is None:
        return None
    parts = near.split(",")
    try:
        latitude, longitude = (float(part) for part in parts)
    except ValueError as exc:
        raise InvalidInput("near", "near must be 'latitude,longitude' in degrees") from exc
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput("near", "latitude must be within ±90 and longitude within ±180")
    return repo.Near(latitude, longitude, radius_km)


async def list_gyms(
    session: AsyncSession,
    *,
    q: str | None,
    near: str | None,
    radius_km: float,
    limit: int,
    cursor: PageCursor,
) -> Page[Gym]:
    circle = parse_near(near, radius_km)
    if circle is None:
        after = cursors.text_then_id(cursor, cursors.GYMS_BY_NAME)
        rows = await repo.list_gyms(session, q=q, near=None, limit=limit, after=after)
        items, next_cursor = cursor.page(
            rows, limit, cursors.GYMS_BY_NAME, lambda r: (r["search_name"], r["id"])
        )
    else:
        after = cursors.distance_then_id(cursor)
        rows = await repo.list_gyms(session, q=q, near=circle, limit=limit, after=after)
        items, next_cursor = cursor.page(
            rows, limit, cursors.GYMS_BY_DISTANCE, lambda r: (r["distance_km"], r["id"])
        )
    return Page[Gym](items=[Gym.model_validate(r) for r in items], next_cursor=next_cursor)


async def _gym_time_zone(session: AsyncSession, body: GymCreate) -> str:
    city_zone = None
    if body.city_id is not None:
        city_zone = await repo.city_time_zone(session, body.city_id)
        if city_zone is None:
            raise InvalidInput("city_id", "There is no city with this id.")
    zone = body.time_zone or city_zone
    if zone is None:
        raise InvalidInput("time_zone", "Give the gym's time zone, or a city to take it from.")
    return zone


async def create_gym(
    session: AsyncSession, caller: AuthContext, body: GymCreate, *, quota: int
) -> GymDetail:
    # Counted under a per-person lock held to commit: parallel creations cannot overshoot.
    if await repo.count_gyms_created(session, _me(caller)) >= quota:
        raise Conflict(
            f"You have already added {quota} gyms, the most one person may add.",
            kind="quota-exceeded",
        )
    values: dict[str, Any] = body.model_dump(exclude={"id"}, exclude_none=True)
    values["time_zone"] = await _gym_time_zone(session, body)
    values["created_by"] = _me(caller)
    if body.id is not None:
        values["id"] = body.id
    gym_id = await repo.create_gym(session, values)
    if gym_id is None:
        raise Conflict("A gym with this id already exists.", kind="gym-exists")
    await roles.add_founder(session, gym_id, _me(caller))
    return await get_gym(session, caller, gym_id)


async def get_gym(session: AsyncSession, caller: AuthContext, gym_id: uuid.UUID) -> GymDetail:
    row = await repo.get_gym(session, gym_id)
    if row is None:
        raise NotFound("Gym")
    me = _me(caller)
    unit = await caller_unit(session, caller)
    contents = await equipment_service.gym_contents(session, gym_id, unit)
    return GymDetail.model_validate(
        {
            **row,
            **contents,
            "unit": unit,
            "is_member": await repo.is_member(session, me, gym_id),
            "my_role": await roles.role_of(session, gym_id, me),
        }
    )


async def require_gym_role(
    session: AsyncSession, caller: AuthContext, gym_id: uuid.UUID, allowed: Collection[str]
) -> None:
    """404 for no such gym; 403 for a gym the caller may see but not run.

    Gyms are public, so a refusal here is a 403 (there is nothing hidden to protect).
    Platform administrators may act on every gym.
    """
    if not await repo.gym_exists(session, gym_id):
        raise NotFound("Gym")
    if caller.is_admin:
        return
    if await roles.role_of(session, gym_id, _me(caller)) not in allowed:
        raise Forbidden("Only this gym's admins may do this.")


async def update_gym(
    session: AsyncSession, caller: AuthContext, gym_id: uuid.UUID, body: GymUpdate
) -> GymDetail:
    await require_gym_role(session, caller, gym_id, {"admin"})
    changes = body.changes()
    city_id = changes.get("city_id")
    if isinstance(city_id, uuid.UUID) and await repo.city_time_zone(session, city_id) is None:
        raise InvalidInput("city_id", "There is no city with this id.")
    if changes and not await repo.update_gym(session, gym_id, changes):
        raise Forbidden("Only this gym's admins may do this.")
    return await get_gym(session, caller, gym_id)


async def replace_equipment(
    session: AsyncSession, caller: AuthContext, gym_id: uuid.UUID, body: GymEquipmentUpdate
) -> GymDetail:
    await require_gym_role(session, caller, gym_id, {"admin", "staff"})
    unit = await caller_unit(session, caller, body.unit)
    await equipment_service.replace(session, gym_id, body, unit)
    return await get_gym(session, caller, gym_id)


# --- memberships ----------------------------------------------------------------------


def _membership(row: dict[str, Any]) -> Membership:
    return Membership(
        gym=Gym.model_validate(row), is_default=row["is_default"], joined_at=row["joined_at"]
    )


async def _membership_of(session: AsyncSession, me: uuid.UUID, gym_id: uuid.UUID) -> Membership:
    row = await repo.get_membership(session, me, gym_id)
    if row is None:
        raise NotFound("Your membership of this gym")
    return _membership(row)


async def join(
    session: AsyncSession, caller: AuthContext, gym_id: uuid.UUID, body: MembershipCreate
) -> Membership:
    """Join a gym; the first gym someone joins becomes their default."""
    me = _me(caller)
    if not await repo.gym_exists(session, gym_id):
        raise NotFound("Gym")
    if not await repo.add_membership(session, me, gym_id):
        raise Conflict("You are already a member of this gym.", kind="already-member")
    if body.is_default or not await repo.has_default(session, me):
        await repo.set_default(session, me, gym_id, True)
    return await _membership_of(session, me, gym_id)


async def leave(session: AsyncSession, caller: AuthContext, gym_id: uuid.UUID) -> None:
    """Leaving also forgets the plates, miniweights and collars kept for that gym."""
    if not await repo.remove_membership(session, _me(caller), gym_id):
        raise NotFound("Your membership of this gym")


async def update_membership(
    session: AsyncSession, caller: AuthContext, gym_id: uuid.UUID, body: MembershipUpdate
) -> Membership:
    me = _me(caller)
    if not await repo.set_default(session, me, gym_id, body.is_default):
        raise NotFound("Your membership of this gym")
    return await _membership_of(session, me, gym_id)


async def my_gyms(
    session: AsyncSession, caller: AuthContext, limit: int, cursor: PageCursor
) -> Page[Membership]:
    after = cursors.time_then_id(cursor, cursors.MEMBERSHIPS_BY_JOINED)
    rows = await repo.list_memberships(session, _me(caller), limit=limit, after=after)
    items, next_cursor = cursor.page(
        rows, limit, cursors.MEMBERSHIPS_BY_JOINED, lambda r: (r["joined_at"], r["id"])
    )
    return Page[Membership](items=[_membership(r) for r in items], next_cursor=next_cursor)

"""Queries on cities, gyms and memberships.

Gyms and cities are public to signed-in people; membership statements filter by the
caller as well as through RLS.
"""

from __future__ import annotations

import math
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    delete,
    false,
    func,
    literal,
    null,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ironbase.models.gyms import City, Gym, UserGym

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_KM / 360


@dataclass(frozen=True, slots=True)
class Near:
    latitude: float
    longitude: float
    radius_km: float


def like_pattern(q: str) -> str:
    """A substring pattern with LIKE's wildcards escaped (folded by the database)."""
    text = unicodedata.normalize("NFC", q.strip())
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matches(column: Any, q: str | None) -> ColumnElement[bool]:
    if not q or not q.strip():
        return true()
    folded = func.public.search_fold(literal(like_pattern(q)))
    matched: ColumnElement[bool] = column.like(folded, escape="\\")
    return matched


# --- cities ---------------------------------------------------------------------------


async def list_cities(
    session: AsyncSession, *, q: str | None, limit: int, after: list[Any] | None
) -> list[City]:
    statement = (
        select(City)
        .where(_matches(City.search_name, q))
        .order_by(City.search_name, City.id)
        .limit(limit + 1)
    )
    if after is not None:
        statement = statement.where(tuple_(City.search_name, City.id) > tuple_(*after))
    return list((await session.execute(statement)).scalars())


async def city_time_zone(session: AsyncSession, city_id: uuid.UUID) -> str | None:
    statement = select(City.time_zone).where(City.id == city_id)
    return (await session.execute(statement)).scalar_one_or_none()


# --- gyms -----------------------------------------------------------------------------

_GYM_COLUMNS = (
    Gym.id,
    Gym.name,
    Gym.address,
    Gym.city_id,
    City.name.label("city_name"),
    Gym.latitude,
    Gym.longitude,
    Gym.time_zone,
    Gym.verified,
    Gym.created_at,
    Gym.updated_at,
    # The name order's sort key, for the next page's cursor.
    Gym.search_name,
)


def _gyms(*extra: Any) -> AnySelect:
    return select(*_GYM_COLUMNS, *extra).outerjoin(City, City.id == Gym.city_id)


def haversine_km(latitude: float, longitude: float) -> ColumnElement[float]:
    """Great-circle distance from a point to each gym, in SQL (no PostGIS needed)."""
    lat0 = literal(latitude, Float)
    half_dlat = func.radians(Gym.latitude - lat0) / 2
    half_dlon = func.radians(Gym.longitude - literal(longitude, Float)) / 2
    a = func.power(func.sin(half_dlat), 2) + func.cos(func.radians(lat0)) * func.cos(
        func.radians(Gym.latitude)
    ) * func.power(func.sin(half_dlon), 2)
    # least(): rounding can push sqrt(a) a hair past 1, outside asin's domain.
    distance: ColumnElement[float] = 2 * EARTH_RADIUS_KM * func.asin(func.least(1.0, func.sqrt(a)))
    return distance


def _bounding_box(near: Near) -> ColumnElement[bool]:
    """A latitude band (indexed), and a longitude band when it does not wrap the globe."""
    band = near.radius_km / KM_PER_DEGREE
    box = Gym.latitude.between(near.latitude - band, near.latitude + band)
    widest = abs(near.latitude) + band
    if widest >= 89:
        return box
    spread = band / math.cos(math.radians(widest))
    west, east = near.longitude - spread, near.longitude + spread
    if west < -180 or east > 180:
        return box
    return and_(box, Gym.longitude.between(west, east))


async def list_gyms(
    session: AsyncSession,
    *,
    q: str | None,
    near: Near | None,
    limit: int,
    after: list[Any] | None,
) -> list[dict[str, Any]]:
    """By folded name, or by distance then id when ``near`` is given."""
    if near is None:
        statement = _gyms(null().label("distance_km")).where(_matches(Gym.search_name, q))
        statement = statement.order_by(Gym.search_name, Gym.id)
        if after is not None:
            statement = statement.where(tuple_(Gym.search_name, Gym.id) > tuple_(*after))
    else:
        inner = (
            _gyms(haversine_km(near.latitude, near.longitude).label("distance_km"))
            .where(_bounding_box(near), _matches(Gym.search_name, q))
            .subquery()
        )
        statement = select(inner).where(inner.c.distance_km <= near.radius_km)
        statement = statement.order_by(inner.c.distance_km, inner.c.id)
        if after is not None:
            statement = statement.where(tuple_(inner.c.distance_km, inner.c.id) > tuple_(*after))
    rows = await session.execute(statement.limit(limit + 1))
    return [dict(r) for r in rows.mappings()]


async def get_gym(session: AsyncSession, gym_id: uuid.UUID) -> dict[str, Any] | None:
    statement = _gyms(null().label("distance_km")).where(Gym.id == gym_id)
    row = (await session.execute(statement)).mappings().first()
    return dict(row) if row else None


async def gym_exists(session: AsyncSession, gym_id: uuid.UUID) -> bool:
    return (await session.execute(select(Gym.id).where(Gym.id == gym_id))).first() is not None


async def lock_person(session: AsyncSession, scope: str, user_id: uuid.UUID) -> None:
    """A transaction-scoped advisory lock on (scope, person): serialises one person's
    quota checks without touching anyone else's."""
    key = func.hashtextextended(literal(f"{scope}:{user_id}"), 0)
    await session.execute(select(func.pg_advisory_xact_lock(key)))


async def count_gyms_created(session: AsyncSession, user_id: uuid.UUID) -> int:
    """How many gyms this person created, counted under their ``gyms`` lock."""
    await lock_person(session, "gyms", user_id)
    statement = select(func.count()).select_from(Gym).where(Gym.created_by == user_id)
    return (await session.execute(statement)).scalar_one()


async def create_gym(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """The new gym's id, or None when a client-chosen id is taken."""
    statement = insert(Gym).values(**values).on_conflict_do_nothing().returning(Gym.id)
    return (await session.execute(statement)).scalar_one_or_none()


async def update_gym(session: AsyncSession, gym_id: uuid.UUID, changes: dict[str, Any]) -> bool:
    """False when the caller may not edit it (RLS leaves the row out) or it does not exist."""
    statement = update(Gym).where(Gym.id == gym_id).values(**changes).returning(Gym.id)
    return (await session.execute(statement)).first() is not None


async def set_verified(
    session: AsyncSession, gym_id: uuid.UUID, verified: bool
) -> tuple[bool, bool] | None:
    """(before, after) of ``verified``, or None when there is no such gym."""
    statement = select(Gym.verified).where(Gym.id == gym_id).with_for_update()
    before = (await session.execute(statement)).scalar_one_or_none()
    if before is None:
        return None
    await session.execute(update(Gym).where(Gym.id == gym_id).values(verified=verified))
    return before, verified


# --- memberships ----------------------------------------------------------------------


async def add_membership(session: AsyncSession, user_id: uuid.UUID, gym_id: uuid.UUID) -> bool:
    """False when already a member."""
    statement = (
        insert(UserGym)
        .values(user_id=user_id, gym_id=gym_id)
        .on_conflict_do_nothing()
        .returning(UserGym.gym_id)
    )
    return (await session.execute(statement)).first() is not None


async def has_default(session: AsyncSession, user_id: uuid.UUID) -> bool:
    statement = select(UserGym.gym_id).where(UserGym.user_id == user_id, UserGym.is_default)
    return (await session.execute(statement)).first() is not None


async def set_default(
    session: AsyncSession, user_id: uuid.UUID, gym_id: uuid.UUID, is_default: bool
) -> bool:
    """Make (or unmake) one membership the default; False when there is no such membership.

    One person's switches run one after the other: all their memberships are locked first,
    in one order (so two switches cannot deadlock), and each later statement then sees the
    default the previous switch committed (else two switches to different gyms both set
    theirs and collide on the one-default index).
    """
    lock = (
        select(UserGym.gym_id)
        .where(UserGym.user_id == user_id)
        .order_by(UserGym.gym_id)
        .with_for_update()
    )
    await session.execute(lock)
    if is_default:
        # The partial unique index allows one default: clear the old one first.
        await session.execute(
            update(UserGym)
            .where(UserGym.user_id == user_id, UserGym.is_default, UserGym.gym_id != gym_id)
            .values(is_default=false())
        )
    statement = (
        update(UserGym)
        .where(UserGym.user_id == user_id, UserGym.gym_id == gym_id)
        .values(is_default=is_default)
        .returning(UserGym.gym_id)
    )
    return (await session.execute(statement)).first() is not None


async def remove_membership(session: AsyncSession, user_id: uuid.UUID, gym_id: uuid.UUID) -> bool:
    statement = (
        delete(UserGym)
        .where(UserGym.user_id == user_id, UserGym.gym_id == gym_id)
        .returning(UserGym.gym_id)
    )
    return (await session.execute(statement)).first() is not None


def _memberships(user_id: uuid.UUID) -> AnySelect:
    return (
        _gyms(
            null().label("distance_km"),
            UserGym.is_default,
            UserGym.created_at.label("joined_at"),
        )
        .join(UserGym, UserGym.gym_id == Gym.id)
        .where(UserGym.user_id == user_id)
    )


async def get_membership(
    session: AsyncSession, user_id: uuid.UUID, gym_id: uuid.UUID
) -> dict[str, Any] | None:
    statement = _memberships(user_id).where(UserGym.gym_id == gym_id)
    row = (await session.execute(statement)).mappings().first()
    return dict(row) if row else None


async def is_member(
    session: AsyncSession, user_id: uuid.UUID, gym_id: uuid.UUID, *, lock: bool = False
) -> bool:
    """``lock`` holds the membership row until commit, so two writes of the same person's
    inventory at a gym run one after the other instead of racing on its unique keys."""
    statement = select(UserGym.gym_id).where(UserGym.user_id == user_id, UserGym.gym_id == gym_id)
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).first() is not None


async def list_memberships(
    session: AsyncSession, user_id: uuid.UUID, *, limit: int, after: list[Any] | None
) -> list[dict[str, Any]]:
    """Oldest membership first, keyset on (joined_at, gym_id)."""
    statement = _memberships(user_id).order_by(UserGym.created_at, UserGym.gym_id)
    if after is not None:
        statement = statement.where(tuple_(UserGym.created_at, UserGym.gym_id) > tuple_(*after))
    rows = await session.execute(statement.limit(limit + 1))
    return [dict(r) for r in rows.mappings()]

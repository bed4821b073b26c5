"""Queries on cities, gyms and memberships.

Gyms and cities are public to signed-in people; membership statements filter by the
caller as well as through RLS.

Statements are compiled once: the static ones at import, the ones whose shape varies
(a search term or not, a cursor or not, a longitude band or not) once per shape.
"""

from __future__ import annotations

import functools
import math
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any, TypeAlias

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    delete,
    false,
    func,
    null,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.dialects.postgresql import insert

from ironbase.db.pg import Query, Tx
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


def _searching(q: str | None) -> bool:
    return bool(q and q.strip())


def _matches(column: Any, searching: bool) -> ColumnElement[bool]:
    """``column`` contains the ``pattern`` parameter (folded), when ``searching``."""
    if not searching:
        return true()
    folded = func.public.search_fold(bindparam("pattern", type_=Text))
    matched: ColumnElement[bool] = column.like(folded, escape="\\")
    return matched


def _search_params(q: str | None) -> dict[str, Any]:
    return {"pattern": like_pattern(q)} if q is not None and _searching(q) else {}


def _limit() -> Any:
    return bindparam("limit", type_=Integer)


# --- cities ---------------------------------------------------------------------------

_CITY_COLUMNS = (
    City.id,
    City.slug,
    City.name,
    City.country_code,
    City.time_zone,
    City.latitude,
    City.longitude,
    # The name order's sort key, for the next page's cursor.
    City.search_name,
)


@functools.cache
def _cities_query(searching: bool, paged: bool) -> Query:
    statement = select(*_CITY_COLUMNS).where(_matches(City.search_name, searching))
    if paged:
        after = tuple_(bindparam("after_name", type_=Text), bindparam("after_id", type_=PG_UUID))
        statement = statement.where(tuple_(City.search_name, City.id) > after)
    return Query(statement.order_by(City.search_name, City.id).limit(_limit()))


async def list_cities(
    tx: Tx, *, q: str | None, limit: int, after: list[Any] | None
) -> list[asyncpg.Record]:
    params = _search_params(q)
    if after is not None:
        params["after_name"], params["after_id"] = after
    query = _cities_query(_searching(q), after is not None)
    return await tx.fetch(query, limit=limit + 1, **params)


_CITY_TIME_ZONE = Query(select(City.time_zone).where(City.id == bindparam("city_id")))


async def city_time_zone(tx: Tx, city_id: uuid.UUID) -> str | None:
    zone: str | None = await tx.value(_CITY_TIME_ZONE, city_id=city_id)
    return zone


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


def haversine_km() -> ColumnElement[float]:
    """Great-circle distance from the point (``lat0``, ``lon0``) to each gym, in SQL (no
    PostGIS needed)."""
    lat0 = bindparam("lat0", type_=Float)
    half_dlat = func.radians(Gym.latitude - lat0) / 2
    half_dlon = func.radians(Gym.longitude - bindparam("lon0", type_=Float)) / 2
    a = func.power(func.sin(half_dlat), 2) + func.cos(func.radians(lat0)) * func.cos(
        func.radians(Gym.latitude)
    ) * func.power(func.sin(half_dlon), 2)
    # least(): rounding can push sqrt(a) a hair past 1, outside asin's domain.
    distance: ColumnElement[float] = 2 * EARTH_RADIUS_KM * func.asin(func.least(1.0, func.sqrt(a)))
    return distance


def _bounding_box(near: Near) -> dict[str, float]:
    """A latitude band (indexed), and a longitude band when it does not wrap the globe."""
    band = near.radius_km / KM_PER_DEGREE
    box = {"lat_low": near.latitude - band, "lat_high": near.latitude + band}
    widest = abs(near.latitude) + band
    if widest >= 89:
        return box
    spread = band / math.cos(math.radians(widest))
    west, east = near.longitude - spread, near.longitude + spread
    if west < -180 or east > 180:
        return box
    return {**box, "lon_low": west, "lon_high": east}


def _box_condition(longitude_band: bool) -> ColumnElement[bool]:
    box = Gym.latitude.between(
        bindparam("lat_low", type_=Float), bindparam("lat_high", type_=Float)
    )
    if not longitude_band:
        return box
    west, east = bindparam("lon_low", type_=Float), bindparam("lon_high", type_=Float)
    return and_(box, Gym.longitude.between(west, east))


@functools.cache
def _gyms_by_name(searching: bool, paged: bool) -> Query:
    statement = _gyms(null().label("distance_km")).where(_matches(Gym.search_name, searching))
    if paged:
        after = tuple_(bindparam("after_name", type_=Text), bindparam("after_id", type_=PG_UUID))
        statement = statement.where(tuple_(Gym.search_name, Gym.id) > after)
    return Query(statement.order_by(Gym.search_name, Gym.id).limit(_limit()))


@functools.cache
def _gyms_by_distance(searching: bool, longitude_band: bool, paged: bool) -> Query:
    inner = (
        _gyms(haversine_km().label("distance_km"))
        .where(_box_condition(longitude_band), _matches(Gym.search_name, searching))
        .subquery()
    )
    statement = select(inner).where(inner.c.distance_km <= bindparam("radius_km", type_=Float))
    if paged:
        after = tuple_(
            bindparam("after_distance", type_=Float), bindparam("after_id", type_=PG_UUID)
        )
        statement = statement.where(tuple_(inner.c.distance_km, inner.c.id) > after)
    return Query(statement.order_by(inner.c.distance_km, inner.c.id).limit(_limit()))


async def list_gyms(
    tx: Tx,
    *,
    q: str | None,
    near: Near | None,
    limit: int,
    after: list[Any] | None,
) -> list[asyncpg.Record]:
    """By folded name, or by distance then id when ``near`` is given."""
    params = _search_params(q)
    if near is None:
        if after is not None:
            params["after_name"], params["after_id"] = after
        query = _gyms_by_name(_searching(q), after is not None)
    else:
        box = _bounding_box(near)
        params.update(box, lat0=near.latitude, lon0=near.longitude, radius_km=near.radius_km)
        if after is not None:
            params["after_distance"], params["after_id"] = after
        query = _gyms_by_distance(_searching(q), "lon_low" in box, after is not None)
    return await tx.fetch(query, limit=limit + 1, **params)


_GYM = Query(_gyms(null().label("distance_km")).where(Gym.id == bindparam("gym_id")))
_GYM_EXISTS = Query(select(Gym.id).where(Gym.id == bindparam("gym_id")))


async def get_gym(tx: Tx, gym_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_GYM, gym_id=gym_id)


async def gym_exists(tx: Tx, gym_id: uuid.UUID) -> bool:
    return await tx.row(_GYM_EXISTS, gym_id=gym_id) is not None


_LOCK_PERSON = Query(
    select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("key", type_=Text), 0)))
)


async def lock_person(tx: Tx, scope: str, user_id: uuid.UUID) -> None:
    """A transaction-scoped advisory lock on (scope, person): serialises one person's
    quota checks without touching anyone else's."""
    await tx.execute(_LOCK_PERSON, key=f"{scope}:{user_id}")


_COUNT_GYMS_CREATED = Query(
    select(func.count()).select_from(Gym).where(Gym.created_by == bindparam("user_id"))
)


async def count_gyms_created(tx: Tx, user_id: uuid.UUID) -> int:
    """How many gyms this person created, counted under their ``gyms`` lock."""
    await lock_person(tx, "gyms", user_id)
    count: int = await tx.value(_COUNT_GYMS_CREATED, user_id=user_id)
    return count


async def create_gym(tx: Tx, values: dict[str, Any]) -> uuid.UUID | None:
    """The new gym's id, or None when a client-chosen id is taken."""
    # Built per call: which columns a client gives varies (a write, not a hot read).
    statement = insert(Gym).values(**values).on_conflict_do_nothing().returning(Gym.id)
    gym_id: uuid.UUID | None = await tx.value(Query(statement))
    return gym_id


async def update_gym(tx: Tx, gym_id: uuid.UUID, changes: dict[str, Any]) -> bool:
    """False when the caller may not edit it (RLS leaves the row out) or it does not exist."""
    statement = update(Gym).where(Gym.id == bindparam("gym_id")).values(**changes).returning(Gym.id)
    return await tx.row(Query(statement), gym_id=gym_id) is not None


_VERIFIED_FOR_UPDATE = Query(
    select(Gym.verified).where(Gym.id == bindparam("gym_id")).with_for_update()
)
_SET_VERIFIED = Query(
    update(Gym)
    .where(Gym.id == bindparam("gym_id"))
    .values(verified=bindparam("verified", type_=Gym.verified.type))
)


async def set_verified(tx: Tx, gym_id: uuid.UUID, verified: bool) -> tuple[bool, bool] | None:
    """(before, after) of ``verified``, or None when there is no such gym."""
    before: bool | None = await tx.value(_VERIFIED_FOR_UPDATE, gym_id=gym_id)
    if before is None:
        return None
    await tx.execute(_SET_VERIFIED, gym_id=gym_id, verified=verified)
    return before, verified


# --- memberships ----------------------------------------------------------------------

_ADD_MEMBERSHIP = Query(
    insert(UserGym)
    .values(user_id=bindparam("user_id"), gym_id=bindparam("gym_id"))
    .on_conflict_do_nothing()
    .returning(UserGym.gym_id)
)


async def add_membership(tx: Tx, user_id: uuid.UUID, gym_id: uuid.UUID) -> bool:
    """False when already a member."""
    return await tx.row(_ADD_MEMBERSHIP, user_id=user_id, gym_id=gym_id) is not None


_HAS_DEFAULT = Query(
    select(UserGym.gym_id).where(UserGym.user_id == bindparam("user_id"), UserGym.is_default)
)


async def has_default(tx: Tx, user_id: uuid.UUID) -> bool:
    return await default_gym(tx, user_id) is not None


async def default_gym(tx: Tx, user_id: uuid.UUID) -> uuid.UUID | None:
    """The gym the person marked as their default, if any."""
    row = await tx.row(_HAS_DEFAULT, user_id=user_id)
    return None if row is None else uuid.UUID(str(row["gym_id"]))


_LOCK_MEMBERSHIPS = Query(
    select(UserGym.gym_id)
    .where(UserGym.user_id == bindparam("user_id"))
    .order_by(UserGym.gym_id)
    .with_for_update()
)
# The partial unique index allows one default: clear the old one first.
_CLEAR_OTHER_DEFAULT = Query(
    update(UserGym)
    .where(
        UserGym.user_id == bindparam("user_id"),
        UserGym.is_default,
        UserGym.gym_id != bindparam("gym_id"),
    )
    .values(is_default=false())
)
_SET_DEFAULT = Query(
    update(UserGym)
    .where(UserGym.user_id == bindparam("user_id"), UserGym.gym_id == bindparam("gym_id"))
    .values(is_default=bindparam("is_default", type_=UserGym.is_default.type))
    .returning(UserGym.gym_id)
)


async def set_default(tx: Tx, user_id: uuid.UUID, gym_id: uuid.UUID, is_default: bool) -> bool:
    """Make (or unmake) one membership the default; False when there is no such membership.

    One person's switches run one after the other: all their memberships are locked first,
    in one order (so two switches cannot deadlock), and each later statement then sees the
    default the previous switch committed (else two switches to different gyms both set
    theirs and collide on the one-default index).
    """
    await tx.execute(_LOCK_MEMBERSHIPS, user_id=user_id)
    if is_default:
        await tx.execute(_CLEAR_OTHER_DEFAULT, user_id=user_id, gym_id=gym_id)
    row = await tx.row(_SET_DEFAULT, user_id=user_id, gym_id=gym_id, is_default=is_default)
    return row is not None


_REMOVE_MEMBERSHIP = Query(
    delete(UserGym)
    .where(UserGym.user_id == bindparam("user_id"), UserGym.gym_id == bindparam("gym_id"))
    .returning(UserGym.gym_id)
)


async def remove_membership(tx: Tx, user_id: uuid.UUID, gym_id: uuid.UUID) -> bool:
    return await tx.row(_REMOVE_MEMBERSHIP, user_id=user_id, gym_id=gym_id) is not None


def _memberships() -> AnySelect:
    return (
        _gyms(
            null().label("distance_km"),
            UserGym.is_default,
            UserGym.created_at.label("joined_at"),
        )
        .join(UserGym, UserGym.gym_id == Gym.id)
        .where(UserGym.user_id == bindparam("user_id"))
    )


_MEMBERSHIP = Query(_memberships().where(UserGym.gym_id == bindparam("gym_id")))


async def get_membership(tx: Tx, user_id: uuid.UUID, gym_id: uuid.UUID) -> asyncpg.Record | None:
    return await tx.row(_MEMBERSHIP, user_id=user_id, gym_id=gym_id)


_IS_MEMBER = select(UserGym.gym_id).where(
    UserGym.user_id == bindparam("user_id"), UserGym.gym_id == bindparam("gym_id")
)
_IS_MEMBER_QUERIES = {False: Query(_IS_MEMBER), True: Query(_IS_MEMBER.with_for_update())}


async def is_member(tx: Tx, user_id: uuid.UUID, gym_id: uuid.UUID, *, lock: bool = False) -> bool:
    """``lock`` holds the membership row until commit, so two writes of the same person's
    inventory at a gym run one after the other instead of racing on its unique keys."""
    return await tx.row(_IS_MEMBER_QUERIES[lock], user_id=user_id, gym_id=gym_id) is not None


@functools.cache
def _memberships_query(paged: bool) -> Query:
    statement = _memberships()
    if paged:
        after = tuple_(
            bindparam("after_joined", type_=UserGym.created_at.type),
            bindparam("after_id", type_=PG_UUID),
        )
        statement = statement.where(tuple_(UserGym.created_at, UserGym.gym_id) > after)
    statement = statement.order_by(UserGym.created_at, UserGym.gym_id)
    return Query(statement.limit(_limit()))


async def list_memberships(
    tx: Tx, user_id: uuid.UUID, *, limit: int, after: list[Any] | None
) -> list[asyncpg.Record]:
    """Oldest membership first, keyset on (joined_at, gym_id)."""
    params: dict[str, Any] = {}
    if after is not None:
        params["after_joined"], params["after_id"] = after
    query = _memberships_query(after is not None)
    return await tx.fetch(query, user_id=user_id, limit=limit + 1, **params)


# At most this many of a person's gyms feed their social feed (memberships are few).
MAX_GYM_IDS = 100
_GYM_IDS = Query(
    select(UserGym.gym_id)
    .where(UserGym.user_id == bindparam("user_id"))
    .order_by(UserGym.created_at, UserGym.gym_id)
    .limit(MAX_GYM_IDS)
)


async def gym_ids(tx: Tx, user_id: uuid.UUID) -> list[uuid.UUID]:
    return [row["gym_id"] for row in await tx.fetch(_GYM_IDS, user_id=user_id)]

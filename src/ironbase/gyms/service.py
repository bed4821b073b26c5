"""Use cases: finding cities and gyms, creating and editing gyms, joining and leaving.

Also what the subpackages build on (they import this module, never the reverse): the
caller's unit, the gym and membership checks, and the gym page (``get_gym``), which shows
the gym's equipment and the caller's role read from those subpackages' repositories.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from ironbase.db.pg import Tx
from ironbase.gyms import cursors
from ironbase.gyms import repository as repo
from ironbase.gyms.equipment import repository as equipment
from ironbase.gyms.roles import repository as roles
from ironbase.gyms.schemas import GymCreate, GymUpdate, MembershipCreate, MembershipUpdate
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from ironbase.kit.pagination import PageCursor
from ironbase.kit.units import MassUnit, from_grams, number, unit_of_system
from ironbase.users import service as users

MAX_RADIUS_KM = 20_000.0

# Bodies are built from rows as the schemas (City, Gym, ...) document them, field for field:
# the rows also carry sort keys that are not part of the documents.
_CITY_FIELDS = ("id", "slug", "name", "country_code", "time_zone", "latitude", "longitude")
_GYM_FIELDS = (
    "id",
    "name",
    "address",
    "city_id",
    "city_name",
    "latitude",
    "longitude",
    "time_zone",
    "verified",
    "created_at",
    "updated_at",
    "distance_km",
)


def _pick(row: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: row[name] for name in fields}


def gym_body(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``Gym`` document from a gym row."""
    return _pick(row, _GYM_FIELDS)


async def caller_unit(tx: Tx, caller: SignedIn, explicit: MassUnit | None = None) -> MassUnit:
    """The unit the caller asked for, else the one of their profile's unit system."""
    if explicit is not None:
        return explicit
    system = await users.unit_system_of(tx, caller.user_id)
    return unit_of_system(system or "metric")


async def require_gym(tx: Tx, gym_id: uuid.UUID) -> None:
    """404 unless the gym exists."""
    if not await repo.gym_exists(tx, gym_id):
        raise NotFound("Gym")


async def default_gym(tx: Tx, caller: SignedIn) -> uuid.UUID | None:
    """The caller's default gym (the first one joined, unless they chose another)."""
    return await repo.default_gym(tx, caller.user_id)


async def is_member(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> bool:
    return await repo.is_member(tx, caller.user_id, gym_id)


async def gym_ids_of(tx: Tx, caller: SignedIn) -> list[uuid.UUID]:
    """The gyms the caller belongs to (one statement; at most ``repo.MAX_GYM_IDS``)."""
    return await repo.gym_ids(tx, caller.user_id)


async def require_membership(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, *, lock: bool = False
) -> uuid.UUID:
    """The caller's id; 404 unless they belong to the gym (what they keep there hangs off
    that). ``lock`` holds the membership until commit: concurrent replacements of one
    person's inventory at a gym serialise."""
    if not await repo.is_member(tx, caller.user_id, gym_id, lock=lock):
        raise NotFound("Your membership of this gym")
    return caller.user_id


# --- cities and gyms ------------------------------------------------------------------


async def list_cities(tx: Tx, q: str | None, limit: int, cursor: PageCursor) -> dict[str, Any]:
    """A ``Page[City]``."""
    after = cursors.text_then_id(cursor, cursors.CITIES_BY_NAME)
    rows = await repo.list_cities(tx, q=q, limit=limit, after=after)
    items, next_cursor = cursor.page(
        rows, limit, cursors.CITIES_BY_NAME, lambda c: (c["search_name"], c["id"])
    )
    return {"items": [_pick(c, _CITY_FIELDS) for c in items], "next_cursor": next_cursor}


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
    tx: Tx,
    *,
    q: str | None,
    near: str | None,
    radius_km: float,
    limit: int,
    cursor: PageCursor,
) -> dict[str, Any]:
    """A ``Page[Gym]``."""
    circle = parse_near(near, radius_km)
    if circle is None:
        after = cursors.text_then_id(cursor, cursors.GYMS_BY_NAME)
        rows = await repo.list_gyms(tx, q=q, near=None, limit=limit, after=after)
        items, next_cursor = cursor.page(
            rows, limit, cursors.GYMS_BY_NAME, lambda r: (r["search_name"], r["id"])
        )
    else:
        after = cursors.distance_then_id(cursor)
        rows = await repo.list_gyms(tx, q=q, near=circle, limit=limit, after=after)
        items, next_cursor = cursor.page(
            rows, limit, cursors.GYMS_BY_DISTANCE, lambda r: (r["distance_km"], r["id"])
        )
    return {"items": [gym_body(r) for r in items], "next_cursor": next_cursor}


async def _gym_time_zone(tx: Tx, body: GymCreate) -> str:
    city_zone = None
    if body.city_id is not None:
        city_zone = await repo.city_time_zone(tx, body.city_id)
        if city_zone is None:
            raise InvalidInput("city_id", "There is no city with this id.")
    zone = body.time_zone or city_zone
    if zone is None:
        raise InvalidInput("time_zone", "Give the gym's time zone, or a city to take it from.")
    return zone


async def create_gym(tx: Tx, caller: SignedIn, body: GymCreate, *, quota: int) -> dict[str, Any]:
    # Counted under a per-person lock held to commit: parallel creations cannot overshoot.
    if await repo.count_gyms_created(tx, caller.user_id) >= quota:
        raise Conflict(
            f"You have already added {quota} gyms, the most one person may add.",
            kind="quota-exceeded",
        )
    values: dict[str, Any] = body.model_dump(exclude={"id"}, exclude_none=True)
    values["time_zone"] = await _gym_time_zone(tx, body)
    values["created_by"] = caller.user_id
    if body.id is not None:
        values["id"] = body.id
    gym_id = await repo.create_gym(tx, values)
    if gym_id is None:
        raise Conflict("A gym with this id already exists.", kind="gym-exists")
    await roles.add_founder(tx, gym_id, caller.user_id)
    return await get_gym(tx, caller, gym_id)


async def get_gym(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> dict[str, Any]:
    """A ``GymDetail``."""
    row = await repo.get_gym(tx, gym_id)
    if row is None:
        raise NotFound("Gym")
    me = caller.user_id
    unit = await caller_unit(tx, caller)
    contents = await _gym_contents(tx, gym_id, unit)
    return {
        **gym_body(row),
        "unit": unit,
        **contents,
        "is_member": await repo.is_member(tx, me, gym_id),
        "my_role": await roles.role_of(tx, gym_id, me),
    }


async def _gym_contents(
    tx: Tx, gym_id: uuid.UUID, unit: MassUnit
) -> dict[str, list[dict[str, Any]]]:
    """Equipment (stack increments in ``unit``), bar types and dumbbells as labelled:
    the ``GymEquipmentItem``, ``GymBarTypeItem`` and ``Dumbbell`` lists of ``GymDetail``."""
    items = [
        {
            "equipment_id": row["equipment_id"],
            "slug": row["slug"],
            "name": row["name"],
            "category": row["category"],
            "load_type": row["load_type"],
            "quantity": row["quantity"],
            "stack_increment": _in_unit(row["stack_increment_g"], unit),
        }
        for row in await equipment.gym_equipment(tx, gym_id)
    ]
    bars = [
        {
            "bar_type_id": row["id"],
            "slug": row["slug"],
            "name": row["name"],
            "mass": number(row["mass"]),
            "unit": row["unit"],
            "loads_plates": row["loads_plates"],
            "quantity": row["quantity"],
        }
        for row in await equipment.gym_bar_types(tx, gym_id)
    ]
    dumbbells = [
        {"mass": number(row["mass"]), "unit": row["unit"], "pairs": row["pairs"]}
        for row in await equipment.gym_dumbbells(tx, gym_id)
    ]
    return {"equipment": items, "bar_types": bars, "dumbbells": dumbbells}


def _in_unit(grams: int | None, unit: MassUnit) -> int | float | None:
    return None if grams is None else number(from_grams(grams, unit))


async def require_gym_role(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, allowed: Collection[str]
) -> None:
    """404 for no such gym; 403 for a gym the caller may see but not run.

    Gyms are public, so a refusal here is a 403 (there is nothing hidden to protect).
    Platform administrators may act on every gym.
    """
    await require_gym(tx, gym_id)
    if caller.is_admin:
        return
    if await roles.role_of(tx, gym_id, caller.user_id) not in allowed:
        raise Forbidden("Only this gym's admins may do this.")


async def update_gym(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: GymUpdate
) -> dict[str, Any]:
    await require_gym_role(tx, caller, gym_id, {"admin"})
    changes = body.changes()
    city_id = changes.get("city_id")
    if isinstance(city_id, uuid.UUID) and await repo.city_time_zone(tx, city_id) is None:
        raise InvalidInput("city_id", "There is no city with this id.")
    if changes and not await repo.update_gym(tx, gym_id, changes):
        raise Forbidden("Only this gym's admins may do this.")
    return await get_gym(tx, caller, gym_id)


# --- memberships ----------------------------------------------------------------------


def _membership(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``Membership``."""
    return {"gym": gym_body(row), "is_default": row["is_default"], "joined_at": row["joined_at"]}


async def _membership_of(tx: Tx, me: uuid.UUID, gym_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.get_membership(tx, me, gym_id)
    if row is None:
        raise NotFound("Your membership of this gym")
    return _membership(row)


async def join(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: MembershipCreate
) -> dict[str, Any]:
    """Join a gym; the first gym someone joins becomes their default."""
    me = caller.user_id
    await require_gym(tx, gym_id)
    if not await repo.add_membership(tx, me, gym_id):
        raise Conflict("You are already a member of this gym.", kind="already-member")
    if body.is_default or not await repo.has_default(tx, me):
        await repo.set_default(tx, me, gym_id, True)
    return await _membership_of(tx, me, gym_id)


async def leave(tx: Tx, caller: SignedIn, gym_id: uuid.UUID) -> None:
    """Leaving also forgets the plates, miniweights and collars kept for that gym."""
    if not await repo.remove_membership(tx, caller.user_id, gym_id):
        raise NotFound("Your membership of this gym")


async def update_membership(
    tx: Tx, caller: SignedIn, gym_id: uuid.UUID, body: MembershipUpdate
) -> dict[str, Any]:
    me = caller.user_id
    if not await repo.set_default(tx, me, gym_id, body.is_default):
        raise NotFound("Your membership of this gym")
    return await _membership_of(tx, me, gym_id)


async def my_gyms(tx: Tx, caller: SignedIn, limit: int, cursor: PageCursor) -> dict[str, Any]:
    """A ``Page[Membership]``."""
    after = cursors.joined_then_id(cursor)
    rows = await repo.list_memberships(tx, caller.user_id, limit=limit, after=after)
    items, next_cursor = cursor.page(
        rows, limit, cursors.MEMBERSHIPS_BY_JOINED, lambda r: (r["joined_at"], r["id"])
    )
    return {"items": [_membership(r) for r in items], "next_cursor": next_cursor}


async def role_in_gym(tx: Tx, gym_id: uuid.UUID, user_id: uuid.UUID) -> str | None:
    """The person's role in the gym (``admin``, ``staff``) or None. For other domains whose
    rows a gym's admins decide (ambassadors' gym deals)."""
    return await roles.role_of(tx, gym_id, user_id)


async def gym_ids_of_person(tx: Tx, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The gyms a person is a member of now, as the caller may see them (administrators:
    anyone's). For commissions priced by a gym's deal."""
    return await repo.gym_ids(tx, user_id)

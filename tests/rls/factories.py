"""Sample rows for every table that holds people's rows, made through a privileged connection.

The isolation suite (``test_isolation.py``) finds every table with a ``user_id`` column or a
foreign key to ``auth.users`` in the catalogs and attacks a row that one of these factories
made. A table without a factory fails the suite: a new domain adds its factory here.

A factory takes the privileged connection and the owner (``None`` for a row that belongs to
nobody, such as a catalog exercise, where the table allows it), creates whatever parents
the row needs for that same owner, and returns the row as stored (``returning *``).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

Row = dict[str, Any]
Factory = Callable[[asyncpg.Connection, uuid.UUID | None], Awaitable[Row]]

FACTORIES: dict[str, Factory] = {}

# Tables whose rows everyone signed in may read: the user column records who made the row,
# it does not make the row private. Their rows are attacked for writes only.
SHARED_ROWS: dict[str, str] = {
    "public.gyms": "gyms are public; created_by records who added the gym",
}

# Tables where even the owner cannot insert a copy of a stored row (so the attacks on
# inserts have no positive control), with the reason.
NO_OWN_INSERT: dict[str, str] = {
    "public.gym_admins": "a founder row only in the transaction that creates the gym",
}


def factory(table: str) -> Callable[[Factory], Factory]:
    def register(make: Factory) -> Factory:
        FACTORIES[table] = make
        return make

    return register


def _tag() -> str:
    return uuid.uuid4().hex[:12]


async def insert_row(conn: asyncpg.Connection, table: str, values: Row) -> Row:
    columns = ", ".join(f'"{c}"' for c in values)
    params = ", ".join(f"${i}" for i in range(1, len(values) + 1))
    row = await conn.fetchrow(
        f"insert into {table} ({columns}) values ({params}) returning *", *values.values()
    )
    return dict(row)


async def new_user(conn: asyncpg.Connection) -> uuid.UUID:
    """An account made directly (the profile row follows from the trigger)."""
    user_id: uuid.UUID = await conn.fetchval(
        "insert into auth.users (email) values ($1) returning id", f"rls-{_tag()}@example.com"
    )
    return user_id


def _owner(owner: uuid.UUID | None, table: str) -> uuid.UUID:
    if owner is None:
        raise ValueError(f"{table} rows always belong to someone")
    return owner


async def _any(conn: asyncpg.Connection, sql: str) -> Any:
    value = await conn.fetchval(sql)
    assert value is not None, f"reference data missing: {sql}"
    return value


@factory("auth.users")
async def _auth_user(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    row = await conn.fetchrow("select * from auth.users where id = $1", _owner(owner, "users"))
    return dict(row)


@factory("public.users")
async def _profile(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    row = await conn.fetchrow("select * from public.users where id = $1", _owner(owner, "users"))
    return dict(row)


@factory("auth.refresh_tokens")
async def _refresh_token(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "auth.refresh_tokens",
        {
            "user_id": _owner(owner, "refresh_tokens"),
            "family_id": uuid.uuid4(),
            "token_hash": uuid.uuid4().bytes,
            "expires_at": await conn.fetchval("select now() + interval '1 day'"),
        },
    )


@factory("public.exercises")
async def _exercise(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    tag = _tag()
    return await insert_row(
        conn,
        "public.exercises",
        {
            "user_id": owner,
            "name": f"RLS probe {tag}",
            "slug": f"rls_probe_{tag}",
            "primary_muscle": "chest",
            "movement_pattern": await _any(conn, "select slug from movement_patterns limit 1"),
            "load_type": await _any(conn, "select slug from load_types limit 1"),
        },
    )


@factory("public.exercise_equipment_profiles")
async def _equipment_link(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    exercise = await _exercise(conn, owner)
    return await insert_row(
        conn,
        "public.exercise_equipment_profiles",
        {
            "exercise_id": exercise["id"],
            "equipment_id": await _any(conn, "select id from equipment limit 1"),
            "user_id": owner,
        },
    )


@factory("public.gyms")
async def _gym(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.gyms",
        {"name": f"RLS probe {_tag()}", "time_zone": "Europe/Madrid", "created_by": owner},
    )


@factory("public.gym_admins")
async def _gym_admin(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    gym = await _gym(conn, owner)
    return await insert_row(
        conn,
        "public.gym_admins",
        {"gym_id": gym["id"], "user_id": _owner(owner, "gym_admins"), "role": "admin"},
    )


@factory("public.user_gyms")
async def _membership(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    gym = await _gym(conn, owner)
    return await insert_row(
        conn, "public.user_gyms", {"user_id": _owner(owner, "user_gyms"), "gym_id": gym["id"]}
    )


async def _inventory(conn: asyncpg.Connection, owner: uuid.UUID | None, table: str) -> Row:
    membership = await _membership(conn, owner)
    values: Row = {"user_id": membership["user_id"], "gym_id": membership["gym_id"]}
    values.update(mass=2.5, unit="kg", mass_g=2500)
    if table != "public.user_gym_collars":
        values["pairs"] = 1
    return await insert_row(conn, table, values)


@factory("public.user_gym_plates")
async def _plates(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await _inventory(conn, owner, "public.user_gym_plates")


@factory("public.user_gym_miniweights")
async def _miniweights(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await _inventory(conn, owner, "public.user_gym_miniweights")


@factory("public.user_gym_collars")
async def _collars(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await _inventory(conn, owner, "public.user_gym_collars")


@factory("public.gym_role_requests")
async def _role_request(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    gym = await _gym(conn, owner)
    return await insert_row(
        conn,
        "public.gym_role_requests",
        {"gym_id": gym["id"], "user_id": _owner(owner, "requests"), "requested_role": "staff"},
    )

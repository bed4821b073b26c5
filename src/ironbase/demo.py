"""A demo account for a newcomer: a profile, a gym with bars and machines, plates there.

Everything after the account itself goes through the same services the API uses, as the
demo user under row-level security, in one transaction: a second run updates the same
account and gym instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text

from ironbase.auth import passwords
from ironbase.auth.context import signed_in_from_claims
from ironbase.catalog.exercises import service as exercises
from ironbase.config import Settings
from ironbase.db import pg
from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.db.urls import asyncpg_dsn
from ironbase.gyms import service as gyms
from ironbase.gyms.equipment import service as gym_equipment
from ironbase.gyms.equipment.schemas import (
    BarTypeEntry,
    DumbbellEntry,
    EquipmentEntry,
    GymEquipmentUpdate,
)
from ironbase.gyms.inventory import service as inventory_service
from ironbase.gyms.inventory.schemas import (
    CollarEntry,
    CollarsUpdate,
    InventoryEntry,
    MiniweightsUpdate,
    PlatesUpdate,
)
from ironbase.gyms.schemas import GymCreate, MembershipCreate, MembershipUpdate
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict
from ironbase.kit.pagination import CursorCodec, PageCursor
from ironbase.secrets_store import read_or_create
from ironbase.training.workouts import service as workouts
from ironbase.training.workouts.schemas import ExerciseIn, SetIn, WorkoutDocument
from ironbase.users import service as users
from ironbase.users.schemas import MeUpdate

DEMO_EMAIL = "demo@example.com"
DEMO_GYM_NAME = "Ironbase Demo Gym"
DEMO_TIME_ZONE = "Europe/Berlin"


class DemoRefused(RuntimeError):
    """A demo account with a password printed on a console has no place in production."""


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    user_id: uuid.UUID
    gym_id: uuid.UUID


def demo_password(settings: Settings) -> str:
    """Generated once per data folder; the prefix keeps it within the password policy."""
    return "demo-" + read_or_create(settings.data_dir, "demo_password", 12)


# The password is (re)set on every run: "reuse or reset", whichever the account needs.
# Two statements, not an upsert: an upsert reads the hash column back (`excluded.`), and
# no role but the owner may read password hashes.
_RESET_PASSWORD = text(
    "update auth.users set encrypted_password = :hash where email = :email returning id"
)
_CREATE_ACCOUNT = text(
    "insert into auth.users (email, encrypted_password) values (:email, :hash) returning id"
)


def ensure_account(target: DatabaseTarget, email: str, password: str) -> uuid.UUID:
    values = {"email": email, "hash": passwords.hash_password(password)}
    with system_transaction(target) as conn:
        user_id: uuid.UUID | None = conn.execute(_RESET_PASSWORD, values).scalar()
        if user_id is None:
            user_id = conn.execute(_CREATE_ACCOUNT, values).scalar_one()
    return user_id


def demo_caller(user_id: uuid.UUID, email: str) -> SignedIn:
    """The demo user as a request would see them (the claims a token of theirs carries)."""
    return signed_in_from_claims(
        {"sub": str(user_id), "email": email, "role": "authenticated", "app_metadata": {}}
    )


async def create_demo(settings: Settings, target: DatabaseTarget) -> DemoAccount:
    """Create or refresh the demo account; the catalog must be seeded (bar types, equipment)."""
    if settings.is_production:
        raise DemoRefused("the demo account is for development; refusing in production")
    password = demo_password(settings)
    user_id = ensure_account(target, DEMO_EMAIL, password)
    caller = demo_caller(user_id, DEMO_EMAIL)
    url = settings.api_database_url or target.serving_url
    pool = await pg.create_pool(asyncpg_dsn(url), min_size=1, max_size=1)
    try:
        async with pg.request_transaction(pool, caller) as tx:
            await users.update_me(tx, caller, DEMO_PROFILE)
            gym_id = await furnish(tx, caller, settings)
    finally:
        await pool.close()
    return DemoAccount(DEMO_EMAIL, password, user_id, gym_id)


DEMO_PROFILE = MeUpdate(
    display_name="Demo Lifter", unit_system="metric", time_zone=DEMO_TIME_ZONE, locale="en"
)


async def furnish(tx: pg.Tx, caller: SignedIn, settings: Settings) -> uuid.UUID:
    """Gym, equipment, membership (default gym), plates, miniweights, collars."""
    gym_id = await _demo_gym(tx, caller, settings.max_gyms_created_per_user)
    await gym_equipment.replace_equipment(tx, caller, gym_id, _gym_equipment())
    with contextlib.suppress(Conflict):  # a second run: already a member
        await gyms.join(tx, caller, gym_id, MembershipCreate(is_default=True))
    await gyms.update_membership(tx, caller, gym_id, MembershipUpdate(is_default=True))
    await inventory_service.put_miniweights(tx, caller, gym_id, _miniweights())
    await inventory_service.put_plates(tx, caller, gym_id, _plates())
    await inventory_service.put_collars(tx, caller, gym_id, _collars())
    await add_training_history(tx, caller, gym_id)
    return gym_id


# Three weeks of a simple linear programme: (slug, first working weight kg, weekly step kg).
DEMO_LIFTS = (
    ("barbell_back_squat", 80, 5),
    ("barbell_bench_press", 60, 2.5),
    ("barbell_deadlift", 100, 5),
)
DEMO_WEEKS = 3
DEMO_SESSION_DAYS = (0, 2, 4)  # Monday, Wednesday, Friday
_DEMO_IDS = uuid.UUID("6f1c3a52-5d0e-4d53-9a43-2f6b0e7e9d10")


def _demo_id(*parts: object) -> uuid.UUID:
    """Stable ids: a second `ironbase demo` rewrites the same workouts instead of adding more."""
    return uuid.uuid5(_DEMO_IDS, "/".join(map(str, parts)))


def _demo_session(
    week: int, day: int, start: dt.datetime, exercise_ids: dict[str, uuid.UUID], gym_id: uuid.UUID
) -> WorkoutDocument:
    exercises = []
    for position, (slug, first, step) in enumerate(DEMO_LIFTS):
        working = Decimal(str(first)) + Decimal(str(step)) * week
        sets = [
            SetIn(id=_demo_id(week, day, slug, "warmup"), set_type="warmup",
                  weight=working / 2, unit="kg", reps=8),
        ] + [
            SetIn(id=_demo_id(week, day, slug, n), weight=working, unit="kg", reps=5,
                  rpe=Decimal(7 + n))
            for n in range(3)
        ]  # fmt: skip
        exercises.append(
            ExerciseIn(id=_demo_id(week, day, slug), exercise_id=exercise_ids[slug],
                       position=position, sets=sets)
        )  # fmt: skip
    return WorkoutDocument(
        id=_demo_id(week, day), title=f"Week {week + 1}, day {DEMO_SESSION_DAYS.index(day) + 1}",
        started_at=start, ended_at=start + dt.timedelta(minutes=70), gym_id=gym_id,
        exercises=exercises,
    )  # fmt: skip


async def add_training_history(tx: pg.Tx, caller: SignedIn, gym_id: uuid.UUID) -> None:
    """Three weeks of squat, bench press and deadlift at ``gym_id``, ending this week, written
    through the same whole-document path an offline client uses."""
    exercise_ids = {
        slug: (await exercises.get_exercise(tx, caller, slug, ["en"]))["id"]
        for slug, _, _ in DEMO_LIFTS
    }
    today = dt.datetime.now(dt.UTC).replace(hour=17, minute=30, second=0, microsecond=0)
    this_monday = today - dt.timedelta(days=today.weekday())
    for week in range(DEMO_WEEKS):
        monday = this_monday - dt.timedelta(weeks=DEMO_WEEKS - 1 - week)
        for day in DEMO_SESSION_DAYS:
            start = monday + dt.timedelta(days=day)
            if start > dt.datetime.now(dt.UTC):
                continue  # not in the future
            document = _demo_session(week, day, start, exercise_ids, gym_id)
            await workouts.write_document(tx, caller, document.id, document, "kg")


async def _demo_gym(tx: pg.Tx, caller: SignedIn, quota: int) -> uuid.UUID:
    """The demo gym this account already has, else a new one (its creator becomes its admin)."""
    # One page is enough (the demo account has a handful of gyms); its cursor is never used,
    # so a throwaway key signs it.
    first_page = PageCursor(CursorCodec.from_secret(secrets.token_hex(32)))
    memberships = await gyms.my_gyms(tx, caller, 100, first_page)
    for membership in memberships["items"]:
        if membership["gym"]["name"] == DEMO_GYM_NAME:
            return uuid.UUID(str(membership["gym"]["id"]))
    body = GymCreate(name=DEMO_GYM_NAME, address="1 Demo Street", time_zone=DEMO_TIME_ZONE)
    created = await gyms.create_gym(tx, caller, body, quota=quota)
    return uuid.UUID(str(created["id"]))


def _gym_equipment() -> GymEquipmentUpdate:
    equipment = [
        EquipmentEntry(equipment="power_rack", quantity=3),
        EquipmentEntry(equipment="flat_bench", quantity=4),
        EquipmentEntry(equipment="adjustable_bench", quantity=2),
        EquipmentEntry(equipment="lat_pulldown_machine", stack_increment=Decimal(5)),
        EquipmentEntry(equipment="leg_press_45"),
        EquipmentEntry(equipment="seated_cable_row_station"),
    ]
    bars = [
        BarTypeEntry(bar_type="olympic_20kg", quantity=4),
        BarTypeEntry(bar_type="womens_olympic_15kg", quantity=2),
        BarTypeEntry(bar_type="ez_curl", quantity=2),
        BarTypeEntry(bar_type="trap_hex"),
    ]
    dumbbells = [DumbbellEntry(mass=Decimal(m) / 2) for m in range(5, 81, 5)]  # 2.5 .. 40 kg
    return GymEquipmentUpdate(unit="kg", equipment=equipment, bar_types=bars, dumbbells=dumbbells)


def _stock(*entries: tuple[str, int]) -> list[InventoryEntry]:
    return [InventoryEntry(mass=Decimal(mass), unit="kg", pairs=pairs) for mass, pairs in entries]


def _plates() -> PlatesUpdate:
    return PlatesUpdate(
        plates=_stock(("25", 2), ("20", 2), ("15", 1), ("10", 2), ("5", 2), ("2.5", 2), ("1.25", 1))
    )


def _miniweights() -> MiniweightsUpdate:
    return MiniweightsUpdate(miniweights=_stock(("0.5", 1), ("0.25", 1)))


def _collars() -> CollarsUpdate:
    return CollarsUpdate(
        items=[
            CollarEntry(bar_type="olympic_20kg", mass=Decimal("2.5"), unit="kg"),
            CollarEntry(bar_type=None, mass=Decimal(0), unit="kg"),
        ]
    )


def example_requests(base_url: str, account: DemoAccount) -> list[str]:
    """Three shell lines that work against a served API: sign in, who am I, load a bar."""
    body = f'{{"email": "{account.email}", "password": "{account.password}"}}'
    extract = "python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])'"
    return [
        f"TOKEN=$(curl -s -X POST {base_url}/v1/auth/token "
        f"-H 'Content-Type: application/json' -d '{body}' | {extract})",
        f'curl -s {base_url}/v1/me -H "Authorization: Bearer $TOKEN"',
        f'curl -s "{base_url}/v1/me/gyms/{account.gym_id}/loads?target=102.5&unit=kg" '
        '-H "Authorization: Bearer $TOKEN"',
    ]

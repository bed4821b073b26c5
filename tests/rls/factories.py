"""Sample rows for every table that holds people's rows, made through a privileged connection.

The isolation suite (``test_isolation.py``) finds every table with a ``user_id`` column or a
foreign key to ``auth.users`` in the catalogs and attacks a row that one of these factories
made. A table without a factory fails the suite: a new domain adds its factory here.

A factory takes the privileged connection and the owner (``None`` for a row that belongs to
nobody, such as a catalog exercise, where the table allows it), creates whatever parents
the row needs for that same owner, and returns the row as stored (``returning *``).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
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
    "public.ambassador_referrals": "written at sign-up by redeem_referral_code alone",
    "public.privacy_exports": (
        "people insert a queued export naming only themselves (one at a time); the worker "
        "writes the rest"
    ),
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


# --- The training log ------------------------------------------------------------------------

# Foreign keys whose parent may legitimately be a row that belongs to nobody (a catalog
# exercise): the attacks still point them at another person's private row, not at the catalog.
PUBLIC_PARENTS_ALLOWED: dict[tuple[str, str], str] = {
    (table, "public.exercises"): "people log, plan and map catalog exercises"
    for table in (
        "public.workout_exercises",
        "public.template_exercises",
        "public.exercise_name_mappings",
    )
}

NO_OWN_INSERT["public.training_changes"] = "written by the log triggers only"
NO_OWN_INSERT["public.training_change_heads"] = "written by the log triggers only"


@factory("public.privacy_exports")
async def _privacy_export(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.privacy_exports",
        {
            "user_id": _owner(owner, "privacy_exports"),
            "status": "done",
            "progress": 100,
            "file": b"PK\x05\x06" + bytes(18),
            "file_bytes": 22,
        },
    )


@factory("public.import_batches")
async def _import_batch(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.import_batches",
        {"user_id": _owner(owner, "import_batches"), "format": "strong", "source_key": _tag()},
    )


@factory("public.import_pending_exercises")
async def _pending_exercise(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    batch = await _import_batch(conn, owner)
    return await insert_row(
        conn,
        "public.import_pending_exercises",
        {
            "user_id": batch["user_id"],
            "batch_id": batch["id"],
            "workout_key": f"strong:{_tag()}",
            "name": "Zercher Squat (Barbell)",
            "name_key": "zercher squat (barbell)",
            "position": 0,
            "set_count": 1,
            "sets": '[{"set_type": "normal", "weight_g": 60000, "reps": 5}]',
        },
    )


@factory("public.workout_templates")
async def _template(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.workout_templates",
        {"user_id": _owner(owner, "workout_templates"), "name": f"Push {_tag()}"},
    )


@factory("public.template_exercises")
async def _template_exercise(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    template = await _template(conn, owner)
    return await insert_row(
        conn,
        "public.template_exercises",
        {
            "user_id": template["user_id"],
            "template_id": template["id"],
            "exercise_id": (await _exercise(conn, owner))["id"],
            "position": 0,
            "target_sets": 3,
            "rep_min": 5,
            "rep_max": 8,
        },
    )


@factory("public.workouts")
async def _workout(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    template = await _template(conn, owner)
    batch = await _import_batch(conn, owner)
    return await insert_row(
        conn,
        "public.workouts",
        {
            "user_id": template["user_id"],
            "template_id": template["id"],
            "import_batch_id": batch["id"],
            "import_key": _tag(),
            "started_at": await conn.fetchval("select now() - interval '1 hour'"),
            "title": "Push day",
        },
    )


@factory("public.workout_exercises")
async def _workout_exercise(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    workout = await _workout(conn, owner)
    return await insert_row(
        conn,
        "public.workout_exercises",
        {
            "user_id": workout["user_id"],
            "workout_id": workout["id"],
            "exercise_id": (await _exercise(conn, owner))["id"],
            "position": 0,
        },
    )


@factory("public.workout_sets")
async def _workout_set(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    parent = await _workout_exercise(conn, owner)
    return await insert_row(
        conn,
        "public.workout_sets",
        {
            "user_id": parent["user_id"],
            "workout_exercise_id": parent["id"],
            "position": 0,
            "weight_g": 100_000,
            "unit": "kg",
            "reps": 5,
            "rpe": 8.5,
        },
    )


@factory("public.exercise_name_mappings")
async def _name_mapping(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.exercise_name_mappings",
        {
            "user_id": _owner(owner, "exercise_name_mappings"),
            "name": f"bench press (barbell) {_tag()}",
            "exercise_id": (await _exercise(conn, owner))["id"],
        },
    )


@factory("public.training_changes")
async def _training_change(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    """The log entry that a workout's insert appended."""
    workout = await _workout(conn, owner)
    row = await conn.fetchrow(
        "select * from public.training_changes where user_id = $1 and row_id = $2",
        workout["user_id"],
        workout["id"],
    )
    return dict(row)


@factory("public.training_change_heads")
async def _change_head(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    workout = await _workout(conn, owner)
    row = await conn.fetchrow(
        "select * from public.training_change_heads where user_id = $1", workout["user_id"]
    )
    return dict(row)


# --- Fitness profile, readiness and cycle tracking ---------------------------------------------


@factory("public.user_profile_fitness")
async def _fitness_profile(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.user_profile_fitness",
        {
            "user_id": _owner(owner, "user_profile_fitness"),
            "goal": "strength",
            "days_per_week": 3,
            "weekdays": [1, 3, 5],
            "session_minutes": 60,
            "excluded_equipment": [],
            "excluded_exercises": [],
            "excluded_patterns": [],
        },
    )


@factory("public.body_weight_entries")
async def _body_weight(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.body_weight_entries",
        {
            "user_id": _owner(owner, "body_weight_entries"),
            "day": await conn.fetchval("select current_date - (random() * 3000)::int"),
            "weight_g": 80_000,
            "unit": "kg",
        },
    )


@factory("public.readiness_checkins")
async def _readiness_checkin(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.readiness_checkins",
        {
            "user_id": _owner(owner, "readiness_checkins"),
            "day": await conn.fetchval("select current_date - (random() * 3000)::int"),
            "sleep": 2,
            "fatigue": 3,
            "stress": 2,
            "soreness": 4,
            "score": 63,
            "life_scores": "{}",
        },
    )


@factory("public.cycle_consents")
async def _cycle_consent(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    user_id = _owner(owner, "cycle_consents")
    row = await conn.fetchrow("select * from public.cycle_consents where user_id = $1", user_id)
    if row is not None:
        return dict(row)
    return await insert_row(conn, "public.cycle_consents", {"user_id": user_id})


@factory("public.cycle_events")
async def _cycle_event(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    consent = await _cycle_consent(conn, owner)
    return await insert_row(
        conn,
        "public.cycle_events",
        {
            "user_id": consent["user_id"],
            "type": "symptom",
            "day": await conn.fetchval("select current_date"),
            "symptom": "cramps",
            "severity": 2,
            "notes": "probe",
        },
    )


# --- Social ----------------------------------------------------------------------------------

SHARED_ROWS["public.social_profiles"] = "profile cards are public to everyone signed in"
NO_OWN_INSERT["public.social_profiles"] = "made by the trigger on public.users only"


@factory("public.social_profiles")
async def _social_profile(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    row = await conn.fetchrow(
        "select * from public.social_profiles where user_id = $1", _owner(owner, "profiles")
    )
    return dict(row)


@factory("public.social_blocks")
async def _social_block(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.social_blocks",
        {"user_id": _owner(owner, "social_blocks"), "blocked_id": await new_user(conn)},
    )


@factory("public.social_friendships")
async def _friendship(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    """The owner's side of a pending request they made to a third person."""
    me = _owner(owner, "social_friendships")
    return await insert_row(
        conn,
        "public.social_friendships",
        {"user_id": me, "friend_id": await new_user(conn), "requested_by": me},
    )


@factory("public.social_posts")
async def _post(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    """A private post: nobody but its author may read it."""
    return await insert_row(
        conn,
        "public.social_posts",
        {"user_id": _owner(owner, "social_posts"), "text": "Squats", "visibility": "private"},
    )


async def _on_own_post(conn: asyncpg.Connection, owner: uuid.UUID | None, table: str) -> Row:
    post = await _post(conn, owner)
    return await insert_row(
        conn,
        table,
        {"user_id": post["user_id"], "post_user_id": post["user_id"], "post_id": post["id"]},
    )


@factory("public.social_post_likes")
async def _like(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await _on_own_post(conn, owner, "public.social_post_likes")


@factory("public.social_post_reports")
async def _report(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await _on_own_post(conn, owner, "public.social_post_reports")


@factory("public.social_post_comments")
async def _comment(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    post = await _post(conn, owner)
    return await insert_row(
        conn,
        "public.social_post_comments",
        {
            "user_id": post["user_id"],
            "post_user_id": post["user_id"],
            "post_id": post["id"],
            "text": "Nice",
        },
    )


# --- challenges and achievements (migration 0016) -----------------------------------------


PUBLIC_PARENTS_ALLOWED[("public.challenges", "public.exercises")] = (
    "challenges are on catalog exercises, which everyone lifts"
)


@factory("public.challenges")
async def _challenge(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    """Invite-only: nobody else sees it (public ones are everyone's, on purpose)."""
    return await insert_row(
        conn,
        "public.challenges",
        {
            "user_id": _owner(owner, "challenges"),
            "title": f"Probe {_tag()}",
            "metric": "e1rm",
            "exercise_id": (await _exercise(conn, owner))["id"],
            "starts_at": await conn.fetchval("select now() - interval '1 day'"),
            "ends_at": await conn.fetchval("select now() + interval '7 days'"),
            "visibility": "invite",
        },
    )


@factory("public.challenge_participants")
async def _challenge_participant(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    challenge = await _challenge(conn, owner)
    return await insert_row(
        conn,
        "public.challenge_participants",
        {"user_id": challenge["user_id"], "challenge_id": challenge["id"], "status": "joined"},
    )


@factory("public.user_achievements")
async def _user_achievement(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    workout = await _workout(conn, owner)
    return await insert_row(
        conn,
        "public.user_achievements",
        {
            "user_id": workout["user_id"],
            "achievement_slug": await _any(conn, "select slug from achievements limit 1"),
            "earned_at": workout["started_at"],
            "workout_id": workout["id"],
        },
    )


# --- training programs (migration 0018) ---------------------------------------------------

PUBLIC_PARENTS_ALLOWED[("public.ai_program_workout_exercises", "public.exercises")] = (
    "programs prescribe catalog exercises"
)


@factory("public.ai_programs")
async def _program(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.ai_programs",
        {
            "user_id": _owner(owner, "ai_programs"),
            "title": f"Probe {_tag()}",
            "goal": "strength",
            "weeks": 4,
            "status": "draft",
            "created_by": "generator",
            "seed": 1,
            "generator_version": "probe/1",
            "inputs_digest": "0" * 64,
            "program_data": "{}",
            "inputs": "{}",
        },
    )


@factory("public.ai_program_weeks")
async def _program_week(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    program = await _program(conn, owner)
    return await insert_row(
        conn,
        "public.ai_program_weeks",
        {
            "user_id": program["user_id"],
            "program_id": program["id"],
            "index": 1,
            "deload": False,
            "calibration": False,
        },
    )


@factory("public.ai_program_workouts")
async def _program_workout(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    week = await _program_week(conn, owner)
    return await insert_row(
        conn,
        "public.ai_program_workouts",
        {
            "user_id": week["user_id"],
            "program_id": week["program_id"],
            "week_id": week["id"],
            "day_index": 0,
            "weekday": 1,
            "title": "Upper A",
            "estimated_minutes": 55,
        },
    )


@factory("public.ai_program_workout_exercises")
async def _program_exercise(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    workout = await _program_workout(conn, owner)
    return await insert_row(
        conn,
        "public.ai_program_workout_exercises",
        {
            "user_id": workout["user_id"],
            "program_workout_id": workout["id"],
            "position": 0,
            "slot": "0.0",
            "exercise_id": (await _exercise(conn, owner))["id"],
            "role": "main",
            "sets": 3,
            "reps_min": 5,
            "reps_max": 5,
            "rir": 2,
            "rpe": 8,
            "rest_s": 180,
        },
    )


@factory("public.coach_logs")
async def _coach_log(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    program = await _program(conn, owner)
    workout = await _workout(conn, owner)
    return await insert_row(
        conn,
        "public.coach_logs",
        {
            "user_id": program["user_id"],
            "actor_id": program["user_id"],
            "program_id": program["id"],
            "workout_id": workout["id"],
            "kind": "adapt",
            "generator_version": "probe/1",
            "request": "{}",
            "duration_ms": 3,
            "outcome": "unchanged",
        },
    )


# --- Coaching (0019) ------------------------------------------------------------


@factory("public.mentor_profiles")
async def _mentor_profile(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    return await insert_row(
        conn,
        "public.mentor_profiles",
        {"user_id": _owner(owner, "mentor_profiles"), "bio": "Probe", "languages": ["en"]},
    )


SHARED_ROWS["public.mentor_profiles"] = "mentor profiles are public, even without a token"


@factory("public.coach_client_links")
async def _coach_link(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    """A client's pending invitation to a coach (a new account)."""
    return await insert_row(
        conn,
        "public.coach_client_links",
        {
            "user_id": _owner(owner, "coach_client_links"),
            "coach_id": await new_user(conn),
            "scopes": ["training:read"],
            "requested_by": "client",
        },
    )


NO_OWN_INSERT["public.coach_client_link_events"] = "written by the links' trigger only"


@factory("public.coach_client_link_events")
async def _coach_link_event(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    link = await _coach_link(conn, owner)
    row = await conn.fetchrow(
        "select * from public.coach_client_link_events where user_id = $1 and link_id = $2",
        link["user_id"],
        link["id"],
    )
    return dict(row)


@factory("public.coach_notes")
async def _coach_note(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    """The owner coaches a new client through an active link that lets them comment."""
    coach = _owner(owner, "coach_notes")
    workout = await _workout(conn, await new_user(conn))
    await insert_row(
        conn,
        "public.coach_client_links",
        {
            "user_id": workout["user_id"],
            "coach_id": coach,
            "scopes": ["comments:write"],
            "status": "active",
            "requested_by": "client",
        },
    )
    return await insert_row(
        conn,
        "public.coach_notes",
        {
            "user_id": coach,
            "client_id": workout["user_id"],
            "workout_id": workout["id"],
            "body": "Probe",
        },
    )


# (coaching factories above this line)


# --- Ambassadors (0020) ---------------------------------------------------------


async def _ambassador(conn: asyncpg.Connection, owner: uuid.UUID, status: str) -> Row:
    """The owner's ambassador profile (one per person): applied, or decided with a code."""
    decided = status != "applied"
    code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
    return await insert_row(
        conn,
        "public.ambassador_profiles",
        {
            "user_id": owner,
            "status": status,
            "referral_code": code if status in ("approved", "suspended") else None,
            "region": "DE-BE",
            "pitch": f"Probe {_tag()}",
            "decided_at": await conn.fetchval("select now()") if decided else None,
        },
    )


async def approved_ambassador(conn: asyncpg.Connection, owner: uuid.UUID) -> Row:
    """The owner's approved profile, made once: battles, deals and commissions hang off it."""
    row = await conn.fetchrow("select * from public.ambassador_profiles where user_id = $1", owner)
    if row is not None:
        return dict(row)
    return await _ambassador(conn, owner, "approved")


@factory("public.ambassador_profiles")
async def _ambassador_profile(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    # An application: the one state its owner may insert (the control of the attacks).
    # One profile per person: when a factory of a table hanging off the profile ran first
    # for this owner (the backup tests run every factory for one person), that one it is.
    user_id = _owner(owner, "ambassador_profiles")
    row = await conn.fetchrow(
        "select * from public.ambassador_profiles where user_id = $1", user_id
    )
    if row is not None:
        return dict(row)
    return await _ambassador(conn, user_id, "applied")


@factory("public.ambassador_referrals")
async def _ambassador_referral(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    ambassador = await approved_ambassador(conn, _owner(owner, "ambassador_referrals"))
    return await insert_row(
        conn,
        "public.ambassador_referrals",
        {"user_id": ambassador["user_id"], "referred_user_id": await new_user(conn)},
    )


# (ambassador factories above this line)


# --- Battles (0021) -------------------------------------------------------------


PUBLIC_PARENTS_ALLOWED[("public.battles", "public.exercises")] = (
    "battles are on catalog exercises, which everyone lifts"
)
NO_OWN_INSERT["public.battle_invitations"] = (
    "the battle's ambassador invites; the invitee never inserts their own invitation"
)
NO_OWN_INSERT["public.battle_participants"] = "written when the invitee accepts, by the trigger"


@factory("public.battles")
async def _battle(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    """The owner's battle as an approved ambassador, running, on their own exercise."""
    ambassador = await approved_ambassador(conn, _owner(owner, "battles"))
    return await insert_row(
        conn,
        "public.battles",
        {
            "user_id": ambassador["user_id"],
            "title": f"Probe {_tag()}",
            "metric": "e1rm",
            "exercise_id": (await _exercise(conn, owner))["id"],
            "starts_at": await conn.fetchval("select now() - interval '1 day'"),
            "ends_at": await conn.fetchval("select now() + interval '7 days'"),
        },
    )


async def _battle_of_another(conn: asyncpg.Connection) -> Row:
    """A battle of a fresh ambassador, for rows the owner holds in someone else's battle."""
    return await _battle(conn, await new_user(conn))


@factory("public.battle_invitations")
async def _battle_invitation(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    battle = await _battle_of_another(conn)
    return await insert_row(
        conn,
        "public.battle_invitations",
        {
            "user_id": _owner(owner, "battle_invitations"),
            "battle_id": battle["id"],
            "invited_by": battle["user_id"],
        },
    )


@factory("public.battle_participants")
async def _battle_participant(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    battle = await _battle_of_another(conn)
    return await insert_row(
        conn,
        "public.battle_participants",
        {"user_id": _owner(owner, "battle_participants"), "battle_id": battle["id"]},
    )


# (battle factories above this line)


# --- Commissions (0022) ---------------------------------------------------------


NO_OWN_INSERT["public.ambassador_commission_agreements"] = "administrators set the terms"
NO_OWN_INSERT["public.ambassador_commission_accruals"] = (
    "the ledger is written by administrators' event recording alone"
)


async def _commission_terms(conn: asyncpg.Connection) -> Row:
    """Fixed terms valid from a distinct moment, so that rows never overlap one another."""
    start = await conn.fetchval("select now() - make_interval(days => (random() * 100000)::int)")
    return {
        "event_kind": "pro_started",
        "kind": "fixed",
        "amount": Decimal("5.0000"),
        "currency": "EUR",
        "valid_from": start,
        "valid_until": start + dt.timedelta(hours=1),
    }


@factory("public.ambassador_commission_agreements")
async def _commission_agreement(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    ambassador = await approved_ambassador(conn, _owner(owner, "commission_agreements"))
    return await insert_row(
        conn,
        "public.ambassador_commission_agreements",
        {"user_id": ambassador["user_id"], **await _commission_terms(conn)},
    )


@factory("public.ambassador_gym_deals")
async def _gym_deal(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    ambassador = await approved_ambassador(conn, _owner(owner, "gym_deals"))
    gym = await _gym(conn, None)
    return await insert_row(
        conn,
        "public.ambassador_gym_deals",
        {"user_id": ambassador["user_id"], "gym_id": gym["id"], **await _commission_terms(conn)},
    )


@factory("public.ambassador_commission_accruals")
async def _commission_accrual(conn: asyncpg.Connection, owner: uuid.UUID | None) -> Row:
    agreement = await _commission_agreement(conn, owner)
    return await insert_row(
        conn,
        "public.ambassador_commission_accruals",
        {
            "user_id": agreement["user_id"],
            "event_id": f"probe-{_tag()}",
            "event_kind": "pro_started",
            "referred_user_id": await new_user(conn),
            "amount": Decimal("5.0000"),
            "currency": "EUR",
            "agreement_id": agreement["id"],
            "occurred_at": agreement["valid_from"],
        },
    )


# (commission factories above this line)

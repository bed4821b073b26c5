"""The caller's fitness profile: what the program generator plans from.

``snapshot`` is the entry point for other domains: a frozen ``FitnessSnapshot`` of the
profile as it stands, with the body weight of a given day and the gym to plan for.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ironbase.db.pg import Tx
from ironbase.fitness.profile import experience
from ironbase.fitness.profile import repository as repo
from ironbase.fitness.profile.schemas import FitnessProfilePatch, FitnessProfilePut
from ironbase.fitness.profile.vocabulary import ExperienceLevel, TrainingGoal
from ironbase.fitness.readiness.service import local_day
from ironbase.gyms import service as gyms
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.units import from_grams, number, to_grams
from ironbase.training.workouts import service as workouts
from ironbase.users import service as users

ExperienceSource = Literal["stated", "derived", "default"]
#: Body weights outside this range are refused (grams, as the table's check).
WEIGHT_RANGE_G = (20_000, 400_000)
_WRITABLE = (
    "goal",
    "experience",
    "days_per_week",
    "weekdays",
    "session_minutes",
    "gym_id",
    "excluded_equipment",
    "excluded_exercises",
    "excluded_patterns",
    "sex",
    "birth_year",
)


@dataclass(frozen=True, slots=True)
class FitnessSnapshot:
    """The profile as a plan sees it on one day. ``experience`` is always set: stated,
    judged from the log, or ``novice`` by default (``experience_source`` says which)."""

    user_id: uuid.UUID
    goal: TrainingGoal
    experience: ExperienceLevel
    experience_source: ExperienceSource
    days_per_week: int
    #: ISO weekdays (1 Monday); empty: any days
    weekdays: tuple[int, ...]
    session_minutes: int
    #: the profile's gym, else the default gym, else None
    gym_id: uuid.UUID | None
    excluded_equipment: frozenset[uuid.UUID]
    excluded_exercises: frozenset[uuid.UUID]
    excluded_patterns: frozenset[str]
    #: the body weight in force on ``day`` (the newest weighing on or before it)
    body_weight_g: int | None
    day: dt.date
    sex: str | None
    birth_year: int | None


async def _experience(
    tx: Tx, caller: SignedIn, stated: str | None
) -> tuple[ExperienceLevel | None, Literal["stated", "derived"] | None]:
    if stated is not None:
        return ExperienceLevel(stated), "stated"
    log = await workouts.history(tx, caller)
    derived = experience.derive(log.workouts, log.first_started_at, log.last_started_at)
    return (derived, "derived") if derived is not None else (None, None)


async def _planned_gym(tx: Tx, caller: SignedIn, gym_id: uuid.UUID | None) -> uuid.UUID | None:
    """The profile's gym while the caller is still a member, else their default gym."""
    if gym_id is not None and await gyms.is_member(tx, caller, gym_id):
        return gym_id
    return await gyms.default_gym(tx, caller)


async def _today(tx: Tx, caller: SignedIn, now: dt.datetime) -> dt.date:
    return local_day(now, await users.time_zone_of(tx, caller.user_id))


def _body_weight(row: Mapping[str, Any]) -> dict[str, Any] | None:
    if row["weight_g"] is None:
        return None
    unit = row["weight_unit"]
    return {
        "value": workouts.display_mass(row["weight_g"], unit),
        "unit": unit,
        "date": row["weight_day"],
    }


async def get_profile(tx: Tx, caller: SignedIn, now: dt.datetime) -> dict[str, Any]:
    row = await repo.get(tx, caller.user_id, await _today(tx, caller, now))
    if row is None:
        raise NotFound("Your fitness profile")
    level, source = await _experience(tx, caller, row["experience"])
    return {
        "goal": row["goal"],
        "experience": level,
        "experience_source": source,
        "days_per_week": row["days_per_week"],
        "weekdays": list(row["weekdays"]),
        "session_minutes": row["session_minutes"],
        "gym_id": row["gym_id"],
        "planned_gym_id": await _planned_gym(tx, caller, row["gym_id"]),
        "excluded_equipment": list(row["excluded_equipment"]),
        "excluded_exercises": list(row["excluded_exercises"]),
        "excluded_patterns": list(row["excluded_patterns"]),
        "body_weight": _body_weight(row),
        "sex": row["sex"],
        "birth_year": row["birth_year"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _check_days(values: Mapping[str, Any]) -> None:
    weekdays = values["weekdays"]
    if weekdays and len(weekdays) != values["days_per_week"]:
        raise InvalidInput(
            "weekdays",
            f"List exactly days_per_week ({values['days_per_week']}) weekdays, or none.",
        )


async def _check_references(tx: Tx, caller: SignedIn, values: Mapping[str, Any]) -> None:
    gym_id = values["gym_id"]
    if gym_id is not None and not await gyms.is_member(tx, caller, gym_id):
        raise InvalidInput("gym_id", "Not one of your gyms (join it first).")
    exercises, equipment, patterns = (
        values["excluded_exercises"],
        values["excluded_equipment"],
        values["excluded_patterns"],
    )
    if not (exercises or equipment or patterns):
        return
    missing = await repo.missing(tx, caller.user_id, exercises, equipment, patterns)
    for field, wanted in (
        ("excluded_exercises", exercises),
        ("excluded_equipment", equipment),
        ("excluded_patterns", patterns),
    ):
        absent = set(missing[field.removeprefix("excluded_")])
        for i, item in enumerate(wanted):
            if item in absent:
                raise InvalidInput(
                    f"{field}.{i}", f"No such {field.removeprefix('excluded_')[:-1]}."
                )


async def _write(
    tx: Tx,
    caller: SignedIn,
    values: dict[str, Any],
    body_weight: Any,
    now: dt.datetime,
) -> dict[str, Any]:
    _check_days(values)
    weight = None
    if body_weight is not None:
        grams = to_grams(body_weight.value, body_weight.unit)
        low, high = WEIGHT_RANGE_G
        if not low <= grams <= high:
            unit = body_weight.unit
            raise InvalidInput(
                "body_weight.value",
                f"A body weight between {number(from_grams(low, unit))} and "
                f"{number(from_grams(high, unit))} {unit}.",
            )
        today = await _today(tx, caller, now)
        day = body_weight.date or today
        if day > today:
            raise InvalidInput("body_weight.date", "A weighing on a day that has begun.")
        weight = (day, grams, body_weight.unit)
    await _check_references(tx, caller, values)
    values = {**values, "weekdays": sorted(values["weekdays"])}
    await repo.upsert(tx, caller.user_id, values)
    if weight is not None:
        await repo.record_weight(tx, caller.user_id, *weight)
    return await get_profile(tx, caller, now)


async def put_profile(
    tx: Tx, caller: SignedIn, body: FitnessProfilePut, now: dt.datetime
) -> dict[str, Any]:
    values = {name: getattr(body, name) for name in _WRITABLE}
    return await _write(tx, caller, values, body.body_weight, now)


async def patch_profile(
    tx: Tx, caller: SignedIn, body: FitnessProfilePatch, now: dt.datetime
) -> dict[str, Any]:
    current = await repo.get(tx, caller.user_id, dt.date.max)
    if current is None:
        raise NotFound("Your fitness profile")
    values = {name: current[name] for name in _WRITABLE}
    values["weekdays"] = list(values["weekdays"])
    for name in body.model_fields_set & set(_WRITABLE):
        values[name] = getattr(body, name)
    return await _write(tx, caller, values, body.body_weight, now)


async def body_weight_on(tx: Tx, caller: SignedIn, day: dt.date) -> int | None:
    """Grams of the body weight in force on ``day`` (the newest weighing on or before it),
    or None when nothing was weighed by then: for bodyweight exercises and relative
    strength on the day they were done."""
    row = await repo.weight_on(tx, caller.user_id, day)
    return None if row is None else int(row["weight_g"])


async def experience_without_profile(
    tx: Tx, caller: SignedIn
) -> tuple[ExperienceLevel, ExperienceSource]:
    """The experience a plan assumes for a caller without a profile: judged from the log,
    else ``novice``."""
    level, source = await _experience(tx, caller, None)
    return level or ExperienceLevel.novice, source or "default"


async def snapshot(tx: Tx, caller: SignedIn, day: dt.date) -> FitnessSnapshot | None:
    """The profile for planning ``day``, or None when the caller has none."""
    row = await repo.get(tx, caller.user_id, day)
    if row is None:
        return None
    level, source = await _experience(tx, caller, row["experience"])
    return FitnessSnapshot(
        user_id=caller.user_id,
        goal=TrainingGoal(row["goal"]),
        experience=level or ExperienceLevel.novice,
        experience_source=source or "default",
        days_per_week=row["days_per_week"],
        weekdays=tuple(row["weekdays"]),
        session_minutes=row["session_minutes"],
        gym_id=await _planned_gym(tx, caller, row["gym_id"]),
        excluded_equipment=frozenset(row["excluded_equipment"]),
        excluded_exercises=frozenset(row["excluded_exercises"]),
        excluded_patterns=frozenset(row["excluded_patterns"]),
        body_weight_g=row["weight_g"],
        day=day,
        sex=row["sex"],
        birth_year=row["birth_year"],
    )

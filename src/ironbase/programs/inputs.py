"""The generator's ``Inputs`` from the database, read in one short transaction.

Everything comes through the other domains' services: the request (the body, else the
fitness profile), the gym kit (equipment, plate-loading bars with the caller's collars,
plates and miniweights, dumbbells, machine stacks), the catalog and the caller's
strengths (the best trustworthy e1RM per exercise of the last 12 weeks). The number of
statements is fixed, whatever the size of the catalog, the gym or the log.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ironbase.catalog.exercises import service as catalog
from ironbase.db.pg import Tx
from ironbase.fitness.profile import service as profiles
from ironbase.fitness.profile.service import FitnessSnapshot
from ironbase.fitness.readiness import service as readiness
from ironbase.gyms import plates as p
from ironbase.gyms import service as gyms
from ironbase.gyms.fixed import service as fixed
from ironbase.gyms.inventory import service as inventory
from ironbase.gyms.inventory.solving import mass_of
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, ProblemError
from ironbase.kit.units import MassUnit
from ironbase.programs.generator import model
from ironbase.programs.schemas import MAX_SEED, ProgramCreate
from ironbase.training.stats import service as stats

#: How far back the log is read for e1RMs.
STRENGTH_WINDOW = dt.timedelta(weeks=12)
#: The request fields the profile supplies when the body leaves them out.
PROFILE_FIELDS = ("goal", "days_per_week", "session_minutes")


@dataclass(frozen=True, slots=True)
class Gathered:
    """The inputs, and what the API needs beside them: the caller's unit and the gym."""

    inputs: model.Inputs
    unit: MassUnit
    gym_id: uuid.UUID | None


def _missing_fields(fields: Sequence[str]) -> ProblemError:
    names = ", ".join(fields)
    message = "You have no fitness profile: give these fields or create the profile first."
    return ProblemError(
        422,
        f"Missing {names}: no fitness profile to take them from.",
        kind="validation-error",
        title="Invalid input",
        errors=[{"loc": ["body", field], "msg": message, "type": "missing"} for field in fields],
    )


def _weekdays(body: ProgramCreate, profile: FitnessSnapshot | None, days: int) -> tuple[int, ...]:
    """The body's weekdays; else the profile's when they fit the days per week; else none
    (the generator spreads the days)."""
    if body.weekdays is not None:
        if body.weekdays and len(body.weekdays) != days:
            raise InvalidInput(
                "weekdays", f"List exactly days_per_week ({days}) weekdays, or none."
            )
        return tuple(body.weekdays)
    if profile is not None and len(profile.weekdays) == days:
        return tuple(sorted(profile.weekdays))
    return ()


async def _request(
    tx: Tx, caller: SignedIn, body: ProgramCreate, profile: FitnessSnapshot | None, seed: int
) -> model.Request:
    if profile is None:
        missing = [name for name in PROFILE_FIELDS if getattr(body, name) is None]
        if missing:
            raise _missing_fields(missing)
        experience, _ = await profiles.experience_without_profile(tx, caller)
    else:
        experience = profile.experience
    goal = body.goal or (profile.goal if profile else None)
    days = body.days_per_week or (profile.days_per_week if profile else None)
    minutes = body.session_minutes or (profile.session_minutes if profile else None)
    assert goal is not None
    assert days is not None
    assert minutes is not None
    return model.Request(
        weeks=body.weeks,
        goal=model.TrainingGoal(goal),
        experience=model.ExperienceLevel(experience),
        days_per_week=days,
        weekdays=_weekdays(body, profile, days),
        session_minutes=minutes,
        focus_muscles=tuple(body.focus_muscles or ()),
        excluded_exercises=profile.excluded_exercises if profile else frozenset(),
        excluded_equipment=profile.excluded_equipment if profile else frozenset(),
        excluded_patterns=profile.excluded_patterns if profile else frozenset(),
        seed=seed,
    )


async def _gym_id(
    tx: Tx, caller: SignedIn, body: ProgramCreate, profile: FitnessSnapshot | None
) -> uuid.UUID | None:
    if body.gym_id is not None:
        if not await gyms.is_member(tx, caller, body.gym_id):
            raise InvalidInput("gym_id", "Not one of your gyms (join it first).")
        return body.gym_id
    if profile is not None:
        return profile.gym_id
    return await gyms.default_gym(tx, caller)


def exercise_of(row: Mapping[str, Any]) -> model.CatalogExercise:
    """As ``generator.samples`` builds it from the shipped files."""
    load_type = row["load_type"]
    bars = None
    if load_type in catalog.PLATES_ON_A_BAR:
        bars = tuple(row["bar_type_ids"])
    return model.CatalogExercise(
        id=row["id"],
        slug=row["slug"],
        primary_muscle=row["primary_muscle"],
        secondary_muscles=tuple(row["secondary_muscles"]),
        movement_pattern=row["movement_pattern"],
        load_type=load_type,
        is_compound=row["is_compound"],
        is_unilateral=row["is_unilateral"],
        skill_level=row["skill_level"],
        rep_min=row["rep_min"],
        rep_max=row["rep_max"],
        equipment_ids=frozenset(row["equipment_ids"]),
        bar_type_ids=bars,
        any_bar=load_type in catalog.ANY_BAR_WILL_DO,
    )


def _bars(
    iron: inventory.GymIron | str,
) -> tuple[tuple[model.Bar, ...], tuple[p.InventoryItem, ...]]:
    if isinstance(iron, str):
        return (), ()
    bars = tuple(
        model.Bar(row["id"], row["slug"], mass_of(row["mass"], row["unit"]), iron.kit(row).collar)
        for row in iron.bars
    )
    return bars, tuple(iron.inventory)


def _stack(equipment_id: uuid.UUID, stack: Any) -> model.Stack:
    add_ons = tuple(sorted(stack.add_ons, key=lambda m: m.value))
    return model.Stack(equipment_id, stack.increment, stack.minimum, stack.maximum, add_ons)


async def _kit(
    tx: Tx,
    caller: SignedIn,
    gym_id: uuid.UUID | None,
    unit: MassUnit,
    bodyweight: uuid.UUID | None,
) -> model.GymKit:
    always = frozenset({bodyweight}) if bodyweight else frozenset()
    if gym_id is None:
        return model.GymKit(None, unit, always, (), (), (), ())
    iron = await inventory.gym_iron(tx, caller, gym_id, unit)
    kit = await fixed.fixed_kit(tx, caller, gym_id)
    bars, plates = _bars(iron)
    return model.GymKit(
        gym_id=gym_id,
        unit=unit,
        equipment_ids=frozenset(kit.equipment_ids) | always,
        bars=bars,
        plates=plates,
        dumbbells=kit.dumbbells,
        stacks=tuple(_stack(i, s) for i, s in kit.stacks),
    )


async def _strengths(
    tx: Tx, caller: SignedIn, now: dt.datetime, known: frozenset[uuid.UUID]
) -> tuple[model.Strength, ...]:
    best = await stats.best_e1rms(tx, caller, now - STRENGTH_WINDOW)
    return tuple(
        model.Strength(i, best[i].grams, best[i].formula.value, best[i].table_version)
        for i in sorted(best)
        if i in known
    )


async def gather(tx: Tx, caller: SignedIn, body: ProgramCreate, now: dt.datetime) -> Gathered:
    """Everything a program is computed from (422 when the request cannot be completed)."""
    day = await readiness.local_today(tx, caller, now)
    profile = await profiles.snapshot(tx, caller, day)
    seed = body.seed if body.seed is not None else secrets.randbelow(MAX_SEED + 1)
    request = await _request(tx, caller, body, profile, seed)
    gym_id = await _gym_id(tx, caller, body, profile)
    unit = await gyms.caller_unit(tx, caller)
    found = await catalog.plannable(tx)
    exercises = tuple(exercise_of(row) for row in found.exercises)
    kit = await _kit(tx, caller, gym_id, unit, found.bodyweight_id)
    strengths = await _strengths(tx, caller, now, frozenset(x.id for x in exercises))
    body_weight = profile.body_weight_g if profile else None
    inputs = model.Inputs(request, kit, exercises, strengths, body_weight)
    return Gathered(inputs, unit, gym_id)

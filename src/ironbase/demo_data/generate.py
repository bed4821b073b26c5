"""Realistic demo people and their training histories, generated from a seed (no database).

Volume: scale 1 is the seed's volume, 1 000 people, 10 000 workouts and 50 000 sets; scale
N is N times each (fractions allowed, at least one person). The totals are exact: workouts
are shared out among people with a long tail (most people have a handful, a few hundreds),
and each person's sets among their workouts (2 to 10 a workout, warm-ups included).

A history: a person trains two to four times a week on a rotation of two or three days
(catalog exercises: the main barbell lifts, machines, dumbbells, pull-ups), ending lately
for most people. Their e1RM per lift grows with diminishing returns, with a deload now and
then and day-to-day noise; working loads follow from it by the RPE curve the app itself
uses (``science.tables.OPL_RPE_CURVE``), rounded to 2.5 kg or 5 lb. Some people log RPE,
some RIR, some neither; the first exercise of a day starts with a warm-up; a few last sets
are AMRAP, drop or failure sets.

Deterministic: the same seed, scale and end day give the same people, ids and sets.
Each person is drawn from a random generator of their own (seed and number), so the
result does not depend on batch sizes, and a person is generated in microseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ironbase.kit.units import MassUnit, to_grams
from ironbase.training.science.tables import OPL_RPE_CURVE

USERS_PER_SCALE = 1_000
WORKOUTS_PER_USER = 10
SETS_PER_WORKOUT = 5
MIN_SETS, MAX_SETS = 2, 10
MAX_WORKOUTS_PER_USER = 400
EMAIL_PREFIX = "demo-data-"
EMAIL_DOMAIN = "example.com"

TIME_ZONES = (
    "Europe/Berlin", "Europe/Madrid", "Europe/London", "Europe/Paris", "Europe/Rome",
    "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo",
    "Asia/Tokyo", "Australia/Sydney", "UTC",
)  # fmt: skip
LOCALES = ("en", "en", "en", "es", "de", "fr", "pt", "it")
STEP: dict[MassUnit, Decimal] = {"kg": Decimal("2.5"), "lb": Decimal(5)}  # plate jumps


@dataclass(frozen=True, slots=True)
class Lift:
    """A catalog exercise in the demo programmes: its e1RM as a share of the person's
    bench press, its working reps, and how far it can progress (bodyweight lifts progress
    in reps)."""

    slug: str
    strength: float
    reps: tuple[int, int]
    bodyweight: bool = False


LIFTS = {
    lift.slug: lift
    for lift in (
        Lift("barbell_back_squat", 1.30, (3, 6)),
        Lift("barbell_bench_press", 1.00, (3, 6)),
        Lift("barbell_deadlift", 1.60, (3, 5)),
        Lift("overhead_press", 0.62, (4, 8)),
        Lift("barbell_row", 0.85, (6, 10)),
        Lift("front_squat", 1.05, (3, 6)),
        Lift("romanian_deadlift", 1.10, (6, 10)),
        Lift("leg_press", 2.40, (8, 12)),
        Lift("lat_pulldown", 0.80, (8, 12)),
        Lift("incline_dumbbell_bench_press", 0.35, (8, 12)),
        Lift("lateral_raise", 0.12, (10, 15)),
        Lift("dumbbell_curl", 0.18, (8, 12)),
        Lift("tricep_pushdown", 0.35, (10, 15)),
        Lift("seated_leg_curl", 0.55, (10, 15)),
        Lift("hip_thrust", 1.50, (8, 12)),
        Lift("pull_up", 0.0, (4, 12), bodyweight=True),
        Lift("dip", 0.0, (6, 15), bodyweight=True),
    )
}

# Rotations of training days: (title, lifts in order).
PROGRAMMES: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (
        ("Day A", ("barbell_back_squat", "barbell_bench_press", "barbell_row")),
        ("Day B", ("barbell_deadlift", "overhead_press", "pull_up")),
    ),
    (
        ("Upper", ("barbell_bench_press", "barbell_row", "overhead_press", "dumbbell_curl")),
        ("Lower", ("barbell_back_squat", "romanian_deadlift", "leg_press", "seated_leg_curl")),
    ),
    (
        ("Push", ("barbell_bench_press", "overhead_press", "incline_dumbbell_bench_press",
                  "tricep_pushdown", "lateral_raise")),
        ("Pull", ("barbell_deadlift", "lat_pulldown", "barbell_row", "dumbbell_curl")),
        ("Legs", ("barbell_back_squat", "leg_press", "seated_leg_curl", "hip_thrust")),
    ),
    (
        ("Full body 1", ("front_squat", "barbell_bench_press", "lat_pulldown")),
        ("Full body 2", ("barbell_deadlift", "overhead_press", "dip")),
        ("Full body 3", ("barbell_back_squat", "incline_dumbbell_bench_press", "pull_up")),
    ),
)  # fmt: skip


def slugs() -> list[str]:
    """Every catalog exercise the demo programmes use."""
    return sorted(LIFTS)


@dataclass(frozen=True, slots=True)
class Volume:
    users: int
    workouts: int
    sets: int


def volume_of(scale: float) -> Volume:
    """The exact row counts of a scale (at least one person)."""
    if not (scale > 0 and math.isfinite(scale)):
        raise ValueError(f"the scale must be a positive number, not {scale}")
    users = max(1, round(USERS_PER_SCALE * scale))
    workouts = users * WORKOUTS_PER_USER
    return Volume(users, workouts, workouts * SETS_PER_WORKOUT)


def demo_email(n: int) -> str:
    return f"{EMAIL_PREFIX}{n}@{EMAIL_DOMAIN}"


# --- rows -------------------------------------------------------------------------------


class UserRow(NamedTuple):
    id: uuid.UUID
    email: str
    created_at: dt.datetime


class ProfileRow(NamedTuple):
    id: uuid.UUID
    display_name: str
    unit_system: str
    time_zone: str
    locale: str


class WorkoutRow(NamedTuple):
    user_id: uuid.UUID
    id: uuid.UUID
    started_at: dt.datetime
    ended_at: dt.datetime
    title: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ExerciseRow(NamedTuple):
    user_id: uuid.UUID
    id: uuid.UUID
    workout_id: uuid.UUID
    exercise_id: uuid.UUID
    position: int


class SetRow(NamedTuple):
    user_id: uuid.UUID
    id: uuid.UUID
    workout_exercise_id: uuid.UUID
    position: int
    set_type: str
    weight_g: int
    unit: MassUnit
    reps: int
    rpe: Decimal | None
    rir: int | None
    completed_at: dt.datetime


@dataclass(slots=True)
class Person:
    """One person's rows; each row type's fields are its table's columns (what COPY names)."""

    user: UserRow
    profile: ProfileRow
    workouts: list[WorkoutRow] = field(default_factory=list)
    exercises: list[ExerciseRow] = field(default_factory=list)
    sets: list[SetRow] = field(default_factory=list)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# --- sharing out the totals -------------------------------------------------------------


def share_out(total: int, weights: Sequence[float], low: int, high: int) -> list[int]:
    """``total`` in whole parts roughly proportional to ``weights`` (all > 0), each part in
    [low, high]: shares rounded down, capped, the rest again, then one more to the largest
    remainders."""
    count = len(weights)
    if not low * count <= total <= high * count:
        raise ValueError(f"{total} cannot be shared out in {count} parts of {low}-{high}")
    parts = [low] * count
    left = total - low * count
    while left > 0:
        room = [i for i in range(count) if parts[i] < high]
        room_weight = sum(weights[i] for i in room)
        wants = [(i, left * weights[i] / room_weight) for i in room]
        given = 0
        for i, want in wants:
            add = min(high - parts[i], int(want))
            parts[i] += add
            given += add
        if given == 0:  # every share is below one: the largest get one each
            for i, _ in sorted(wants, key=lambda pair: pair[1], reverse=True)[:left]:
                parts[i] += 1
            given = left
        left -= given
    return parts


def workouts_per_user(seed: int, volume: Volume) -> list[int]:
    """A long tail: most people log a few workouts, a few log hundreds."""
    rng = random.Random(f"{seed}:workouts")
    weights = [rng.lognormvariate(0, 1.1) for _ in range(volume.users)]
    high = max(MAX_WORKOUTS_PER_USER, WORKOUTS_PER_USER)
    return share_out(volume.workouts, weights, 1, high)


def _sets_per_workout(rng: random.Random, workouts: int) -> list[int]:
    """``SETS_PER_WORKOUT`` on average, 2 to 10 each: short sessions and long ones."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(workouts)]
    return share_out(workouts * SETS_PER_WORKOUT, weights, MIN_SETS, MAX_SETS)


# --- the RPE curve in floats (the generator's only arithmetic) ----------------------------

_A, _B, _C = (float(v) for v in OPL_RPE_CURVE.quadratic)
_BREAK, _SLOPE, _INTERCEPT = (
    float(OPL_RPE_CURVE.breakpoint),
    float(OPL_RPE_CURVE.slope),
    float(OPL_RPE_CURVE.intercept),
)
_FLOOR_X, _FLOOR = float(OPL_RPE_CURVE.floor_x), float(OPL_RPE_CURVE.floor)


def percent_of_1rm(reps: int, rpe: float) -> float:
    x = (10 - rpe) + (reps - 1)
    if x >= _FLOOR_X:
        return _FLOOR
    if x <= _BREAK:
        return _A * x * x + _B * x + _C
    return _SLOPE * x + _INTERCEPT


# --- one person ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lifter:
    rng: random.Random
    user_id: uuid.UUID
    unit: MassUnit
    step_g: int
    bench_e1rm_kg: float
    gain: float
    logs: str  # "rpe", "rir" or "none"
    programme: tuple[tuple[str, tuple[str, ...]], ...]
    zone: ZoneInfo


def _lifter(rng: random.Random, user_id: uuid.UUID, zone: ZoneInfo) -> _Lifter:
    unit: MassUnit = "lb" if rng.random() < 0.2 else "kg"
    step_g = to_grams(STEP[unit], unit)
    return _Lifter(
        rng=rng,
        user_id=user_id,
        unit=unit,
        step_g=step_g,
        bench_e1rm_kg=min(200.0, max(30.0, rng.lognormvariate(math.log(75), 0.3))),
        gain=rng.uniform(0.08, 0.45),
        logs=rng.choices(("rpe", "rir", "none"), weights=(5, 1, 4))[0],
        programme=rng.choice(PROGRAMMES),
        zone=zone,
    )


def _starts(lifter: _Lifter, count: int, end: dt.date) -> list[dt.datetime]:
    """Session starts, oldest first: most people trained lately, some stopped a while ago."""
    rng = lifter.rng
    day = end - dt.timedelta(days=rng.randint(0, 6) if rng.random() < 0.7 else rng.randint(7, 400))
    days = []
    for _ in range(count):
        days.append(day)
        day -= dt.timedelta(days=rng.choice((1, 2, 2, 2, 3, 3, 4, 7)))
    hour = rng.randint(6, 20)
    return [
        dt.datetime(d.year, d.month, d.day, hour, rng.randint(0, 59), tzinfo=lifter.zone)
        .astimezone(dt.UTC)
        for d in reversed(days)
    ]  # fmt: skip


def _progress(lifter: _Lifter, i: int, count: int) -> float:
    """The e1RM factor of session ``i``: diminishing returns, deloads, noise."""
    done = i / max(1, count - 1)
    factor = 1 + lifter.gain * (1 - math.exp(-3 * done)) / (1 - math.exp(-3))
    if i % 9 == 8:
        factor *= 0.9  # a lighter week
    return factor * lifter.rng.gauss(1, 0.02)


@functools.cache
def _grams(steps: int, unit: MassUnit) -> int:
    """``steps`` plate jumps (2.5 kg or 5 lb) in whole grams, as the API stores that mass."""
    return to_grams(steps * STEP[unit], unit)


def _rounded_g(lifter: _Lifter, kg: float) -> int:
    steps = max(1, round(kg * 1000 / lifter.step_g))
    return min(1_000_000, _grams(steps, lifter.unit))


def _effort(lifter: _Lifter, rpe: float) -> tuple[Decimal | None, int | None]:
    if lifter.logs == "rpe":
        return Decimal(str(rpe)), None
    if lifter.logs == "rir":
        return None, max(0, round(10 - rpe))
    return None, None


# (set type, grams, reps, rpe, rir, completed at)
_Set = tuple[str, int, int, Decimal | None, int | None, dt.datetime]


def _exercise_sets(
    lifter: _Lifter,
    lift: Lift,
    factor: float,
    count: int,
    warmup: bool,
    at: dt.datetime,
) -> list[_Set]:
    """One exercise's sets, in order."""
    rng = lifter.rng
    low, high = lift.reps
    reps = rng.randint(low, high)
    e1rm_kg = lifter.bench_e1rm_kg * lift.strength * factor
    rpe = rng.choice((7.0, 7.5, 8.0, 8.0, 8.5, 9.0))
    # One load for the working sets; effort rises set by set.
    load_g = 0 if lift.bodyweight else _rounded_g(lifter, e1rm_kg * percent_of_1rm(reps, rpe) / 100)
    if lift.bodyweight:
        reps = max(1, round(reps * factor))  # bodyweight lifts progress in reps
    out: list[_Set] = []
    for n in range(count):
        at += dt.timedelta(minutes=rng.randint(2, 4))
        if warmup and n == 0 and not lift.bodyweight:
            grams = _rounded_g(lifter, max(20.0, e1rm_kg * 0.5))
            out.append(("warmup", grams, rng.randint(5, 8), None, None, at))
            continue
        set_rpe = min(10.0, rpe + 0.5 * (n - (1 if warmup else 0)))
        set_type, grams, set_reps = "normal", load_g, reps - (1 if rng.random() < 0.2 else 0)
        if n == count - 1 and count > 2 and rng.random() < 0.08:
            set_type, set_rpe = rng.choice(("amrap", "drop", "failure")), 10.0
            set_reps += 2
            if set_type == "drop" and grams:
                grams = _rounded_g(lifter, grams * 0.8 / 1000)
        rpe_logged, rir_logged = _effort(lifter, set_rpe)
        out.append((set_type, grams, max(1, set_reps), rpe_logged, rir_logged, at))
    return out


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def person(
    seed: int, n: int, workouts: int, end: dt.date, exercise_ids: dict[str, uuid.UUID]
) -> Person:
    """Person ``n`` (1-based) with ``workouts`` workouts ending by ``end``."""
    rng = random.Random(f"{seed}:{n}")
    user_id = _uuid(rng)
    zone_name = rng.choice(TIME_ZONES)
    lifter = _lifter(rng, user_id, ZoneInfo(zone_name))
    starts = _starts(lifter, workouts, end)
    joined = starts[0] - dt.timedelta(days=rng.randint(0, 30))
    result = Person(
        user=UserRow(user_id, demo_email(n), joined),
        profile=ProfileRow(
            user_id,
            f"Demo lifter {n}",
            "imperial" if lifter.unit == "lb" else "metric",
            zone_name,
            rng.choice(LOCALES),
        ),
    )
    for i, (started, sets) in enumerate(zip(starts, _sets_per_workout(rng, workouts), strict=True)):
        _workout(result, lifter, exercise_ids, started, sets, _progress(lifter, i, workouts), i)
    return result


def _workout(
    into: Person,
    lifter: _Lifter,
    exercise_ids: dict[str, uuid.UUID],
    started: dt.datetime,
    sets: int,
    factor: float,
    i: int,
) -> None:
    rng = lifter.rng
    title, lifts = lifter.programme[i % len(lifter.programme)]
    workout_id = _uuid(rng)
    kinds = min(len(lifts), 1 if sets <= 3 else 2 if sets <= 7 else 3)
    at = started
    for position, count in enumerate(_split(sets, kinds)):
        lift = LIFTS[lifts[position]]
        exercise_row_id = _uuid(rng)
        into.exercises.append(
            ExerciseRow(
                lifter.user_id, exercise_row_id, workout_id, exercise_ids[lift.slug], position
            )
        )
        done = _exercise_sets(lifter, lift, factor, count, position == 0 and count >= 3, at)
        for k, (set_type, grams, reps, rpe, rir, completed) in enumerate(done):
            into.sets.append(
                SetRow(lifter.user_id, _uuid(rng), exercise_row_id, k, set_type, grams, lifter.unit,
                 reps, rpe, rir, completed)
            )  # fmt: skip
        at = done[-1][5]
    ended = at + dt.timedelta(minutes=rng.randint(5, 15))
    into.workouts.append(
        WorkoutRow(lifter.user_id, workout_id, started, ended, title, ended, ended)
    )


def people(
    seed: int, scale: float, end: dt.date, exercise_ids: dict[str, uuid.UUID]
) -> Iterator[Person]:
    """Every person of the scale, numbered from 1."""
    counts = workouts_per_user(seed, volume_of(scale))
    for n, workouts in enumerate(counts, start=1):
        yield person(seed, n, workouts, end, exercise_ids)

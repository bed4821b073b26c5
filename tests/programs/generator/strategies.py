"""Hypothesis strategies for the generator's inputs: random requests over every goal,
experience, number of days, weekdays, minutes, focus, exclusions and seed; random gyms cut
down from the sample gyms (equipment, bars, plates, dumbbells, stacks); random e1RMs for a
random handful of exercises."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TypeVar

from hypothesis import strategies as st

from ironbase.programs.generator import samples
from ironbase.programs.generator.model import (
    ExperienceLevel,
    GymKit,
    Inputs,
    Request,
    Strength,
    TrainingGoal,
)
from ironbase.training.science.tables import RP_LANDMARKS

CATALOG = samples.shipped_catalog()
CATALOG_IDS = tuple(x.id for x in CATALOG)
PATTERNS = tuple(sorted({x.movement_pattern for x in CATALOG}))
GROUPS = tuple(sorted(RP_LANDMARKS))
GYMS = (
    samples.well_equipped_gym(),
    samples.garage_gym(),
    samples.lb_gym(),
    samples.bodyweight_only(),
)
ALL_EQUIPMENT = tuple(sorted(GYMS[0].equipment_ids | GYMS[2].equipment_ids))
BODYWEIGHT = samples.equipment_id(samples.BODYWEIGHT)
# Strategies made once: hypothesis labels a sampled_from by hashing its elements.
_GROUP = st.sampled_from(GROUPS)
_GOAL = st.sampled_from(list(TrainingGoal))
_EXPERIENCE = st.sampled_from(list(ExperienceLevel))
_PATTERN = st.sampled_from(PATTERNS)
#: the well-equipped gym three times as often: cut down, it still trains most requests
_GYM_INDEX = st.sampled_from((0, 0, 0, 1, 2, 3))


def subsets(items: tuple[uuid.UUID, ...], max_size: int) -> st.SearchStrategy[frozenset[uuid.UUID]]:
    """Up to ``max_size`` of ``items``: a list of indexes (cheaper for hypothesis to draw
    than a set of hundreds of uuids), made once per use below."""
    if not items:
        return st.just(frozenset())
    indexes = st.lists(st.integers(0, len(items) - 1), max_size=max_size)
    return indexes.map(lambda chosen: frozenset(items[i] for i in chosen))


_EXCLUDED_EXERCISES = subsets(CATALOG_IDS, 12)
_EXCLUDED_EQUIPMENT = subsets(ALL_EQUIPMENT, 3)
_STRONG_IN = subsets(CATALOG_IDS, 20).map(sorted)
# Per gym: its equipment but bodyweight, what may be taken away, what may be kept.
_GYM_EQUIPMENT = tuple(
    (frozenset(kit), subsets(kit, 25), subsets(kit, 12))
    for kit in (tuple(sorted(gym.equipment_ids - {BODYWEIGHT})) for gym in GYMS)
)


_DAYS = st.integers(1, 7)
_WEEKS = st.integers(4, 16)
_FOCUS = st.one_of(st.just(()), st.lists(_GROUP, min_size=1, max_size=6, unique=True).map(tuple))
# Mostly realistic sessions, sometimes the extremes the API allows.
_MINUTES = st.one_of(st.integers(20, 120), st.integers(10, 240))
_PATTERNS = st.frozensets(_PATTERN, max_size=3)
_SEED = st.integers(0, 2**31 - 1)
_SOME_WEEKDAYS = tuple(
    st.lists(st.integers(1, 7), min_size=n, max_size=n, unique=True).map(lambda d: tuple(sorted(d)))
    for n in range(8)
)
_MOST = st.sampled_from((True, True, False))
_E1RM_G = st.integers(5_000, 400_000)
_SCALE = st.integers(30, 200)
_BODY_WEIGHT = st.one_of(st.none(), st.integers(40_000, 160_000))


@st.composite
def weekdays(draw: st.DrawFn, days: int) -> tuple[int, ...]:
    """Empty (the generator spreads the days) or ``days`` distinct ISO days, sorted."""
    if draw(st.booleans()):
        return ()
    return draw(_SOME_WEEKDAYS[days])


@st.composite
def requests(draw: st.DrawFn) -> Request:
    days = draw(_DAYS)
    return Request(
        weeks=draw(_WEEKS),
        goal=draw(_GOAL),
        experience=draw(_EXPERIENCE),
        days_per_week=days,
        weekdays=draw(weekdays(days)),
        session_minutes=draw(_MINUTES),
        focus_muscles=draw(_FOCUS),
        excluded_exercises=draw(_EXCLUDED_EXERCISES),
        excluded_equipment=draw(_EXCLUDED_EQUIPMENT),
        excluded_patterns=draw(_PATTERNS),
        seed=draw(_SEED),
    )


T = TypeVar("T")


def _kept(draw: st.DrawFn, items: tuple[T, ...]) -> tuple[T, ...]:
    """Some of ``items``, in their order (one draw: a bit mask)."""
    if not items:
        return ()
    mask = draw(st.integers(0, 2 ** len(items) - 1))
    return tuple(x for i, x in enumerate(items) if mask >> i & 1)


@st.composite
def gym_kits(draw: st.DrawFn) -> GymKit:
    """A sample gym with part of its kit taken away: equipment (bodyweight stays), bars,
    pairs of plates, dumbbells and stacks."""
    index = draw(_GYM_INDEX)
    gym = GYMS[index]
    equipment, gone, few = _GYM_EQUIPMENT[index]
    kept = equipment - draw(gone) if draw(_MOST) else draw(few)
    plates = []
    for item in gym.plates:
        pairs = draw(st.integers(0, item.pairs))
        if pairs:
            plates.append(type(item)(item.plate, pairs))
    stacks = tuple(s for s in _kept(draw, gym.stacks) if s.equipment_id in kept)
    return GymKit(
        gym_id=None,
        unit=gym.unit,
        equipment_ids=kept | {BODYWEIGHT},
        bars=_kept(draw, gym.bars),
        plates=tuple(plates),
        dumbbells=_kept(draw, gym.dumbbells),
        stacks=stacks,
    )


@st.composite
def strengths(draw: st.DrawFn) -> tuple[Strength, ...]:
    """e1RMs (5-400 kg, whole grams) for up to 20 random exercises, sorted by id."""
    rows = [
        Strength(i, Decimal(draw(_E1RM_G)), "epley", "e1rm-formulas/1") for i in draw(_STRONG_IN)
    ]
    return tuple(sorted(rows, key=lambda x: x.exercise_id))


@st.composite
def typical_strengths(draw: st.DrawFn) -> tuple[Strength, ...]:
    """The typical lifter's e1RMs on the main barbell lifts, scaled by 0.3-2."""
    scale = Decimal(draw(_SCALE)) / 100
    return samples.strengths(
        {slug: str(Decimal(kg) * scale) for slug, kg in samples.TYPICAL_E1RM_KG.items()}
    )


_STRENGTHS = st.one_of(st.just(()), strengths(), typical_strengths())


@st.composite
def inputs(draw: st.DrawFn) -> Inputs:
    return Inputs(
        request=draw(requests()),
        gym=draw(gym_kits()),
        catalog=CATALOG,
        strengths=draw(_STRENGTHS),
        body_weight_g=draw(_BODY_WEIGHT),
    )


@cache
def _equipment_names() -> dict[uuid.UUID, str]:
    data = resources.files("ironbase.catalog").joinpath("data", "equipment.json").read_text()
    return {uuid.UUID(row["id"]): row["slug"] for row in json.loads(data)}


def describe(inputs: Inputs) -> str:
    """A short, readable account of ``inputs`` (slugs instead of ids, no catalog) for a
    failing example."""
    slugs = {x.id: x.slug for x in CATALOG}
    equipment = _equipment_names()
    r, gym = inputs.request, inputs.gym
    request = (
        f"weeks={r.weeks} goal={r.goal} experience={r.experience} days={r.days_per_week} "
        f"weekdays={r.weekdays} minutes={r.session_minutes} focus={r.focus_muscles} "
        f"excluded_exercises={sorted(slugs[i] for i in r.excluded_exercises)} "
        f"excluded_equipment={sorted(equipment.get(i, str(i)) for i in r.excluded_equipment)} "
        f"excluded_patterns={sorted(r.excluded_patterns)} seed={r.seed}"
    )
    kit = (
        f"unit={gym.unit} equipment={sorted(equipment.get(i, str(i)) for i in gym.equipment_ids)} "
        f"bars={[b.slug for b in gym.bars]} "
        f"plates={[(str(x.plate), x.pairs) for x in gym.plates]} "
        f"dumbbells={[m.format(gym.unit) for m in gym.dumbbells]} "
        f"stacks={len(gym.stacks)}"
    )
    strengths = {slugs[s.exercise_id]: str(s.e1rm_g / 1000) for s in inputs.strengths}
    return (
        f"request: {request}\ngym: {kit}\ne1RM kg: {strengths}\n"
        f"body weight g: {inputs.body_weight_g}"
    )

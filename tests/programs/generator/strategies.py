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


@st.composite
def subsets(draw: st.DrawFn, items: tuple[uuid.UUID, ...], max_size: int) -> frozenset[uuid.UUID]:
    return frozenset(draw(st.lists(st.sampled_from(items), max_size=max_size)) if items else [])


@st.composite
def weekdays(draw: st.DrawFn, days: int) -> tuple[int, ...]:
    """Empty (the generator spreads the days) or ``days`` distinct ISO days, sorted."""
    if draw(st.booleans()):
        return ()
    return tuple(
        sorted(draw(st.lists(st.integers(1, 7), min_size=days, max_size=days, unique=True)))
    )


@st.composite
def requests(draw: st.DrawFn) -> Request:
    days = draw(st.integers(1, 7))
    focus = draw(
        st.one_of(
            st.just(()),
            st.lists(st.sampled_from(GROUPS), min_size=1, max_size=6, unique=True).map(tuple),
        )
    )
    return Request(
        weeks=draw(st.integers(4, 16)),
        goal=draw(st.sampled_from(list(TrainingGoal))),
        experience=draw(st.sampled_from(list(ExperienceLevel))),
        days_per_week=days,
        weekdays=draw(weekdays(days)),
        # Mostly realistic sessions, sometimes the extremes the API allows.
        session_minutes=draw(st.one_of(st.integers(20, 120), st.integers(10, 240))),
        focus_muscles=focus,
        excluded_exercises=draw(subsets(CATALOG_IDS, 12)),
        excluded_equipment=draw(subsets(ALL_EQUIPMENT, 3)),
        excluded_patterns=frozenset(draw(st.lists(st.sampled_from(PATTERNS), max_size=3))),
        seed=draw(st.integers(0, 2**31 - 1)),
    )


T = TypeVar("T")


@st.composite
def _kept(draw: st.DrawFn, items: tuple[T, ...]) -> tuple[T, ...]:
    """Some of ``items``, in their order."""
    keep = draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
    return tuple(x for x, k in zip(items, keep, strict=True) if k)


@st.composite
def gym_kits(draw: st.DrawFn) -> GymKit:
    """A sample gym with part of its kit taken away: equipment (bodyweight stays), bars,
    pairs of plates, dumbbells and stacks."""
    # The well-equipped gym three times as often: cut down, it still trains most requests.
    gym = draw(st.sampled_from((GYMS[0], GYMS[0], *GYMS)))
    equipment = tuple(sorted(gym.equipment_ids - {BODYWEIGHT}))
    if draw(st.sampled_from((True, True, False))):  # most of the gym (two in three)
        gone = draw(subsets(equipment, 25))
        kept = frozenset(equipment) - gone
    else:  # a few pieces of it
        kept = draw(subsets(equipment, 12))
    plates = []
    for item in gym.plates:
        pairs = draw(st.integers(0, item.pairs))
        if pairs:
            plates.append(type(item)(item.plate, pairs))
    bars = draw(_kept(gym.bars))
    dumbbells = draw(_kept(gym.dumbbells))
    stacks = tuple(s for s in draw(_kept(gym.stacks)) if s.equipment_id in kept)
    return GymKit(
        gym_id=None,
        unit=gym.unit,
        equipment_ids=kept | {BODYWEIGHT},
        bars=bars,
        plates=tuple(plates),
        dumbbells=dumbbells,
        stacks=stacks,
    )


@st.composite
def strengths(draw: st.DrawFn) -> tuple[Strength, ...]:
    """e1RMs (5-400 kg, whole grams) for up to 20 random exercises, sorted by id."""
    ids = draw(st.lists(st.sampled_from(CATALOG_IDS), max_size=20, unique=True))
    rows = [
        Strength(i, Decimal(draw(st.integers(5_000, 400_000))), "epley", "e1rm-formulas/1")
        for i in ids
    ]
    return tuple(sorted(rows, key=lambda x: x.exercise_id))


@st.composite
def typical_strengths(draw: st.DrawFn) -> tuple[Strength, ...]:
    """The typical lifter's e1RMs on the main barbell lifts, scaled by 0.3-2."""
    scale = Decimal(draw(st.integers(30, 200))) / 100
    return samples.strengths(
        {slug: str(Decimal(kg) * scale) for slug, kg in samples.TYPICAL_E1RM_KG.items()}
    )


@st.composite
def inputs(draw: st.DrawFn) -> Inputs:
    return Inputs(
        request=draw(requests()),
        gym=draw(gym_kits()),
        catalog=CATALOG,
        strengths=draw(st.one_of(st.just(()), strengths(), typical_strengths())),
        body_weight_g=draw(st.one_of(st.none(), st.integers(40_000, 160_000))),
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

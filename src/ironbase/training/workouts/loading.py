"""Plates for a started workout: what a template start and a program start both answer.

A started workout's plate-loaded exercises are planned on the bar their equipment names
(else the gym's default bar when any bar will do), with plates for every set and a
warm-up ladder before the first working set. The gym's iron is read in the start's
transaction (``gym_kit``); the solver runs after it commits, in a worker thread
(``solve``), and the answer is annotated in place (``annotate``, ``loading_json``).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ironbase.catalog.exercises.service import PlateBars
from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.gyms.inventory import service as inventory
from ironbase.kit.caller import SignedIn
from ironbase.kit.units import MassUnit
from ironbase.training.science.tables import WARMUP_LADDER_VERSION
from ironbase.training.science.warmup import WarmupTarget, warmup_targets


class PlannedExercise(Protocol):
    """One exercise of a started workout: its workout-exercise row (``exercise["id"]``)
    and its planned set rows (``weight_g`` in grams, or None)."""

    @property
    def exercise_id(self) -> uuid.UUID: ...

    @property
    def exercise(self) -> dict[str, Any]: ...

    @property
    def sets(self) -> list[dict[str, Any]]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Solved:
    """One plate-loaded exercise as planned: its kit (bar), and plates when solved."""

    kit: inventory.LoadingKit
    plan: inventory.BarbellPlan | None
    ladder: list[WarmupTarget]


async def gym_kit(
    tx: Tx,
    caller: SignedIn,
    gym_id: uuid.UUID | None,
    exercise_ids: Sequence[uuid.UUID],
    bars: Mapping[uuid.UUID, PlateBars],
    unit: MassUnit,
) -> tuple[uuid.UUID | None, inventory.GymIron | str]:
    """The workout's gym (the one asked, else the caller's default gym) and the caller's
    iron to plan plates with there, or why there is none. 404 for a gym that does not
    exist."""
    asked = gym_id
    if gym_id is None:
        gym_id = await gyms.default_gym(tx, caller)
    if not any(i in bars for i in exercise_ids):
        if asked is not None:
            await gyms.require_gym(tx, asked)
        return gym_id, "no_barbell_exercises"
    if gym_id is None:
        return None, "no_gym"
    return gym_id, await inventory.gym_iron(tx, caller, gym_id, unit)


def _work(
    planned: Sequence[PlannedExercise],
    bars: Mapping[uuid.UUID, PlateBars],
    iron: inventory.GymIron,
) -> tuple[list[PlannedExercise], list[inventory.BarbellWork], list[list[WarmupTarget]]]:
    """The plate-loaded exercises to plan, each on its bar with its sets' weights and
    warm-up weights. One kit per distinct bar, shared by the exercises on it."""
    kits: dict[uuid.UUID, inventory.LoadingKit] = {}
    chosen, work, ladders = [], [], []
    for one in planned:
        wanted = bars.get(one.exercise_id)
        if wanted is None:
            continue
        bar_row = iron.bar_among(wanted.bar_type_ids, any_bar=wanted.any_bar)
        if bar_row is None:
            continue
        if bar_row["id"] not in kits:
            kits[bar_row["id"]] = iron.kit(bar_row)
        kit = kits[bar_row["id"]]
        weights = [row["weight_g"] for row in one.sets]
        first = next((g for g in weights if g is not None), None)
        targets = [] if first is None else warmup_targets(first, kit.bar.value)
        chosen.append(one)
        work.append(inventory.BarbellWork(kit, weights, [t.grams for t in targets]))
        ladders.append(targets)
    return chosen, work, ladders


async def solve(
    planned: Sequence[PlannedExercise],
    bars: Mapping[uuid.UUID, PlateBars],
    iron: inventory.GymIron | str,
) -> tuple[str, dict[uuid.UUID, Solved]]:
    """The loading status, and each plate-loaded exercise's kit and plates by workout
    exercise id (in plan order; plates None when the solver gave up)."""
    if isinstance(iron, str):
        return iron, {}
    chosen, work, ladders = _work(planned, bars, iron)
    solved = await inventory.plan_barbell(work)
    status = solved if isinstance(solved, str) else "ok"
    plans: Sequence[inventory.BarbellPlan | None] = (
        [None] * len(work) if isinstance(solved, str) else solved
    )
    return status, {
        one.exercise["id"]: Solved(item.kit, plan, ladder)
        for one, item, plan, ladder in zip(chosen, work, plans, ladders, strict=True)
    }


def annotate(exercise: dict[str, Any], solved: Solved | None) -> None:
    """Its bar, plates on each set, and the warm-up on the first one that has plates."""
    exercise["bar"] = None
    if solved is not None:
        exercise["bar"] = inventory.bar_out(solved.kit).model_dump(mode="json")
    plan = None if solved is None else solved.plan
    ladder = [] if solved is None else solved.ladder
    warmup_given = False
    for i, one_set in enumerate(exercise["sets"]):
        plates = None if plan is None else plan.sets[i]
        one_set["plates"] = None if plates is None else plates.model_dump(mode="json")
        one_set["warmup"] = None
        if plan is not None and plates is not None and not warmup_given:
            warmup_given = True
            one_set["warmup"] = [
                {
                    "percent": ladder[index].step.percent,
                    "reps": ladder[index].step.reps,
                    "weight": step.total,
                    "unit": step.unit,
                    "plates": step.model_dump(mode="json"),
                }
                for index, step in plan.warmup
            ]


def loading_json(
    status: str, gym_id: uuid.UUID | None, unit: MassUnit, kit: inventory.LoadingKit | None
) -> dict[str, Any]:
    """``bar`` and ``collar`` are those of the first plate-loaded exercise (clients from
    before bars were chosen per exercise read them)."""
    body: dict[str, Any] = {
        "status": status,
        "gym_id": gym_id,
        "unit": unit,
        "bar": None,
        "collar": None,
        "warmup_ladder": WARMUP_LADDER_VERSION,
    }
    if kit is not None:
        body["bar"] = inventory.bar_out(kit).model_dump(mode="json")
        body["collar"] = inventory.collar_out(kit)
    return body

"""Every program the generator makes for the sample gyms passes the checker, reproduction
included (invariant 10), and so does the program of every relaxation a refusal offers."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest

from ironbase.programs.generator import checker, samples
from ironbase.programs.generator.generate import TOGETHER, generate
from ironbase.programs.generator.model import (
    ExperienceLevel,
    GymKit,
    Infeasible,
    Inputs,
    TrainingGoal,
)

GYMS = {
    "well_equipped": samples.well_equipped_gym,
    "garage": samples.garage_gym,
    "lb": samples.lb_gym,
    "bodyweight": samples.bodyweight_only,
}
EXPERIENCES = list(ExperienceLevel)


def relaxed(inputs: Inputs, field: str, value: Any) -> Inputs:
    changes: dict[str, Any] = {field: value}
    if field == "days_per_week":
        changes["weekdays"] = ()
    if field.startswith("excluded_"):
        changes[field] = frozenset()
    return dataclasses.replace(inputs, request=dataclasses.replace(inputs.request, **changes))


def assert_checked(inputs: Inputs) -> str:
    """'made' or 'refused'; every program made passes every invariant."""
    try:
        program = generate(inputs)
    except Infeasible as refusal:
        refused = refusal
    else:
        report = checker.check(program, inputs, reproduce=generate)
        assert report.passed, report.violations()
        return "made"
    assert refused.relaxations
    for relaxation in refused.relaxations:
        if relaxation.field == "split" or relaxation.description.startswith(TOGETHER):
            continue  # the days' split; changes meant together (test_generate)
        easier = relaxed(inputs, relaxation.field, relaxation.value)
        report = checker.check(generate(easier), easier, reproduce=generate)
        assert report.passed, report.violations()
    return "refused"


@pytest.mark.parametrize("gym", sorted(GYMS))
@pytest.mark.parametrize("goal", list(TrainingGoal))
def test_sample_gyms_pass_the_checker_across_days_and_minutes(gym: str, goal: TrainingGoal) -> None:
    kit: GymKit = GYMS[gym]()
    outcomes = []
    for i, (days, minutes) in enumerate(itertools.product(range(1, 8), (30, 90))):
        inputs = samples.inputs(
            kit,
            goal=goal,
            experience=EXPERIENCES[i % len(EXPERIENCES)],
            days_per_week=days,
            weekdays=(),
            session_minutes=minutes,
            seed=i,
            e1rm_kg={} if i % 4 == 0 else None,
        )
        outcomes.append(assert_checked(inputs))
    if gym != "bodyweight":  # nothing to train the back with: refused, with relaxations
        assert "made" in outcomes

"""Inputs -> Program: pure and deterministic (the same inputs and seed give the same
bytes in any process), or ``Infeasible`` with the invariants the request cannot meet and
relaxations that were tried and do work.

Steps: check the inputs' bounds; pick the targeted groups and, per group, the exercises
the gym and the lifter allow (invariant 1); place one week's sets for the first split of
the days per week that meets every floor within the minutes (``plan``: invariants 2, 3,
7, 8); unroll the weeks with rising effort, deloads and loads from the lifter's e1RMs
(``progression``: invariants 4, 5, 6, 9); say why (``explain``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ironbase.programs.generator import codec, explain, rules, schemes
from ironbase.programs.generator.model import (
    Infeasible,
    Inputs,
    Program,
    Relaxation,
    Request,
    Violation,
)
from ironbase.programs.generator.plan import (
    CEILING,
    FEW_EXERCISES,
    NO_EXERCISE,
    SESSION_CAP,
    TIME,
    Candidate,
    WeekPlan,
    candidates,
    plan_week,
)
from ironbase.programs.generator.progression import build_weeks, needs_calibration
from ironbase.training.science.tables import RP_LANDMARKS

MIN_WEEKS, MAX_WEEKS = 4, 16
MIN_DAYS, MAX_DAYS = 1, 7
MIN_MINUTES, MAX_MINUTES = 10, 240
MAX_CATALOG = 5_000
#: relaxations of the minutes are searched in steps of this many minutes
MINUTES_STEP = 5


def generate(inputs: Inputs) -> Program:
    """The program for ``inputs``; ``Infeasible`` when no program meets the request,
    ``ValueError`` when the inputs are outside their bounds."""
    validate(inputs)
    targets = targets_of(inputs.request)
    plan = _plan(inputs)
    if not plan.feasible:
        raise Infeasible(violations(inputs, plan), relaxations(inputs, plan))
    weekdays = inputs.request.weekdays or schemes.WEEKDAY_SPREADS[inputs.request.days_per_week]
    calibrate = needs_calibration(inputs, plan)
    weeks = build_weeks(inputs, plan, weekdays, calibrate)
    return Program(
        generator_version=rules.GENERATOR_VERSION,
        tables=tuple(sorted(rules.table_versions() + schemes.table_versions())),
        goal=inputs.request.goal,
        split=plan.split.name,
        targeted_muscles=targets,
        weeks=weeks,
        explanations=explain.all_of(inputs, plan, targets, weeks, calibrate),
        seed=inputs.request.seed,
        inputs_digest=codec.digest(inputs),
    )


# --- bounds -------------------------------------------------------------------------------


def validate(inputs: Inputs) -> None:
    """ValueError for inputs outside their bounds, before any work."""
    r = inputs.request
    _require(MIN_WEEKS <= r.weeks <= MAX_WEEKS, f"weeks must be {MIN_WEEKS}-{MAX_WEEKS}")
    _require(
        MIN_DAYS <= r.days_per_week <= MAX_DAYS, f"days_per_week must be {MIN_DAYS}-{MAX_DAYS}"
    )
    _require(
        MIN_MINUTES <= r.session_minutes <= MAX_MINUTES,
        f"session_minutes must be {MIN_MINUTES}-{MAX_MINUTES}",
    )
    _require(
        all(1 <= d <= 7 for d in r.weekdays) and list(r.weekdays) == sorted(set(r.weekdays)),
        "weekdays must be ISO days 1-7, sorted and distinct",
    )
    _require(
        not r.weekdays or len(r.weekdays) == r.days_per_week,
        "weekdays must be empty or as many as days_per_week",
    )
    _require(
        all(m in RP_LANDMARKS for m in r.focus_muscles)
        and len(set(r.focus_muscles)) == len(r.focus_muscles),
        f"focus_muscles must be distinct groups of {', '.join(sorted(RP_LANDMARKS))}",
    )
    _require(len(inputs.catalog) <= MAX_CATALOG, f"at most {MAX_CATALOG} catalog exercises")
    _require(len(inputs.strengths) <= len(inputs.catalog), "more strengths than catalog exercises")
    _require(
        all(s.e1rm_g.is_finite() and s.e1rm_g > 0 for s in inputs.strengths),
        "every e1RM must be a positive mass",
    )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def targets_of(request: Request) -> tuple[str, ...]:
    return request.focus_muscles or rules.DEFAULT_TARGETS[request.goal]


def _plan(inputs: Inputs) -> WeekPlan:
    targets = targets_of(inputs.request)
    return plan_week(inputs, targets, candidates(inputs, targets))


# --- refusals -------------------------------------------------------------------------------


def violations(inputs: Inputs, plan: WeekPlan) -> tuple[Violation, ...]:
    r = inputs.request
    out: list[Violation] = [
        Violation(
            12,
            f"{plan.split.days[day].title}: no targeted muscle of this session can take an "
            f"exercise, so {r.days_per_week} workouts a week cannot all be trained",
        )
        for day in plan.empty_days
    ]
    for group, reason in plan.shortfalls.items():
        floor = rules.weekly_range(r.goal, group)[0]
        if reason == NO_EXERCISE:
            out.append(
                Violation(
                    1,
                    f"{group}: no exercise for it at this gym that fits the exclusions "
                    f"and {r.experience.value} skill",
                )
            )
            continue
        out.append(Violation(2, f"{group}: would stay below {floor} hard sets a week"))
        if reason == TIME:
            out.append(
                Violation(
                    7,
                    f"{group}: its weekly sets do not fit {r.days_per_week} session(s) "
                    f"of {r.session_minutes} minutes",
                )
            )
        elif reason == SESSION_CAP:
            out.append(
                Violation(3, f"{group}: its sets would pass 10 in one session on these days")
            )
        elif reason == FEW_EXERCISES:
            out.append(
                Violation(
                    2,
                    f"{group}: too few exercises for it at this gym (equipment, exclusions, "
                    f"{r.experience.value} skill) to reach {floor} sets in "
                    f"{r.days_per_week} session(s)",
                )
            )
        elif reason == CEILING:
            out.append(
                Violation(2, f"{group}: reaching it would put another muscle above its ceiling")
            )
    return tuple(sorted(set(out), key=lambda v: (v.invariant, v.message)))


def relaxations(inputs: Inputs, plan: WeekPlan) -> tuple[Relaxation, ...]:
    """Changes to the request that were tried and make it feasible (a handful of tries
    each: a binary search of the minutes, the next days counts, fewer groups)."""
    out: list[Relaxation] = []
    trials = _Trials()
    for search in (_more_minutes, _more_days, _fewer_days, _fewer_groups, _fewer_exclusions):
        out.extend(search(inputs, plan, trials))
    if not any(r.field == "focus_muscles" for r in out):
        out.extend(_trainable_groups(inputs, trials))
    if not out:
        out.extend(_exclusions_and_groups(inputs, trials))
    return tuple(out)


TOGETHER = "together: "
EXCLUSION_FIELDS = ("excluded_exercises", "excluded_equipment", "excluded_patterns")


def _exclusions_and_groups(inputs: Inputs, trials: _Trials) -> list[Relaxation]:
    """When no one change does: every exclusion lifted and the groups the gym can then
    train, meant together (each description starts with ``TOGETHER``)."""
    r = inputs.request
    lifted = [name for name in EXCLUSION_FIELDS if getattr(r, name)]
    if not lifted:
        return []
    allowed = _with(inputs, **{name: frozenset() for name in lifted})
    groups = _trainable_groups(allowed, trials)
    if trials.feasible(allowed):
        kept = targets_of(r)
    elif groups and isinstance(groups[0].value, tuple):
        kept = groups[0].value
    else:
        return []
    text = f"{TOGETHER}allow the {', '.join(lifted)} and target {', '.join(kept)}"
    out = [Relaxation(name, None, text) for name in lifted]
    if kept != targets_of(r):
        out.append(Relaxation("focus_muscles", kept, text))
    return out


ALL_GROUPS = tuple(g for g in schemes.GROUP_ORDER if g in RP_LANDMARKS)


class _Trials:
    """Plans of relaxed requests, sharing the exercise candidates between the tries
    that keep the lifter's choices (the minutes and days change nothing about them)."""

    def __init__(self) -> None:
        self.pools: dict[tuple[object, ...], dict[str, list[Candidate]]] = {}

    def pool(self, inputs: Inputs) -> dict[str, list[Candidate]]:
        r = inputs.request
        key = (
            r.seed,
            r.goal,
            r.experience,
            r.excluded_exercises,
            r.excluded_equipment,
            r.excluded_patterns,
        )
        if key not in self.pools:
            self.pools[key] = candidates(inputs, ALL_GROUPS)
        return self.pools[key]

    def plan(self, inputs: Inputs) -> WeekPlan:
        targets = targets_of(inputs.request)
        pool = self.pool(inputs)
        return plan_week(inputs, targets, {g: pool[g] for g in targets})

    def feasible(self, inputs: Inputs) -> bool:
        return self.plan(inputs).feasible


def _with(inputs: Inputs, **changes: Any) -> Inputs:
    return dataclasses.replace(inputs, request=dataclasses.replace(inputs.request, **changes))


def _more_minutes(inputs: Inputs, plan: WeekPlan, trials: _Trials) -> list[Relaxation]:
    if TIME not in plan.shortfalls.values():
        return []
    low = inputs.request.session_minutes // MINUTES_STEP + 1  # candidates: k x step
    high = MAX_MINUTES // MINUTES_STEP
    if not trials.feasible(_with(inputs, session_minutes=high * MINUTES_STEP)):
        return []
    while low < high:  # the smallest feasible k, about six tries
        middle = (low + high) // 2
        if trials.feasible(_with(inputs, session_minutes=middle * MINUTES_STEP)):
            high = middle
        else:
            low = middle + 1
    minutes = high * MINUTES_STEP
    return [Relaxation("session_minutes", minutes, f"sessions of {minutes} minutes fit")]


def _more_days(inputs: Inputs, plan: WeekPlan, trials: _Trials) -> list[Relaxation]:
    if not {TIME, SESSION_CAP, FEW_EXERCISES} & set(plan.shortfalls.values()):
        return []
    for days in range(inputs.request.days_per_week + 1, MAX_DAYS + 1):
        if trials.feasible(_with(inputs, days_per_week=days, weekdays=())):
            split = trials.plan(_with(inputs, days_per_week=days, weekdays=())).split
            return [
                Relaxation(
                    "days_per_week",
                    days,
                    f"{days} days a week ({split.label}; weekdays {days} of them "
                    "or left to the generator)",
                ),
                Relaxation("split", split.name, f"split: {split.label}, over {days} days"),
            ]
    return []


def _fewer_days(inputs: Inputs, plan: WeekPlan, trials: _Trials) -> list[Relaxation]:
    if not plan.empty_days:
        return []
    for days in range(inputs.request.days_per_week - 1, MIN_DAYS - 1, -1):
        if trials.feasible(_with(inputs, days_per_week=days, weekdays=())):
            return [
                Relaxation(
                    "days_per_week",
                    days,
                    f"{days} days a week (weekdays {days} of them or left to the generator)",
                )
            ]
    return []


def _fewer_groups(inputs: Inputs, plan: WeekPlan, trials: _Trials) -> list[Relaxation]:
    """Drop the groups that fell short, then the last-placed others, until it fits."""
    targets = targets_of(inputs.request)
    short = [g for g in targets if g in plan.shortfalls]
    kept = _drop_until_feasible(inputs, targets, short, trials)
    if kept is None:
        return []
    return [Relaxation("focus_muscles", kept, f"target only {', '.join(kept)}")]


def _drop_until_feasible(
    inputs: Inputs, groups: tuple[str, ...], first: list[str], trials: _Trials
) -> tuple[str, ...] | None:
    """Fewer groups, one at a time: ``first``, then a group that fell short in the
    last try, else the smallest; the first set that fits. One try per group at most."""
    targets = list(groups)
    short = list(first)
    while len(targets) > 1:
        pick = [g for g in short if g in targets] or [
            g for g in schemes.GROUP_ORDER if g in targets
        ]
        targets.remove(pick[-1])
        plan = trials.plan(_with(inputs, focus_muscles=tuple(targets)))
        if plan.feasible:
            return tuple(targets)
        short = [g for g in targets if g in plan.shortfalls]
    return None


def _trainable_groups(inputs: Inputs, trials: _Trials) -> list[Relaxation]:
    """When dropping groups does not help (nothing left to train on some day): the
    goal's usual groups that this gym has an exercise for, as many as fit; else any
    groups it has exercises for."""
    pool = trials.pool(inputs)
    for groups in (rules.DEFAULT_TARGETS[inputs.request.goal], ALL_GROUPS):
        trainable = tuple(g for g in groups if pool[g])
        if not trainable or trainable == targets_of(inputs.request):
            continue
        kept: tuple[str, ...] | None = trainable
        if not trials.feasible(_with(inputs, focus_muscles=trainable)):
            kept = _drop_until_feasible(inputs, trainable, [], trials)
        if kept is not None:
            text = f"target {', '.join(kept)}: this gym has exercises for them"
            return [Relaxation("focus_muscles", kept, text)]
    return []


def _fewer_exclusions(inputs: Inputs, plan: WeekPlan, trials: _Trials) -> list[Relaxation]:
    if not {NO_EXERCISE, FEW_EXERCISES} & set(plan.shortfalls.values()):
        return []
    r = inputs.request
    fields: list[tuple[str, Callable[[], bool], str]] = [
        ("excluded_exercises", lambda: bool(r.excluded_exercises), "allow the excluded exercises"),
        ("excluded_equipment", lambda: bool(r.excluded_equipment), "allow the excluded equipment"),
        ("excluded_patterns", lambda: bool(r.excluded_patterns), "allow the excluded movements"),
    ]
    out = []
    for name, present, text in fields:
        if present() and trials.feasible(_with(inputs, **{name: frozenset()})):
            out.append(Relaxation(name, None, text))
    return out

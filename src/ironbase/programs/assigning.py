"""A coach's program, assigned to a client: the client's draft, made of the coach's plan
and nothing of the coach's person.

The coach's own program was computed from the coach's inputs (their e1RMs, body weight,
gym, plates, profile). The client's copy keeps the plan (weeks, sessions, exercises, sets,
reps, effort, rest) and drops everything those inputs produced: every load is left out
(the client calibrates by effort, as in a calibration week), the explanations are
replaced, and the stored inputs are a neutral set (no strengths, no gym, no body weight,
only the catalog entries of the exercises the plan prescribes), so the checker and a
start can read the row. The row says ``created_by = 'coach'``: the generator's
reproduction check and adaptation do not apply to it.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from decimal import Decimal
from typing import Any

from ironbase.db.pg import Tx
from ironbase.fitness.profile.vocabulary import ExperienceLevel, TrainingGoal
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.models.programs import ProgramCreator
from ironbase.programs import repository as repo
from ironbase.programs import service, stored
from ironbase.programs.generator import codec, model, rules
from ironbase.training.templates import service as templates

#: What a coach's entries in a client's coach log say made them (not the generator).
COACHING_VERSION = "coaching/1"
ASSIGNED = model.Explanation(
    "coach", "Assigned by your coach: choose each load by the prescribed effort (RIR)."
)


def _without_loads(program: model.Program) -> model.Program:
    weeks = tuple(
        dataclasses.replace(
            week,
            sessions=tuple(
                dataclasses.replace(
                    session,
                    exercises=tuple(dataclasses.replace(x, load=None) for x in session.exercises),
                )
                for session in week.sessions
            ),
        )
        for week in program.weeks
    )
    return dataclasses.replace(program, weeks=weeks, explanations=(ASSIGNED,))


def neutral_inputs(program: model.Program, source: model.Inputs | None) -> model.Inputs:
    """Inputs that describe the plan and no person: the catalog entries of its exercises
    (public catalog data), an empty gym, no strengths, no body weight."""
    used = {x.exercise_id for w in program.weeks for s in w.sessions for x in s.exercises}
    first = program.weeks[0].sessions if program.weeks else ()
    request = model.Request(
        weeks=len(program.weeks),
        goal=program.goal,
        experience=ExperienceLevel.intermediate,
        days_per_week=len(first),
        weekdays=tuple(sorted(s.weekday for s in first)),
        session_minutes=max((s.estimated_minutes for s in first), default=60),
        focus_muscles=(),
        excluded_exercises=frozenset(),
        excluded_equipment=frozenset(),
        excluded_patterns=frozenset(),
        seed=0,
    )
    gym = model.GymKit(
        gym_id=None,
        unit="kg" if source is None else source.gym.unit,
        equipment_ids=frozenset(),
        bars=(),
        plates=(),
        dumbbells=(),
        stacks=(),
    )
    catalog = () if source is None else tuple(c for c in source.catalog if c.id in used)
    return model.Inputs(request, gym, catalog, (), None)


# What a template leaves open, a coach's program fills with the plain defaults.
DEFAULT_SETS, DEFAULT_REPS, DEFAULT_RIR, DEFAULT_REST_S = 3, (8, 12), 2, 120
#: A prescription's position and slot hold two digits.
MAX_SESSION_EXERCISES = 100


def _from_template(
    template: dict[str, Any], weeks: int, weekday: int, goal: TrainingGoal
) -> model.Program:
    """The template as one session a week for ``weeks`` weeks, by effort, without loads."""
    exercises = []
    for position, part in enumerate(sorted(template["exercises"], key=lambda p: p["position"])):
        low = part["rep_min"] or part["rep_max"] or DEFAULT_REPS[0]
        high = max(low, part["rep_max"] or DEFAULT_REPS[1])
        if part["target_rir"] is not None:
            rir = Decimal(part["target_rir"])
        elif part["target_rpe"] is not None:
            rir = Decimal(10) - Decimal(str(part["target_rpe"]))
        else:
            rir = Decimal(DEFAULT_RIR)
        rir = min(max(rir, Decimal(0)), Decimal(9))
        exercises.append(
            model.Prescription(
                position=position,
                slot=f"0.{position}",
                exercise_id=part["exercise_id"],
                role=model.Role.main if position == 0 else model.Role.accessory,
                sets=min(part["target_sets"] or DEFAULT_SETS, 20),
                reps_min=low,
                reps_max=high,
                rir=rir,
                rpe=Decimal(10) - rir,
                load=None,
                rest_s=min(part["rest_s"] if part["rest_s"] is not None else DEFAULT_REST_S, 900),
            )
        )
    seconds = rules.session_seconds(tuple((x.sets, x.reps_max, x.rest_s, False) for x in exercises))
    session = model.Session(
        day_index=0,
        weekday=weekday,
        title=template["name"][:200],
        estimated_minutes=min(max(1, -(-seconds // 60)), 240),
        exercises=tuple(exercises),
    )
    return model.Program(
        generator_version=COACHING_VERSION,
        tables=(),
        goal=goal,
        split="template",
        targeted_muscles=(),
        weeks=tuple(
            model.Week(index=i, deload=False, calibration=False, sessions=(session,))
            for i in range(1, weeks + 1)
        ),
        explanations=(ASSIGNED,),
        seed=0,
        inputs_digest="0" * 64,
    )


async def _store_for_client(
    tx: Tx,
    coach: SignedIn,
    client_id: uuid.UUID,
    plan: model.Program,
    inputs: model.Inputs,
    title: str,
    source: str,
    started: float,
) -> dict[str, Any]:
    digest = codec.digest(inputs)
    plan = dataclasses.replace(plan, inputs_digest=digest, seed=0)
    new_id = uuid.uuid4()
    made_row = await repo.insert_program(
        tx,
        {
            "user_id": client_id,
            "id": new_id,
            "title": title,
            "goal": plan.goal.value,
            "weeks": len(plan.weeks),
            "created_by": ProgramCreator.coach.value,
            "gym_id": None,
            "seed": 0,
            "generator_version": plan.generator_version,
            "inputs_digest": digest,
            "program_data": codec.to_data(plan),
            "inputs": codec.to_data(inputs),
        },
    )
    made = stored.rows(client_id, new_id, plan)
    await repo.insert_rows(tx, made.weeks, made.workouts, made.exercises)
    await repo.insert_coach_entry(
        tx,
        {
            "user_id": client_id,
            "actor_id": coach.user_id,
            "program_id": new_id,
            "workout_id": None,
            "kind": "assign",
            "generator_version": COACHING_VERSION,
            "inputs_digest": digest,
            "request": {"title": made_row["title"], "from": source},
            "duration_ms": service.milliseconds(started),
            "outcome": "stored",
            "detail": {},
        },
    )
    return stored.summary_json(made_row)


async def assign_template(
    tx: Tx,
    coach: SignedIn,
    client_id: uuid.UUID,
    template_id: uuid.UUID,
    *,
    title: str | None,
    weeks: int,
    weekday: int,
    goal: TrainingGoal,
) -> dict[str, Any]:
    """The coach's template ``template_id`` as the client's draft program: one session a
    week on ``weekday`` for ``weeks`` weeks, the template's sets, reps, effort and rest,
    no loads (the template's weights are the coach's)."""
    started = time.perf_counter()
    template = await templates.get_template(tx, coach, template_id)
    if not 1 <= len(template["exercises"]) <= MAX_SESSION_EXERCISES:
        raise InvalidInput("template_id", f"A template of 1 to {MAX_SESSION_EXERCISES} exercises.")
    plan = _from_template(template, weeks, weekday, goal)
    inputs = neutral_inputs(plan, None)
    name = title or template["name"][:200]
    return await _store_for_client(tx, coach, client_id, plan, inputs, name, "template", started)


async def assign_program(
    tx: Tx,
    coach: SignedIn,
    client_id: uuid.UUID,
    program_id: uuid.UUID,
    title: str | None,
) -> dict[str, Any]:
    """The coach's program ``program_id`` as the client's draft (the caller's links and RLS
    decide whether the coach may write it), with the client's coach-log entry."""
    started = time.perf_counter()
    row = await repo.get_program(tx, coach.user_id, program_id)
    if row is None:
        raise NotFound("Program")
    plan = _without_loads(codec.program_from_data(row["program_data"]))
    inputs = neutral_inputs(plan, codec.inputs_from_data(row["inputs"]))
    name = title or row["title"]
    return await _store_for_client(tx, coach, client_id, plan, inputs, name, "program", started)

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
from typing import Any

from ironbase.db.pg import Tx
from ironbase.fitness.profile.vocabulary import ExperienceLevel
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import NotFound
from ironbase.models.programs import ProgramCreator
from ironbase.programs import repository as repo
from ironbase.programs import service, stored
from ironbase.programs.generator import codec, model

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


def neutral_inputs(program: model.Program, source: model.Inputs) -> model.Inputs:
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
        unit=source.gym.unit,
        equipment_ids=frozenset(),
        bars=(),
        plates=(),
        dumbbells=(),
        stacks=(),
    )
    catalog = tuple(c for c in source.catalog if c.id in used)
    return model.Inputs(request, gym, catalog, (), None)


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
    source = codec.program_from_data(row["program_data"])
    plan = _without_loads(source)
    inputs = neutral_inputs(plan, codec.inputs_from_data(row["inputs"]))
    digest = codec.digest(inputs)
    plan = dataclasses.replace(plan, inputs_digest=digest, seed=0)
    new_id = uuid.uuid4()
    made_row = await repo.insert_program(
        tx,
        {
            "user_id": client_id,
            "id": new_id,
            "title": title or row["title"],
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
            "request": {"title": made_row["title"]},
            "duration_ms": service.milliseconds(started),
            "outcome": "stored",
            "detail": {},
        },
    )
    return stored.summary_json(made_row)

"""IRONBASE_PROGRAM_PROPOSER: whatever a proposer proposes goes through the checker. A
proposal that breaks invariants is refused (logged with its violations) and the
generator's program is stored instead, saying why; one that keeps them is stored as the
model's."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from ironbase.app import create_app
from ironbase.db.setup import DatabaseTarget
from ironbase.programs.generator import model
from ironbase.programs.generator.generate import generate
from tests.conftest import SignedUpUser, client_for, make_settings, sign_up
from tests.programs.conftest import equipped_gym, log_history, put_profile

pytestmark = pytest.mark.usefixtures("seeded_catalog")
MODULE = "tests.programs.test_proposer_api"


class Overreaching:
    """Proposes the generator's program with the first prescription at 15 sets of 40
    reps: too many sets in a session (invariant 3), reps outside the goal's band (5)."""

    def propose(self, inputs: model.Inputs) -> model.Program:
        program = generate(inputs)
        week = program.weeks[0]
        session = week.sessions[0]
        first = dataclasses.replace(session.exercises[0], sets=15, reps_min=40, reps_max=40)
        session = dataclasses.replace(session, exercises=(first, *session.exercises[1:]))
        week = dataclasses.replace(week, sessions=(session, *week.sessions[1:]))
        return dataclasses.replace(program, weeks=(week, *program.weeks[1:]))


class Faithful:
    """Proposes exactly what the generator makes: it keeps every invariant."""

    def propose(self, inputs: model.Inputs) -> model.Program:
        return generate(inputs)


def overreaching() -> Overreaching:
    return Overreaching()


def faithful() -> Faithful:
    return Faithful()


async def _app_with(
    database_target: DatabaseTarget, tmp_path: Path, factory: str
) -> AsyncIterator[FastAPI]:
    settings = make_settings(database_target, tmp_path, program_proposer=f"{MODULE}:{factory}")
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def refusing_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    async for application in _app_with(database_target, tmp_path, "overreaching"):
        yield application


@pytest.fixture
async def accepting_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    async for application in _app_with(database_target, tmp_path, "faithful"):
        yield application


async def _program(application: FastAPI) -> tuple[SignedUpUser, httpx.Response]:
    async with client_for(application) as client:
        user = await sign_up(client)
        gym_id = await equipped_gym(client, user)
        await put_profile(client, user, gym_id)
        response = await client.post(
            "/v1/programs", headers=user.headers, json={"weeks": 4, "seed": 5}
        )
    return user, response


async def test_a_proposal_that_breaks_invariants_is_refused(
    refusing_app: FastAPI, owner: asyncpg.Connection
) -> None:
    user, response = await _program(refusing_app)
    user_id = user.id
    assert response.status_code == 201, response.text
    program = response.json()
    assert program["creator"] == "generator"
    first = program["weeks"][0]["workouts"][0]["exercises"][0]
    assert (first["sets"], first["reps_max"]) != (15, 40)
    refusal = [e for e in program["explanations"] if e["topic"] == "proposal"]
    assert len(refusal) == 1
    assert "refused" in refusal[0]["text"]
    logs = await owner.fetch(
        "select kind, outcome, detail, program_id from coach_logs where user_id = $1 "
        "order by kind desc",
        user_id,
    )
    assert [(r["kind"], r["outcome"]) for r in logs] == [
        ("propose", "refused"),
        ("generate", "stored"),
    ]
    violated = {v["invariant"] for v in json.loads(logs[0]["detail"])["violations"]}
    assert {3, 5} <= violated
    assert logs[0]["program_id"] == uuid.UUID(program["id"])
    # The stored program is still the generator's: the checker reproduces it.
    async with client_for(refusing_app) as client:
        report = await client.get(f"/v1/programs/{program['id']}/check", headers=user.headers)
    assert report.json()["passed"] is True
    assert report.json()["invariants"][9]["applicable"] is True


async def test_a_proposal_that_keeps_every_invariant_is_stored_as_the_model_s(
    accepting_app: FastAPI, owner: asyncpg.Connection
) -> None:
    user, response = await _program(accepting_app)
    user_id = user.id
    assert response.status_code == 201, response.text
    assert response.json()["creator"] == "model"
    logs = await owner.fetch(
        "select kind, outcome from coach_logs where user_id = $1 order by kind", user_id
    )
    assert [(r["kind"], r["outcome"]) for r in logs] == [("propose", "stored")]
    stored = await owner.fetchval("select created_by from ai_programs where user_id = $1", user_id)
    assert stored == "model"


def test_an_unknown_proposer_stops_the_app_from_starting(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    settings = make_settings(database_target, tmp_path, program_proposer=f"{MODULE}:absent")
    with pytest.raises(ValueError, match="absent"):
        create_app(settings)


class Inventive:
    """Keeps every invariant, but loads the first loaded prescription from an e1RM that
    is not the lifter's (10 % more): refused, since the numbers are invented."""

    def propose(self, inputs: model.Inputs) -> model.Program:
        program = generate(inputs)
        weeks = []
        done = False
        for week in program.weeks:
            sessions = []
            for session in week.sessions:
                items = []
                for x in session.exercises:
                    if not done and x.load is not None:
                        load = dataclasses.replace(x.load, e1rm_g=x.load.e1rm_g * 11 / 10)
                        x = dataclasses.replace(x, load=load)
                        done = True
                    items.append(x)
                sessions.append(dataclasses.replace(session, exercises=tuple(items)))
            weeks.append(dataclasses.replace(week, sessions=tuple(sessions)))
        return dataclasses.replace(program, weeks=tuple(weeks))


def inventive() -> Inventive:
    return Inventive()


@pytest.fixture
async def inventive_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    async for application in _app_with(database_target, tmp_path, "inventive"):
        yield application


async def test_a_proposal_with_invented_strength_is_refused(
    inventive_app: FastAPI, owner: asyncpg.Connection
) -> None:
    async with client_for(inventive_app) as client:
        user = await sign_up(client)
        gym_id = await equipped_gym(client, user)
        await put_profile(client, user, gym_id)
        draft = await client.post("/v1/programs", headers=user.headers, json={"weeks": 4})
        assert draft.status_code == 201, draft.text
        exercises = {
            x["exercise_id"]
            for w in draft.json()["weeks"]
            for s in w["workouts"]
            for x in s["exercises"]
        }
        await log_history(client, user, exercises)
        response = await client.post("/v1/programs", headers=user.headers, json={"weeks": 4})
    assert response.status_code == 201, response.text
    assert response.json()["creator"] == "generator"
    outcomes = await owner.fetch(
        "select outcome, detail from coach_logs where user_id = $1 and kind = 'propose' "
        "order by created_at",
        user.id,
    )
    refused = json.loads(outcomes[-1]["detail"])["violations"]
    assert outcomes[-1]["outcome"] == "refused"
    assert {v["invariant"] for v in refused} == {9}

"""POST/GET/PATCH/DELETE /v1/programs and /v1/programs/{id}/check through the API, against
real PostgreSQL: generation from the profile or the body, the answer's shape, refusals,
paging, status changes, isolation and statement counts."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.programs.generator import checker, model
from ironbase.training.science.tables import RP_LANDMARKS
from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.programs.conftest import (
    create_program,
    equipped_gym,
    log_history,
    put_profile,
)
from tests.support import as_user, walk_pages

pytestmark = pytest.mark.usefixtures("seeded_catalog")
PROBLEM = "application/problem+json"
PROGRAM_KEYS = {
    "id", "title", "status", "creator", "goal", "weeks_count", "generator_version", "gym_id",
    "activated_at", "created_at", "updated_at", "weeks", "explanations",
}  # fmt: skip
PRESCRIPTION_KEYS = {
    "position", "exercise_id", "sets", "reps_min", "reps_max", "rir", "rpe", "load",
    "percent_e1rm", "rest_s", "plates",
}  # fmt: skip
EXPLANATION_KEYS = {"topic", "text", "week", "day_index", "position", "exercise_id", "muscle"}


async def _count(owner: asyncpg.Connection, table: str, user: SignedUpUser) -> int:
    value: int = await owner.fetchval(f"select count(*) from {table} where user_id = $1", user.id)
    return value


def _prescriptions(program: dict[str, Any]) -> list[dict[str, Any]]:
    return [x for w in program["weeks"] for s in w["workouts"] for x in s["exercises"]]


async def test_a_program_from_the_profile_has_the_issue_s_shape(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str], owner: asyncpg.Connection
) -> None:
    user, gym_id = lifter
    program = await create_program(client, user)
    assert set(program) == PROGRAM_KEYS
    assert (program["status"], program["creator"], program["goal"]) == (
        "draft",
        "generator",
        "hypertrophy",
    )
    assert program["gym_id"] == gym_id
    assert [w["index"] for w in program["weeks"]] == [1, 2, 3, 4]
    for week in program["weeks"]:
        assert set(week) == {"index", "deload", "workouts"}
        # The profile's four weekdays, every week.
        assert [s["weekday"] for s in week["workouts"]] == [1, 2, 4, 5]
        for session in week["workouts"]:
            assert set(session) == {"id", "weekday", "title", "estimated_minutes", "exercises"}
            assert 0 < session["estimated_minutes"] <= 60
    for x in _prescriptions(program):
        assert set(x) == PRESCRIPTION_KEYS
        # Hypertrophy: 6-12 reps (accessories may go higher in the goal's band), 0-4 RIR.
        assert x["reps_min"] <= x["reps_max"]
        assert 0 <= x["rir"] <= 4
        assert x["rpe"] == 10 - x["rir"]
    assert program["explanations"]
    assert all(set(e) == EXPLANATION_KEYS for e in program["explanations"])
    # Stored: the program with its rows and one coach log entry of what was asked.
    assert await _count(owner, "ai_programs", user) == 1
    workouts = sum(len(w["workouts"]) for w in program["weeks"])
    assert await _count(owner, "ai_program_workouts", user) == workouts
    assert await _count(owner, "ai_program_workout_exercises", user) == len(_prescriptions(program))
    log = await owner.fetchrow("select * from coach_logs where user_id = $1", user.id)
    assert (log["kind"], log["outcome"], log["program_id"]) == (
        "generate",
        "stored",
        uuid.UUID(program["id"]),
    )
    assert log["actor_id"] == user.id
    assert json.loads(log["request"]) == {"weeks": 4, "seed": 7}
    stored = await owner.fetchrow(
        "select * from ai_programs where id = $1", uuid.UUID(program["id"])
    )
    assert stored["inputs_digest"] == log["inputs_digest"]
    assert json.loads(stored["program_data"])["inputs_digest"] == stored["inputs_digest"]
    # Reading it back gives the same document.
    got = await client.get(f"/v1/programs/{program['id']}", headers=user.headers)
    assert got.status_code == 200
    assert got.json() == program


async def test_the_same_request_and_seed_give_the_same_program(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str], owner: asyncpg.Connection
) -> None:
    user, _ = lifter
    first, second = await create_program(client, user), await create_program(client, user)
    assert first["id"] != second["id"]
    assert _without_ids(first) == _without_ids(second)
    data = await owner.fetch(
        "select program_data from ai_programs where user_id = $1 order by created_at", user.id
    )
    assert json.loads(data[0]["program_data"]) == json.loads(data[1]["program_data"])
    different = await create_program(client, user, seed=8)
    assert different["weeks_count"] == first["weeks_count"]


def _without_ids(program: dict[str, Any]) -> list[Any]:
    return [
        [{k: v for k, v in s.items() if k != "id"} for s in w["workouts"]] for w in program["weeks"]
    ]


async def test_body_fields_win_over_the_profile_and_stand_in_for_a_missing_one(
    client: httpx.AsyncClient, seeded_catalog: None, owner: asyncpg.Connection
) -> None:
    user = await sign_up(client)
    gym_id = await equipped_gym(client, user)
    # Without a profile the body must say what a profile would.
    response = await client.post("/v1/programs", headers=user.headers, json={"weeks": 6})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    missing = [e["loc"][-1] for e in response.json()["errors"]]
    assert missing == ["goal", "days_per_week", "session_minutes"]
    assert await _count(owner, "ai_programs", user) == 0
    assert await _count(owner, "coach_logs", user) == 0
    body = {
        "goal": "strength",
        "days_per_week": 3,
        "weekdays": [5, 1, 3],
        "session_minutes": 75,
        "gym_id": gym_id,
    }
    program = await create_program(client, user, weeks=6, **body)
    assert program["goal"] == "strength"
    assert program["weeks_count"] == 6
    assert {s["weekday"] for w in program["weeks"] for s in w["workouts"]} == {1, 3, 5}
    # With a profile, the body's fields still win.
    await put_profile(client, user, gym_id)
    other = await create_program(client, user, goal="strength", days_per_week=3)
    assert other["goal"] == "strength"
    # Three days: the profile's four weekdays do not fit, so the generator spreads them.
    assert all(len(w["workouts"]) == 3 for w in other["weeks"])


async def test_loads_come_from_the_log_in_the_caller_s_unit_with_plates(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str]
) -> None:
    user, _ = lifter
    draft = await create_program(client, user)
    assert all(x["load"] is None for x in _prescriptions(draft))  # no history: by effort
    await log_history(client, user, {x["exercise_id"] for x in _prescriptions(draft)})
    program = await create_program(client, user)
    loaded = [x for x in _prescriptions(program) if x["load"] is not None]
    assert loaded, "no load although every exercise has history"
    for x in loaded:
        assert x["load"]["unit"] == "kg"
        assert x["load"]["weight"] > 0
        assert 0 < x["percent_e1rm"] <= 100
    barbell = [x for x in loaded if x["plates"] is not None]
    assert barbell, "no barbell prescription"
    for x in barbell:
        assert all(set(p) == {"mass", "unit"} and p["mass"] > 0 for p in x["plates"])
        per_side = sum(p["mass"] for p in x["plates"])
        assert per_side * 2 < x["load"]["weight"]  # the bar weighs something
    check = await client.get(f"/v1/programs/{program['id']}/check", headers=user.headers)
    assert check.json()["passed"] is True
    # In pounds for a lifter who uses them (the same grams, another unit).
    await client.patch("/v1/me", headers=user.headers, json={"unit_system": "imperial"})
    in_lb = (await client.get(f"/v1/programs/{program['id']}", headers=user.headers)).json()
    first = next(x for x in _prescriptions(in_lb) if x["load"] is not None)
    assert first["load"]["unit"] == "lb"


async def test_an_infeasible_request_is_a_422_with_violations_and_relaxations(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str], owner: asyncpg.Connection
) -> None:
    user, _ = lifter
    every_group = sorted(RP_LANDMARKS)
    body = {"weeks": 4, "days_per_week": 2, "weekdays": [], "session_minutes": 20,
            "focus_muscles": every_group}  # fmt: skip
    response = await client.post("/v1/programs", headers=user.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith("/program-infeasible")
    assert problem["violations"]
    assert problem["relaxations"]
    assert all(set(v) == {"invariant", "message"} for v in problem["violations"])
    assert all(1 <= v["invariant"] <= 12 for v in problem["violations"])
    assert all(set(r) == {"field", "value", "description"} for r in problem["relaxations"])
    # Nothing stored but the coach log's record of the refusal.
    assert await _count(owner, "ai_programs", user) == 0
    log = await owner.fetchrow("select * from coach_logs where user_id = $1", user.id)
    assert (log["kind"], log["outcome"], log["program_id"]) == ("generate", "infeasible", None)
    assert json.loads(log["detail"])["violations"] == problem["violations"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"weeks": 3},
        {"weeks": 17},
        {"weeks": 4, "days_per_week": 3, "weekdays": [1, 2]},
        {"weeks": 4, "weekdays": [1, 1, 2, 3]},
        {"weeks": 4, "focus_muscles": ["elbows"]},
        {"weeks": 4, "session_minutes": 5},
        {"weeks": 4, "seed": -1},
        {"weeks": 4, "goal": "power"},
        {"weeks": 4, "gym_id": str(uuid.uuid4())},
        {"weeks": 4, "colour": "red"},
    ],
)
async def test_bad_input_is_a_422_problem_and_stores_nothing(
    client: httpx.AsyncClient,
    lifter: tuple[SignedUpUser, str],
    owner: asyncpg.Connection,
    body: dict[str, Any],
) -> None:
    user, _ = lifter
    response = await client.post("/v1/programs", headers=user.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert await _count(owner, "ai_programs", user) == 0
    assert await _count(owner, "coach_logs", user) == 0


async def test_a_gym_the_lifter_does_not_belong_to_is_refused(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str], owner: asyncpg.Connection
) -> None:
    user, _ = lifter
    stranger = await sign_up(client)
    their_gym = await equipped_gym(client, stranger)
    body = {"weeks": 4, "gym_id": their_gym}
    response = await client.post("/v1/programs", headers=user.headers, json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["gym_id"]
    assert await _count(owner, "ai_programs", user) == 0


async def test_the_list_pages_newest_first(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str]
) -> None:
    user, _ = lifter
    made = [await create_program(client, user, seed=seed) for seed in (1, 2, 3)]
    listed = await walk_pages(client, "/v1/programs", user.headers, limit=2)
    assert [p["id"] for p in listed] == [p["id"] for p in reversed(made)]
    assert "weeks" not in listed[0]
    assert listed[0]["weeks_count"] == 4
    other = await sign_up(client)
    assert (await client.get("/v1/programs", headers=other.headers)).json()["items"] == []


async def test_status_changes_and_one_active_program(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str]
) -> None:
    user, _ = lifter
    first, second = await create_program(client, user), await create_program(client, user)

    async def patch(program: dict[str, Any], **body: Any) -> httpx.Response:
        return await client.patch(f"/v1/programs/{program['id']}", headers=user.headers, json=body)

    activated = await patch(first, status="active", title="Winter block")
    assert activated.status_code == 200, activated.text
    assert activated.json()["status"] == "active"
    assert activated.json()["title"] == "Winter block"
    assert activated.json()["activated_at"] is not None
    # A second active program: 409 naming the active one.
    refused = await patch(second, status="active")
    assert refused.status_code == 409
    assert refused.headers["content-type"] == PROBLEM
    assert first["id"] in refused.json()["detail"]
    assert "Winter block" in refused.json()["detail"]
    # Back to draft is not a transition.
    assert (await patch(first, status="draft")).status_code == 422
    assert (await patch(first, status="paused")).json()["status"] == "paused"
    assert (await patch(second, status="active")).json()["status"] == "active"
    assert (await patch(first, status="active")).status_code == 409
    assert (await patch(second, status="completed")).json()["status"] == "completed"
    assert (await patch(second, status="archived")).json()["status"] == "archived"
    assert (await patch(second, status="active")).status_code == 422
    assert (await patch(first, status="active")).json()["status"] == "active"
    assert (await patch(first, title="")).status_code == 422
    assert (await patch(first, status="running")).status_code == 422


async def test_delete_keeps_the_workouts_and_the_log(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str], owner: asyncpg.Connection
) -> None:
    user, _ = lifter
    program = await create_program(client, user)
    workout_id = program["weeks"][0]["workouts"][0]["id"]
    url = f"/v1/programs/{program['id']}/workouts/{workout_id}/start"
    started = await client.post(url, headers=user.headers)
    assert started.status_code == 201, started.text
    assert (
        await client.delete(f"/v1/programs/{program['id']}", headers=user.headers)
    ).status_code == 204
    assert (
        await client.get(f"/v1/programs/{program['id']}", headers=user.headers)
    ).status_code == 404
    assert (
        await client.delete(f"/v1/programs/{program['id']}", headers=user.headers)
    ).status_code == 404
    assert await _count(owner, "ai_program_weeks", user) == 0
    logged = await client.get(f"/v1/workouts/{started.json()['id']}", headers=user.headers)
    assert logged.status_code == 200
    link = await owner.fetchval(
        "select program_workout_id from workouts where id = $1", uuid.UUID(started.json()["id"])
    )
    assert link is None
    kinds = await owner.fetch(
        "select kind, program_id from coach_logs where user_id = $1 order by created_at", user.id
    )
    assert [(r["kind"], r["program_id"]) for r in kinds] == [("generate", None), ("start", None)]


async def test_check_reports_every_invariant(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str]
) -> None:
    user, _ = lifter
    program = await create_program(client, user)
    response = await client.get(f"/v1/programs/{program['id']}/check", headers=user.headers)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["passed"] is True
    assert [x["number"] for x in report["invariants"]] == list(range(1, 13))
    assert all(x["passed"] and x["failures"] == [] and x["name"] for x in report["invariants"])
    assert report["invariants"][9]["applicable"] is True  # reproduced byte for byte


async def test_another_user_s_program_is_404_everywhere(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str], authenticator_dsn: str
) -> None:
    user, _ = lifter
    program = await create_program(client, user)
    workout_id = program["weeks"][0]["workouts"][0]["id"]
    other = await sign_up(client)
    base = f"/v1/programs/{program['id']}"
    for method, path, body in [
        ("GET", base, None),
        ("PATCH", base, {"status": "active"}),
        ("DELETE", base, None),
        ("GET", f"{base}/changes", None),
        ("GET", f"{base}/check", None),
        ("POST", f"{base}/workouts/{workout_id}/start", {}),
    ]:
        response = await client.request(method, path, headers=other.headers, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert response.headers["content-type"] == PROBLEM
    # Still there, unchanged, for its owner.
    mine = await client.get(base, headers=user.headers)
    assert mine.status_code == 200
    assert mine.json()["status"] == "draft"
    # And invisible in SQL to the other person.
    async with as_user(authenticator_dsn, other.id) as conn:
        for table in ("ai_programs", "ai_program_weeks", "ai_program_workouts",
                      "ai_program_workout_exercises", "coach_logs"):  # fmt: skip
            assert await conn.fetchval(f"select count(*) from {table}") == 0
    async with as_user(authenticator_dsn, user.id) as conn:
        assert await conn.fetchval("select count(*) from ai_programs") == 1


async def test_statement_counts_do_not_grow_with_the_gym_or_the_list(
    client: httpx.AsyncClient, seeded_catalog: None, query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    big = await equipped_gym(client, user)
    small = await equipped_gym(client, user, bars=["olympic_20kg"], dumbbells=[10])
    await put_profile(client, user, big)
    await create_program(client, user)  # the pool's connections learn the types first
    counts = []
    for gym_id in (small, big):
        before = query_counter.count
        await create_program(client, user, gym_id=gym_id)
        counts.append(query_counter.count - before)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 30, counts
    listed = []
    for _ in range(2):
        before = query_counter.count
        response = await client.get("/v1/programs", headers=user.headers)
        assert response.status_code == 200
        listed.append(query_counter.count - before)
        await create_program(client, user)
    assert listed[0] == listed[1] <= 6, listed


async def test_a_lifter_without_a_gym_trains_with_bodyweight(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    user = await sign_up(client)
    await put_profile(client, user, None, goal="general_fitness", days_per_week=2,
                      weekdays=[2, 5])  # fmt: skip
    # Nothing trains the back or the hamstrings without equipment: refused, with a way out.
    refused = await client.post("/v1/programs", headers=user.headers, json={"weeks": 4})
    assert refused.status_code == 422, refused.text
    relaxation = refused.json()["relaxations"][0]
    assert relaxation["field"] == "focus_muscles"
    program = await create_program(client, user, focus_muscles=relaxation["value"])
    assert program["gym_id"] is None
    assert all(x["load"] is None for x in _prescriptions(program))


async def test_history_older_than_twelve_weeks_gives_no_loads(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str]
) -> None:
    """History older than 12 weeks is not read for loads."""
    user, _ = lifter
    draft = await create_program(client, user)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(weeks=13)
    await log_history(client, user, {x["exercise_id"] for x in _prescriptions(draft)}, at=old)
    program = await create_program(client, user)
    assert all(x["load"] is None for x in _prescriptions(program))


async def test_a_program_its_checker_refuses_is_never_stored(
    client: httpx.AsyncClient,
    lifter: tuple[SignedUpUser, str],
    owner: asyncpg.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A generator bug the checker catches: 503, logged, nothing stored."""
    user, _ = lifter
    real = checker.check

    def refusing(program: model.Program, inputs: model.Inputs, **kw: Any) -> model.Report:
        report = real(program, inputs, **kw)
        broken = model.CheckedInvariant(4, "loads the gym can make", False, ("planted",))
        return model.Report((broken, *report.invariants[1:]))

    monkeypatch.setattr("ironbase.programs.service.checker.check", refusing)
    response = await client.post("/v1/programs", headers=user.headers, json={"weeks": 4})
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == PROBLEM
    assert await _count(owner, "ai_programs", user) == 0
    assert await _count(owner, "coach_logs", user) == 0

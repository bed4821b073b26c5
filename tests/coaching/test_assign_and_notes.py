"""A coach assigns a program (the client's draft, without the coach's loads or inputs) and
leaves notes on a client's workout; the client sees both in their coach log."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx

from tests.coaching.conftest import client_with_data, link
from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.programs.conftest import create_program, log_history
from tests.social.conftest import assert_problem
from tests.support import walk_pages


def _prescriptions(program: dict[str, Any]) -> list[dict[str, Any]]:
    return [x for w in program["weeks"] for s in w["workouts"] for x in s["exercises"]]


async def _coach_program(client: httpx.AsyncClient, coach: SignedUpUser) -> dict[str, Any]:
    """A program with loads from the coach's own history."""
    draft = await create_program(client, coach)
    await log_history(client, coach, {x["exercise_id"] for x in _prescriptions(draft)})
    program = await create_program(client, coach)
    assert any(x["load"] is not None for x in _prescriptions(program))
    return program


async def test_assigned_program_is_the_clients_draft_without_the_coachs_person(
    client: httpx.AsyncClient, lifter: tuple[SignedUpUser, str], owner_url: str
) -> None:
    mentor, _ = lifter
    response = await client.put(
        "/v1/me/mentor-profile", headers=mentor.headers, json={"bio": "Coach"}
    )
    assert response.status_code == 201, response.text
    source = await _coach_program(client, mentor)
    person = await sign_up(client)
    url = f"/v1/coach/clients/{person.id}/programs"
    body = {"program_id": source["id"], "title": "Block 1"}
    # Without programs:write there is no client to write to.
    await link(client, person, mentor, ("training:read",), "active", owner_url)
    assert_problem(await client.post(url, headers=mentor.headers, json=body), 404)
    links = (await client.get("/v1/coach-links", headers=person.headers)).json()["items"]
    patched = await client.patch(
        f"/v1/coach-links/{links[0]['id']}",
        headers=person.headers,
        json={"scopes": ["programs:write"]},
    )
    assert patched.status_code == 200, patched.text
    assigned = await client.post(url, headers=mentor.headers, json=body)
    assert assigned.status_code == 201, assigned.text
    summary = assigned.json()
    assert summary["creator"] == "coach"
    assert summary["status"] == "draft"
    assert summary["title"] == "Block 1"
    # The client lists, reads, activates and starts it.
    listed = (await client.get("/v1/programs", headers=person.headers)).json()["items"]
    assert [p["id"] for p in listed] == [summary["id"]]
    program = (await client.get(f"/v1/programs/{summary['id']}", headers=person.headers)).json()
    assert all(x["load"] is None for x in _prescriptions(program))
    assert [x["exercise_id"] for x in _prescriptions(program)] == [
        x["exercise_id"] for x in _prescriptions(source)
    ]
    assert [e["topic"] for e in program["explanations"]] == ["coach"]
    active = await client.patch(
        f"/v1/programs/{summary['id']}", headers=person.headers, json={"status": "active"}
    )
    assert active.status_code == 200, active.text
    first = program["weeks"][0]["workouts"][0]["id"]
    started = await client.post(
        f"/v1/programs/{summary['id']}/workouts/{first}/start", headers=person.headers
    )
    assert started.status_code == 201, started.text
    # Nothing of the coach's person is in the client's row.
    conn = await asyncpg.connect(owner_url)
    try:
        row = await conn.fetchrow(
            "select inputs, gym_id, seed from ai_programs where id = $1", uuid.UUID(summary["id"])
        )
        loads = await conn.fetchval(
            "select count(*) from ai_program_workout_exercises "
            "where user_id = $1 and (load_g is not null or e1rm_g is not null)",
            person.id,
        )
    finally:
        await conn.close()
    assert row["gym_id"] is None
    assert row["seed"] == 0
    assert '"strengths": []' in row["inputs"]
    assert '"body_weight_g": null' in row["inputs"]
    assert str(mentor.id) not in row["inputs"]
    assert loads == 0
    # The client's coach log says who did it.
    log = (await client.get("/v1/me/coach-logs", headers=person.headers)).json()["items"]
    assign = [e for e in log if e["kind"] == "assign"]
    assert [(e["actor"], e["actor_id"], e["program_id"]) for e in assign] == [
        ("coach", str(mentor.id), summary["id"])
    ]
    # Another person's program is not the coach's to assign.
    other = await client.post(url, headers=mentor.headers, json={"program_id": str(uuid.uuid4())})
    assert_problem(other, 404)
    assert_problem(await client.post(url, headers=mentor.headers, json={"title": "x"}), 422)


async def test_notes_on_a_workout_and_the_clients_log(
    client: httpx.AsyncClient, owner_url: str, query_counter: QueryCounter
) -> None:
    mentor = await sign_up(client)
    response = await client.put(
        "/v1/me/mentor-profile", headers=mentor.headers, json={"bio": "Coach"}
    )
    assert response.status_code == 201
    person, workout = await client_with_data(client)
    url = f"/v1/coach/clients/{person.id}/workouts/{workout['id']}/notes"
    await link(client, person, mentor, ("training:read",), "active", owner_url)
    assert_problem(await client.post(url, headers=mentor.headers, json={"body": "Nice"}), 404)
    other = await sign_up(client)
    await link(client, other, mentor, ("comments:write",), "active", owner_url)
    # comments:write for another client opens nothing here.
    assert_problem(await client.post(url, headers=mentor.headers, json={"body": "Nice"}), 404)
    links = (await client.get("/v1/coach-links", headers=person.headers)).json()["items"]
    await client.patch(
        f"/v1/coach-links/{links[0]['id']}",
        headers=person.headers,
        json={"scopes": ["training:read", "comments:write"]},
    )
    for body in ({"body": ""}, {"body": "x" * 2001}, {"text": "hi"}):
        assert_problem(await client.post(url, headers=mentor.headers, json=body), 422)
    missing = f"/v1/coach/clients/{person.id}/workouts/{uuid.uuid4()}/notes"
    assert_problem(await client.post(missing, headers=mentor.headers, json={"body": "x"}), 404)
    for i in range(3):
        made = await client.post(url, headers=mentor.headers, json={"body": f"Note {i}"})
        assert made.status_code == 201, made.text
    notes_url = f"/v1/workouts/{workout['id']}/coach-notes"
    notes = await walk_pages(client, notes_url, person.headers, limit=2)
    assert [n["body"] for n in notes] == ["Note 0", "Note 1", "Note 2"]
    assert {n["coach_id"] for n in notes} == {str(mentor.id)}
    # Nobody else reads them.
    stranger = await client.get(notes_url, headers=other.headers)
    assert stranger.json()["items"] == []
    log = await walk_pages(client, "/v1/me/coach-logs", person.headers, limit=2)
    assert [e["kind"] for e in log] == ["note"] * 3
    query_counter.count = 0
    page = await client.get("/v1/me/coach-logs", headers=person.headers, params={"limit": 1})
    assert page.status_code == 200
    assert query_counter.count <= 4
    query_counter.count = 0
    page = await client.get(notes_url, headers=person.headers, params={"limit": 1})
    assert query_counter.count <= 4


async def test_a_template_becomes_the_clients_weekly_draft(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    mentor = await sign_up(client)
    response = await client.put(
        "/v1/me/mentor-profile", headers=mentor.headers, json={"bio": "Coach"}
    )
    assert response.status_code == 201
    catalog = (await client.get("/v1/exercises", params={"limit": 2})).json()["items"]
    template = await client.post(
        "/v1/templates",
        headers=mentor.headers,
        json={
            "name": "Full body",
            "exercises": [
                {"exercise_id": catalog[0]["id"], "target_sets": 4, "rep_min": 5, "rep_max": 5,
                 "target_rir": 1, "rest_s": 180},
                {"exercise_id": catalog[1]["id"], "rep_min": 10},
            ],
        },
    )  # fmt: skip
    assert template.status_code == 201, template.text
    person = await sign_up(client)
    await link(client, person, mentor, ("programs:write",), "active", owner_url)
    url = f"/v1/coach/clients/{person.id}/programs"
    for bad in (
        {},
        {"template_id": template.json()["id"], "program_id": str(uuid.uuid4())},
        {"template_id": template.json()["id"], "weeks": 3},
        {"template_id": template.json()["id"], "weekday": 8},
        {"program_id": str(uuid.uuid4()), "weeks": 4},
    ):
        assert_problem(await client.post(url, headers=mentor.headers, json=bad), 422)
    assert (await client.get("/v1/programs", headers=person.headers)).json()["items"] == []
    body = {"template_id": template.json()["id"], "weeks": 5, "weekday": 3, "goal": "strength"}
    assigned = await client.post(url, headers=mentor.headers, json=body)
    assert assigned.status_code == 201, assigned.text
    summary = assigned.json()
    assert (summary["creator"], summary["title"], summary["weeks_count"], summary["goal"]) == (
        "coach",
        "Full body",
        5,
        "strength",
    )
    program = (await client.get(f"/v1/programs/{summary['id']}", headers=person.headers)).json()
    assert [len(w["workouts"]) for w in program["weeks"]] == [1] * 5
    first = program["weeks"][0]["workouts"][0]
    assert first["weekday"] == 3
    assert [
        (x["exercise_id"], x["sets"], x["reps_min"], x["reps_max"], x["rir"], x["load"])
        for x in first["exercises"]
    ] == [
        (catalog[0]["id"], 4, 5, 5, 1, None),
        (catalog[1]["id"], 3, 10, 12, 2, None),
    ]
    # Another person's template is not the coach's to assign.
    other = {"template_id": str(uuid.uuid4())}
    assert_problem(await client.post(url, headers=mentor.headers, json=other), 404)
    started = await client.post(
        f"/v1/programs/{summary['id']}/workouts/{first['id']}/start", headers=person.headers
    )
    assert started.status_code == 201, started.text

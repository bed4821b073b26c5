"""The operators' overview: right after workouts are written, edited and deleted, equal to
counting the big tables, and computed without reading them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import asyncpg
import httpx

from ironbase.admin.overview.repository import _OVERVIEW
from tests.conftest import QueryCounter, SignedUpUser, sign_up, sign_up_admin
from tests.gyms.conftest import assert_problem
from tests.training.workouts.conftest import document

PATH = "/v1/admin/overview"


async def _overview(client: httpx.AsyncClient, admin: SignedUpUser) -> dict[str, Any]:
    response = await client.get(PATH, headers=admin.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _today(body: dict[str, Any]) -> dict[str, Any]:
    day: dict[str, Any] = body["daily"][-1]
    assert day["day"] == dt.datetime.now(dt.UTC).date().isoformat()
    return day


async def test_numbers_follow_people_workouts_and_sets(
    client: httpx.AsyncClient, owner_url: str, exercise_ids: list[str]
) -> None:
    admin = await sign_up_admin(client, owner_url)
    before = await _overview(client, admin)
    lifter = await sign_up(client)
    docs = [
        document(exercise_ids, exercises=2, sets=3),
        document(exercise_ids, exercises=1, sets=4),
    ]
    for doc in docs:
        response = await client.put(f"/v1/workouts/{doc['id']}", headers=lifter.headers, json=doc)
        assert response.status_code == 200, response.text
    made_pro = await client.patch(
        f"/v1/admin/users/{lifter.id}", headers=admin.headers, json={"is_pro": True}
    )
    assert made_pro.status_code == 200
    after = await _overview(client, admin)
    assert after["users"] == before["users"] + 1
    assert after["pro_users"] == before["pro_users"] + 1
    assert _today(after)["new_users"] == _today(before)["new_users"] + 1
    assert _today(after)["workouts"] == _today(before)["workouts"] + 2
    assert _today(after)["sets"] == _today(before)["sets"] + 10

    # The whole-document PUT dropping a set, then a deleted workout, count down again.
    docs[0]["exercises"][0]["sets"].pop()
    path = f"/v1/workouts/{docs[0]['id']}"
    response = await client.put(path, headers=lifter.headers, json=docs[0])
    assert response.status_code == 200, response.text
    deleted = await client.delete(f"/v1/workouts/{docs[1]['id']}", headers=lifter.headers)
    assert deleted.status_code == 204
    back = await client.patch(
        f"/v1/admin/users/{lifter.id}", headers=admin.headers, json={"is_pro": False}
    )
    assert back.status_code == 200
    last = await _overview(client, admin)
    assert _today(last)["workouts"] == _today(before)["workouts"] + 1
    assert _today(last)["sets"] == _today(before)["sets"] + 5
    assert last["pro_users"] == before["pro_users"]


async def test_the_shape_the_days_and_the_other_parts(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    body = await _overview(client, admin)
    assert body["active_programs"] >= 0
    days = [dt.date.fromisoformat(d["day"]) for d in body["daily"]]
    assert len(days) == 30
    assert days == [days[-1] - dt.timedelta(days=29 - i) for i in range(30)]
    counts = await client.get("/v1/admin/notifications/unread-count", headers=admin.headers)
    assert body["notifications"] == counts.json()
    reports = (await client.get("/v1/admin/data-quality-reports", headers=admin.headers)).json()
    newest = reports["items"][0] if reports["items"] else None
    if newest is None:
        assert body["last_data_quality_report"] is None
    else:
        assert body["last_data_quality_report"]["id"] == newest["id"]
        assert body["last_data_quality_report"]["status"] == newest["status"]


async def test_the_counts_equal_counting_the_big_tables(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    """The triggers' figures against a full count, over everything every test wrote."""
    admin = await sign_up_admin(client, owner_url)
    body = await _overview(client, admin)
    conn = await asyncpg.connect(owner_url)
    try:
        users, pro = await conn.fetchrow(
            "select count(*), count(*) filter (where is_pro) from public.users"
        )
        per_day = await conn.fetch(
            "select day, sum(workouts) as workouts, sum(sets) as sets from ("
            "  select (created_at at time zone 'UTC')::date as day, 1 as workouts, 0 as sets"
            "  from public.workouts"
            "  union all"
            "  select (created_at at time zone 'UTC')::date, 0, 1 from public.workout_sets"
            ") rows group by day"
        )
    finally:
        await conn.close()
    assert (body["users"], body["pro_users"]) == (users, pro)
    counted = {str(r["day"]): (r["workouts"], r["sets"]) for r in per_day}
    for day in body["daily"]:
        assert (day["workouts"], day["sets"]) == counted.get(day["day"], (0, 0)), day


async def test_one_statement_that_reads_no_big_table(
    client: httpx.AsyncClient, owner_url: str, query_counter: QueryCounter
) -> None:
    admin = await sign_up_admin(client, owner_url)
    await _overview(client, admin)
    before = query_counter.count
    await _overview(client, admin)
    # BEGIN, role and claims, the admin re-check, the overview, COMMIT.
    assert query_counter.count - before == 5
    conn = await asyncpg.connect(owner_url)
    try:
        plan = await conn.fetchval(f"explain (format json) {_OVERVIEW.sql}")
    finally:
        await conn.close()
    relations = set(_relations(json.loads(plan) if isinstance(plan, str) else plan))
    # ai_programs: its active rows only, at most one per person (a partial unique index).
    small = {"daily_activity_counts", "admin_notifications", "data_quality_reports", "ai_programs"}
    assert relations <= small
    assert "daily_activity_counts" in relations


def _relations(node: Any) -> list[str]:
    if isinstance(node, list):
        return [name for item in node for name in _relations(item)]
    if not isinstance(node, dict):
        return []
    found = [node["Relation Name"]] if "Relation Name" in node else []
    for value in node.values():
        if isinstance(value, list | dict):
            found += _relations(value)
    return found


async def test_only_administrators(client: httpx.AsyncClient) -> None:
    member = await sign_up(client)
    assert_problem(await client.get(PATH, headers=member.headers), 403)
    assert_problem(await client.get(PATH), 401)


async def test_active_programs_follow_status_changes(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    lifter = await sign_up(client)
    # No gym: bodyweight exercises, which train these groups for a novice.
    asked = {
        "weeks": 4,
        "goal": "general_fitness",
        "days_per_week": 3,
        "session_minutes": 60,
        "focus_muscles": ["chest", "quads", "glutes"],
    }
    created = await client.post("/v1/programs", headers=lifter.headers, json=asked)
    assert created.status_code == 201, created.text
    path = f"/v1/programs/{created.json()['id']}"
    before = await _overview(client, admin)
    activated = await client.patch(path, headers=lifter.headers, json={"status": "active"})
    assert activated.status_code == 200, activated.text
    during = await _overview(client, admin)
    assert during["active_programs"] == before["active_programs"] + 1
    paused = await client.patch(path, headers=lifter.headers, json={"status": "paused"})
    assert paused.status_code == 200, paused.text
    after = await _overview(client, admin)
    assert after["active_programs"] == before["active_programs"]

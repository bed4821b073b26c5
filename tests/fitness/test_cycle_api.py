"""/v1/cycle: opt-in, owner-only (no administrator either), erased on revocation, never
logged; symptoms may lower that day's readiness, the phase alone never changes anything."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import QueryCounter, SignedUpUser, grant_admin, sign_up, sign_up_admin
from tests.fitness.conftest import PROBLEM, Clock, hooper
from tests.support import as_user, walk_pages

pytestmark = pytest.mark.usefixtures("seeded_catalog")

CYCLE_TABLES = ("cycle_events", "cycle_consents")


async def _consent(client: httpx.AsyncClient, user: SignedUpUser) -> dict[str, Any]:
    response = await client.put("/v1/cycle/consent", headers=user.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _event(
    client: httpx.AsyncClient, user: SignedUpUser, status: int = 201, **body: Any
) -> dict[str, Any]:
    response = await client.post("/v1/cycle/events", headers=user.headers, json=body)
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


async def _stored(owner_url: str, user_id: uuid.UUID) -> dict[str, int]:
    conn = await asyncpg.connect(owner_url)
    try:
        return {
            t: await conn.fetchval(f"select count(*) from {t} where user_id = $1", user_id)
            for t in CYCLE_TABLES
        }
    finally:
        await conn.close()


async def test_without_consent_every_cycle_endpoint_answers_409(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    user = await sign_up(client)
    calls = [
        ("GET", "/v1/cycle/events", None),
        ("POST", "/v1/cycle/events", {"type": "period_start", "date": "2026-11-20"}),
        ("DELETE", f"/v1/cycle/events/{uuid.uuid4()}", None),
        ("GET", "/v1/cycle/summary", None),
        ("DELETE", "/v1/cycle/consent", None),
    ]
    for method, path, body in calls:
        response = await client.request(method, path, headers=user.headers, json=body)
        assert response.status_code == 409, (method, path, response.text)
        assert response.headers["content-type"].startswith(PROBLEM)
    consent = (await client.get("/v1/cycle/consent", headers=user.headers)).json()
    assert consent == {"consented": False, "consented_at": None}
    assert await _stored(owner_url, user.id) == {"cycle_events": 0, "cycle_consents": 0}


async def test_consent_keeps_its_time_and_revoking_deletes_everything(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    user = await sign_up(client)
    first = await _consent(client, user)
    assert first["consented"] is True
    assert first["consented_at"].startswith("2026-11-30T12:00:00")
    clock.set(clock.now + dt.timedelta(days=2))
    assert (await _consent(client, user))["consented_at"] == first["consented_at"]
    await _event(client, user, type="period_start", date="2026-11-01")
    await _event(client, user, type="symptom", date="2026-11-02", symptom="cramps", severity=2)
    assert await _stored(owner_url, user.id) == {"cycle_events": 2, "cycle_consents": 1}
    response = await client.delete("/v1/cycle/consent", headers=user.headers)
    assert response.status_code == 204
    assert await _stored(owner_url, user.id) == {"cycle_events": 0, "cycle_consents": 0}
    assert (await client.get("/v1/cycle/events", headers=user.headers)).status_code == 409
    # Consent given again starts empty, with a new time.
    again = await _consent(client, user)
    assert again["consented_at"] != first["consented_at"]
    assert (await client.get("/v1/cycle/events", headers=user.headers)).json()["items"] == []


async def test_events_listed_newest_first_deleted_one_by_one(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    user = await sign_up(client)
    await _consent(client, user)
    made = [
        await _event(client, user, type="period_start", date=f"2026-11-{d:02d}")
        for d in range(1, 8)
    ]
    end = await _event(client, user, type="period_end", date="2026-11-08", notes="light")
    assert end["symptom"] is None
    assert end["notes"] == "light"
    items = await walk_pages(client, "/v1/cycle/events", user.headers, limit=3)
    assert [i["date"] for i in items] == [f"2026-11-{d:02d}" for d in range(8, 0, -1)]
    response = await client.delete(f"/v1/cycle/events/{made[0]['id']}", headers=user.headers)
    assert response.status_code == 204
    again = await client.delete(f"/v1/cycle/events/{made[0]['id']}", headers=user.headers)
    assert again.status_code == 404
    for params in ({"to": "0001-01-01"}, {"from": "2026-11-09", "to": "2026-11-01"}):
        refused = await client.get("/v1/cycle/events", headers=user.headers, params=params)
        assert refused.status_code == 422
    listed = await client.get(
        "/v1/cycle/events", headers=user.headers, params={"from": "2026-11-01", "to": "2026-11-03"}
    )
    assert [i["date"] for i in listed.json()["items"]] == ["2026-11-03", "2026-11-02"]


@pytest.mark.parametrize(
    "body",
    [
        {"type": "symptom", "date": "2026-11-02"},
        {"type": "symptom", "date": "2026-11-02", "symptom": "cramps"},
        {"type": "symptom", "date": "2026-11-02", "symptom": "cramps", "severity": 4},
        {"type": "symptom", "date": "2026-11-02", "symptom": "my own words", "severity": 1},
        {"type": "period_start", "date": "2026-11-02", "severity": 1},
        {"type": "ovulation", "date": "2026-11-02"},
        {"type": "period_start", "date": "2026-12-05"},
        {"type": "period_start", "date": "1900-01-01"},
        {"type": "period_start", "date": "2026-11-02", "notes": "x" * 1001},
        {"type": "period_start", "date": "2026-11-02", "user_id": str(uuid.uuid4())},
    ],
)
async def test_bad_events_are_refused_and_nothing_stored(
    client: httpx.AsyncClient, clock: Clock, owner_url: str, body: dict[str, Any]
) -> None:
    user = await sign_up(client)
    await _consent(client, user)
    response = await client.post("/v1/cycle/events", headers=user.headers, json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert (await _stored(owner_url, user.id))["cycle_events"] == 0


async def test_summary_predicts_the_next_start_with_its_uncertainty(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    user = await sign_up(client)
    await _consent(client, user)
    empty = (await client.get("/v1/cycle/summary", headers=user.headers)).json()
    assert (empty["predicted_next_start"], empty["cycles"]) == (None, [])
    # Starts 28, 30 and 29 days apart: mean 29, SD 1; a 90-day gap before them is ignored.
    for day in ("2026-05-06", "2026-08-04", "2026-09-01", "2026-10-01", "2026-10-30"):
        await _event(client, user, type="period_start", date=day)
    summary = (await client.get("/v1/cycle/summary", headers=user.headers)).json()
    assert [c["length_days"] for c in summary["cycles"]] == [28, 30, 29]
    assert summary["mean_length_days"] == 29.0
    assert summary["sd_length_days"] == 1.0
    assert summary["predicted_next_start"] == "2026-11-28"
    assert (summary["uncertainty_days"], summary["earliest"], summary["latest"]) == (
        1,
        "2026-11-27",
        "2026-11-29",
    )
    assert "never change" in summary["note"]


async def test_symptoms_may_lower_that_day_s_readiness_phase_alone_never(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    user = await sign_up(client)
    await _consent(client, user)
    await _event(client, user, type="period_start", date="2026-11-30")
    response = await client.post("/v1/readiness", headers=user.headers, json=hooper(8))
    assert response.status_code == 201
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert (today["band"], today["symptoms_lowered"]) == ("green", False)
    await _event(client, user, type="symptom", date="2026-11-30", symptom="headache", severity=1)
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert (today["band"], today["symptoms_lowered"]) == ("green", False)
    await _event(client, user, type="symptom", date="2026-11-30", symptom="cramps", severity=2)
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert (today["band"], today["symptoms_lowered"]) == ("amber", True)
    assert "as a precaution" in today["explanation"]
    assert today["score"] == 83  # the score itself is the check-in's answers alone
    await client.delete("/v1/cycle/consent", headers=user.headers)
    today = (await client.get("/v1/readiness/today", headers=user.headers)).json()
    assert (today["band"], today["symptoms_lowered"]) == ("green", False)


async def test_another_person_and_an_administrator_see_nothing_through_the_api(
    client: httpx.AsyncClient, clock: Clock, owner_url: str
) -> None:
    alice = await sign_up(client)
    await _consent(client, alice)
    event = await _event(client, alice, type="period_start", date="2026-11-20")
    for other in (await sign_up(client), await sign_up_admin(client, owner_url)):
        assert (await client.get("/v1/cycle/events", headers=other.headers)).status_code == 409
        await _consent(client, other)
        assert (await client.get("/v1/cycle/events", headers=other.headers)).json()["items"] == []
        path = f"/v1/cycle/events/{event['id']}"
        assert (await client.delete(path, headers=other.headers)).status_code == 404
        summary = (await client.get("/v1/cycle/summary", headers=other.headers)).json()
        assert summary["last_start"] is None
    assert len((await client.get("/v1/cycle/events", headers=alice.headers)).json()["items"]) == 1


async def _count_as(
    authenticator_dsn: str, role: str, user_id: uuid.UUID, table: str, victim: uuid.UUID
) -> tuple[int, int]:
    """(rows of ``table`` seen at all, rows of the victim seen) in a request of ``role``."""
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        tx = conn.transaction()
        await tx.start()
        await conn.execute(
            "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)",
            role,
            json.dumps({"sub": str(user_id), "role": role}),
        )
        seen = await conn.fetchval(f"select count(*) from {table}")
        theirs = await conn.fetchval(f"select count(*) from {table} where user_id = $1", victim)
        await tx.rollback()
        return seen, theirs
    finally:
        await conn.close()


async def test_no_role_but_the_owner_reads_cycle_rows_in_sql(
    client: httpx.AsyncClient, clock: Clock, owner_url: str, authenticator_dsn: str
) -> None:
    alice = await sign_up(client)
    await _consent(client, alice)
    await _event(client, alice, type="symptom", date="2026-11-20", symptom="cramps", severity=3)
    admin, bob = await sign_up(client), await sign_up(client)
    await grant_admin(owner_url, admin.id)  # an administrator in the database, not just a token
    for table in CYCLE_TABLES:
        assert await _count_as(authenticator_dsn, "app_admin", admin.id, table, alice.id) == (0, 0)
        assert await _count_as(authenticator_dsn, "authenticated", bob.id, table, alice.id) == (
            0,
            0,
        )
        # The control: the owner's own request sees the row.
        assert await _count_as(authenticator_dsn, "authenticated", alice.id, table, alice.id) == (
            1,
            1,
        )
    async with as_user(authenticator_dsn, bob.id) as conn:
        assert (
            await conn.execute("delete from cycle_events where user_id = $1", alice.id)
            == "DELETE 0"
        )
    conn = await asyncpg.connect(owner_url)
    try:
        policies = await conn.fetch(
            "select policyname, roles::text[] as roles from pg_policies "
            "where tablename = any($1::text[])",
            list(CYCLE_TABLES),
        )
    finally:
        await conn.close()
    assert policies
    assert all(p["roles"] == ["authenticated"] for p in policies)


async def test_cycle_data_never_reaches_a_log_line(
    client: httpx.AsyncClient, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    user = await sign_up(client)
    caplog.set_level(logging.DEBUG)
    await _consent(client, user)
    secret = "tender-and-private-41"
    await _event(
        client, user, type="symptom", date="2026-11-20", symptom="nausea", severity=3, notes=secret
    )
    bad = {
        "type": "symptom",
        "date": "2026-11-20",
        "symptom": "nausea",
        "severity": 9,
        "notes": secret,
    }
    assert (
        await client.post("/v1/cycle/events", headers=user.headers, json=bad)
    ).status_code == 422
    await client.get("/v1/cycle/events", headers=user.headers)
    await client.get("/v1/cycle/summary", headers=user.headers)
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert caplog.records, "the access log should have written lines"
    for word in (secret, "nausea", "symptom"):
        assert word not in logged


async def test_the_event_list_costs_the_same_statements_whatever_its_length(
    client: httpx.AsyncClient, clock: Clock, query_counter: QueryCounter
) -> None:
    user = await sign_up(client)
    await _consent(client, user)
    for day in range(1, 11):
        await _event(client, user, type="period_end", date=f"2026-11-{day:02d}")
    counts = []
    for limit in (2, 200):
        before = query_counter.count
        response = await client.get(
            "/v1/cycle/events", headers=user.headers, params={"limit": limit}
        )
        assert len(response.json()["items"]) == min(limit, 10)
        counts.append(query_counter.count - before)
    # BEGIN, set_config, the consent, the page, COMMIT.
    assert counts == [5, 5]

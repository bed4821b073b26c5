"""Administrators' notifications: written by each event source that exists today, listed
(filters, keyset pages), counted, read and resolved (audited), and hidden from everyone else,
in the API and in SQL."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from ironbase.app import create_app
from ironbase.cli import app as cli
from ironbase.db.setup import DatabaseTarget
from tests.conftest import (
    PASSWORD,
    SignedUpUser,
    client_for,
    make_settings,
    run_sql,
    sign_up,
    sign_up_admin,
)
from tests.gyms.conftest import Catalog, assert_problem, create_gym
from tests.support import as_user

BASE = "/v1/admin/notifications"
Item = dict[str, Any]


async def _request_role(client: httpx.AsyncClient, user: SignedUpUser, gym_id: str) -> Item:
    response = await client.post(
        f"/v1/gyms/{gym_id}/role-requests", headers=user.headers, json={"role": "staff"}
    )
    assert response.status_code == 201, response.text
    body: Item = response.json()
    return body


async def _all(client: httpx.AsyncClient, admin: SignedUpUser, **params: Any) -> list[Item]:
    """Every notification the list gives with these filters, following the cursor."""
    items: list[Item] = []
    cursor = None
    for _ in range(200):
        query = {**params, "limit": 50, **({"cursor": cursor} if cursor else {})}
        response = await client.get(BASE, headers=admin.headers, params=query)
        assert response.status_code == 200, response.text
        items += response.json()["items"]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the list does not end")


async def _of_subject(
    client: httpx.AsyncClient, admin: SignedUpUser, kind: str, subject_id: object
) -> list[Item]:
    return [n for n in await _all(client, admin, kind=kind) if n["subject_id"] == str(subject_id)]


# --- the event sources ----------------------------------------------------------------------


async def test_a_gym_role_request_notifies_and_its_decision_resolves_it(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    owner, coach = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner, name="Iron Temple")
    request = await _request_role(client, coach, gym["id"])
    [notification] = await _of_subject(client, admin, "gym_role_request", request["id"])
    assert notification["severity"] == "info"
    assert notification["subject_table"] == "gym_role_requests"
    assert notification["params"] == {
        "request_id": request["id"],
        "gym_id": gym["id"],
        "gym_name": "Iron Temple",
        "role": "staff",
    }
    assert notification["title"] == "Gym role request"
    assert notification["body"] == "Someone asked to become staff of Iron Temple."
    assert notification["resolved_at"] is None

    url = f"/v1/gyms/{gym['id']}/role-requests/{request['id']}/reject"
    assert (await client.post(url, headers=owner.headers)).status_code == 200
    [settled] = await _of_subject(client, admin, "gym_role_request", request["id"])
    assert settled["resolved_at"] is not None
    assert settled["resolved_by"] == str(owner.id)  # the gym admin who decided


async def test_a_data_quality_report_with_errors_notifies_once_per_open_notification(
    client: httpx.AsyncClient,
    owner_url: str,
    database_target: DatabaseTarget,
    seeded_catalog: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = await sign_up_admin(client, owner_url)
    run_sql(
        database_target,
        "update admin_notifications set resolved_at = now(), read_at = now() "
        "where kind = 'data_quality_errors' and resolved_at is null",
    )
    clean = await client.post("/v1/admin/catalog/check", headers=admin.headers)
    assert clean.json()["error_count"] == 0
    assert await _all(client, admin, kind="data_quality_errors", resolved=False) == []

    slug = f"broken_{uuid.uuid4().hex[:8]}"
    run_sql(
        database_target,
        "insert into exercises (id, name, slug, primary_muscle, movement_pattern, load_type) "
        "values (:id, 'Broken Notify Exercise', :slug, 'chest', 'horizontal_push', 'barbell')",
        id=uuid.uuid4(),
        slug=slug,
    )
    try:
        first = (await client.post("/v1/admin/catalog/check", headers=admin.headers)).json()
        [opened] = await _all(client, admin, kind="data_quality_errors", resolved=False)
        assert opened["severity"] == "error"
        assert opened["subject_id"] == first["id"]
        assert opened["params"]["errors"] == first["error_count"] > 0
        assert opened["occurrences"] == 1
        # The operator's shell (service_role) reports through the same function.
        monkeypatch.setenv(
            "DATABASE_URL", database_target.admin_url.render_as_string(hide_password=False)
        )
        monkeypatch.setenv(
            "IRONBASE_AUTHENTICATOR_PASSWORD", database_target.authenticator_password
        )
        # In a thread: the command runs its own event loop.
        result = await asyncio.to_thread(CliRunner().invoke, cli, ["catalog", "check"])
        assert result.exit_code == 1, result.output
        assert slug in result.output
        [again] = await _all(client, admin, kind="data_quality_errors", resolved=False)
        assert again["id"] == opened["id"]
        assert again["occurrences"] == 2
        assert again["subject_id"] != first["id"]  # the newest report
    finally:
        run_sql(database_target, "delete from exercises where slug = :slug", slug=slug)
        run_sql(
            database_target,
            "update admin_notifications set resolved_at = now(), read_at = now() "
            "where kind = 'data_quality_errors' and resolved_at is null",
        )


@pytest.fixture
async def alerting_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    """An app that notifies after three failed logins of one account."""
    settings = make_settings(database_target, tmp_path, login_failures_notify=3)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


async def test_repeated_failed_logins_of_one_account_notify(
    alerting_app: FastAPI, client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    async with client_for(alerting_app, ip="203.0.113.40") as http:
        victim = await sign_up(http)
        wrong = {"email": victim.email, "password": "not-the-password"}
        for _ in range(3):
            assert (await http.post("/v1/auth/token", json=wrong)).status_code == 401
        assert await _of_subject(client, admin, "repeated_failed_logins", victim.id) == []
        # The fourth attempt finds three failures behind it: the threshold.
        assert (await http.post("/v1/auth/token", json=wrong)).status_code == 401
        [opened] = await _of_subject(client, admin, "repeated_failed_logins", victim.id)
        assert (opened["params"], opened["severity"]) == (
            {"user_id": str(victim.id), "failures": 3},
            "warning",
        )
        # Even a right password after the threshold counts the streak behind it, once.
        right = {"email": victim.email, "password": PASSWORD}
        assert (await http.post("/v1/auth/token", json=right)).status_code == 200
        [counted] = await _of_subject(client, admin, "repeated_failed_logins", victim.id)
        assert (counted["id"], counted["occurrences"]) == (opened["id"], 2)
        assert counted["params"]["failures"] == 4


async def test_failed_logins_of_an_unknown_email_notify_nobody(
    alerting_app: FastAPI, database_target: DatabaseTarget
) -> None:
    def count() -> int:
        rows = run_sql(
            database_target,
            "select count(*) from admin_notifications where kind = 'repeated_failed_logins'",
        )
        return int(rows[0][0])

    before = count()
    async with client_for(alerting_app, ip="203.0.113.41") as http:
        ghost = {"email": f"ghost-{uuid.uuid4().hex[:8]}@example.com", "password": "nope-nope-1"}
        for _ in range(5):
            assert (await http.post("/v1/auth/token", json=ghost)).status_code == 401
    assert count() == before


# --- the admin API --------------------------------------------------------------------------


async def _notifications_of(
    client: httpx.AsyncClient, admin: SignedUpUser, requests: list[Item]
) -> list[Item]:
    ids = {r["id"] for r in requests}
    listed = await _all(client, admin, kind="gym_role_request")
    found = [n for n in listed if n["subject_id"] in ids]
    assert len(found) == len(ids)
    return found


async def test_list_pages_newest_first_and_filters(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    owner = await sign_up(client)
    gym = await create_gym(client, owner)
    requests = [await _request_role(client, await sign_up(client), gym["id"]) for _ in range(5)]
    mine = await _notifications_of(client, admin, requests)
    # Newest first, ties broken by id: the order the walk gave.
    keys = [(n["created_at"], n["id"]) for n in mine]
    assert keys == sorted(keys, reverse=True)
    assert [n["subject_id"] for n in mine] == [r["id"] for r in reversed(requests)]

    page = await client.get(BASE, headers=admin.headers, params={"limit": 2})
    assert len(page.json()["items"]) == 2
    assert page.json()["next_cursor"]

    first = mine[0]["id"]
    read = await client.post(f"{BASE}/{first}/read", headers=admin.headers)
    assert read.status_code == 200, read.text
    assert (read.json()["read_by"], read.json()["resolved_at"]) == (str(admin.id), None)
    unread = {n["id"] for n in await _all(client, admin, kind="gym_role_request", unread=True)}
    read_ones = {n["id"] for n in await _all(client, admin, kind="gym_role_request", unread=False)}
    assert first in read_ones
    assert first not in unread
    assert {n["id"] for n in mine[1:]} <= unread
    everything = await _all(client, admin)
    assert {n["id"] for n in mine} <= {n["id"] for n in everything}
    only = await _all(client, admin, kind="gym_role_request")
    assert {n["kind"] for n in only} == {"gym_role_request"}


async def test_read_resolve_counts_and_the_audit_log(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str, database_target: DatabaseTarget
) -> None:
    admin = await sign_up_admin(client, owner_url)
    other_admin = await sign_up_admin(client, owner_url)
    gym = await create_gym(client, await sign_up(client))
    requests = [await _request_role(client, await sign_up(client), gym["id"]) for _ in range(2)]
    before = (await client.get(f"{BASE}/unread-count", headers=admin.headers)).json()
    one, two = await _notifications_of(client, admin, requests)

    first_read = (await client.post(f"{BASE}/{one['id']}/read", headers=admin.headers)).json()
    again = (await client.post(f"{BASE}/{one['id']}/read", headers=other_admin.headers)).json()
    assert (again["read_at"], again["read_by"]) == (first_read["read_at"], str(admin.id))
    resolved = await client.post(f"{BASE}/{two['id']}/resolve", headers=other_admin.headers)
    assert resolved.status_code == 200, resolved.text
    body = resolved.json()
    assert body["resolved_by"] == body["read_by"] == str(other_admin.id)
    after = (await client.get(f"{BASE}/unread-count", headers=admin.headers)).json()
    assert after == {"unread": before["unread"] - 2, "open": before["open"] - 1}
    assert two["id"] in {n["id"] for n in await _all(client, admin, resolved=True)}
    assert two["id"] not in {n["id"] for n in await _all(client, admin, resolved=False)}

    twice = await client.post(f"{BASE}/{two['id']}/resolve", headers=admin.headers)
    assert assert_problem(twice, 409)["type"].endswith("/already-resolved")
    [(actor, action, before_row, after_row)] = run_sql(
        database_target,
        "select actor_id, action, before, after from admin_audit_log "
        "where target_table = 'admin_notifications' and target_id = :id",
        id=two["id"],
    )
    assert (actor, action) == (other_admin.id, "admin_notifications.resolve")
    assert before_row["resolved_at"] is None
    assert after_row["resolved_at"] is not None


async def test_unknown_ids_bad_filters_and_non_admins(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin, member = await sign_up_admin(client, owner_url), await sign_up(client)
    missing = uuid.uuid4()
    for action in ("read", "resolve"):
        response = await client.post(f"{BASE}/{missing}/{action}", headers=admin.headers)
        assert_problem(response, 404)
    assert_problem(await client.get(BASE, headers=admin.headers, params={"kind": "x"}), 422)
    assert_problem(await client.get(BASE, headers=admin.headers, params={"limit": 0}), 422)
    assert_problem(await client.post(f"{BASE}/not-a-uuid/read", headers=admin.headers), 422)
    for method, path in (
        ("GET", BASE),
        ("GET", f"{BASE}/unread-count"),
        ("POST", f"{BASE}/{missing}/read"),
        ("POST", f"{BASE}/{missing}/resolve"),
    ):
        assert_problem(await client.request(method, path, headers=member.headers), 403)
        assert_problem(await client.request(method, path), 401)


async def test_texts_follow_accept_language_then_the_profile(
    client: httpx.AsyncClient, catalog: Catalog, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    gym = await create_gym(client, await sign_up(client), name="Forja")
    request = await _request_role(client, await sign_up(client), gym["id"])
    [mine] = await _notifications_of(client, admin, [request])

    async def texts(headers: dict[str, str]) -> tuple[str, str]:
        response = await client.post(f"{BASE}/{mine['id']}/read", headers=headers)
        return response.json()["title"], response.json()["body"]

    german = await texts({**admin.headers, "Accept-Language": "de-AT,de;q=0.9"})
    assert german == ("Anfrage für eine Rolle im Studio", "Jemand möchte staff von Forja werden.")
    profile = await client.patch("/v1/me", headers=admin.headers, json={"locale": "pt-BR"})
    assert profile.status_code == 200, profile.text
    assert (await texts(admin.headers))[0] == "Pedido de função em academia"
    assert (await texts({**admin.headers, "Accept-Language": "en"}))[0] == "Gym role request"


# --- the wall -------------------------------------------------------------------------------


async def test_people_see_and_write_nothing_in_sql(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str, owner_url: str
) -> None:
    user = await sign_up(client)
    gym = await create_gym(client, user)
    other = await sign_up(client)
    theirs = await _request_role(client, other, gym["id"])
    admin = await sign_up_admin(client, owner_url)
    assert await _of_subject(client, admin, "gym_role_request", theirs["id"])  # rows exist
    async with as_user(authenticator_dsn, user.id) as conn:
        # Not even a privilege to ask: no row, no count, no error that names one.
        for statement in (
            "select count(*) from admin_notifications",
            "select count(*) from daily_activity_counts",
            "insert into admin_notifications (kind, severity, text_key, dedupe_key) "
            "values ('backup_failed', 'critical', 'x', 'x')",
            "update admin_notifications set resolved_at = now()",
            "delete from admin_notifications",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                async with conn.transaction():
                    await conn.execute(statement)


async def test_people_cannot_report_what_is_not_theirs(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    owner, asker = await sign_up(client), await sign_up(client)
    gym = await create_gym(client, owner)
    theirs = await _request_role(client, asker, gym["id"])
    notify = "select public.notify_admins($1, $2, $3::jsonb)"
    async with as_user(authenticator_dsn, owner.id) as conn:
        for kind, subject, error in (
            ("backup_failed", "nightly", asyncpg.InsufficientPrivilegeError),
            ("repeated_failed_logins", str(asker.id), asyncpg.InsufficientPrivilegeError),
            ("data_quality_errors", str(uuid.uuid4()), asyncpg.InsufficientPrivilegeError),
            ("gym_role_request", theirs["id"], asyncpg.InvalidParameterValueError),
            ("no_such_kind", "x", asyncpg.InvalidParameterValueError),
        ):
            with pytest.raises(error):
                async with conn.transaction():
                    await conn.fetchval(notify, kind, subject, json.dumps({}))
        # Settling asks the database whether the subject is settled: a pending one is not.
        settled = await conn.fetchval(
            "select public.settle_admin_notifications('gym_role_request', $1)", theirs["id"]
        )
        assert settled == 0


async def test_an_admin_role_without_admin_rights_sees_nothing(
    client: httpx.AsyncClient, catalog: Catalog, authenticator_dsn: str
) -> None:
    gym = await create_gym(client, await sign_up(client))
    await _request_role(client, await sign_up(client), gym["id"])
    user = await sign_up(client)
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        async with conn.transaction():
            await conn.execute(
                "select set_config('role', 'app_admin', true), "
                "set_config('request.jwt.claims', $1, true)",
                json.dumps({"sub": str(user.id), "role": "app_admin"}),
            )
            assert await conn.fetchval("select count(*) from admin_notifications") == 0
            assert await conn.fetchval("select count(*) from daily_activity_counts") == 0
    finally:
        await conn.close()

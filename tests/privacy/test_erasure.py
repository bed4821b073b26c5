"""Erasure (GDPR art. 17): DELETE /v1/me and DELETE /v1/admin/users/{id} erase an account
in one transaction; a scan of every uuid, text and jsonb column of every table (from the
catalogs) then finds the person's id and email nowhere; the audit chain still verifies."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from ironbase.admin.audit_chain import verify_chain
from ironbase.db.setup import DatabaseTarget
from ironbase.privacy import jobs
from ironbase.privacy.erasure import account_id, erase_account
from ironbase.privacy.registry import all_tables
from ironbase.privacy.scan import pseudonymised_columns, scan_database
from tests.conftest import PASSWORD, SignedUpUser, sign_up, sign_up_admin

PROBLEM = "application/problem+json"


@dataclass
class Footprint:
    """A person who left traces in every domain there is, and the people around them."""

    person: SignedUpUser
    gym_id: str
    admin: SignedUpUser


async def leave_traces(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> Footprint:
    """The person: administrator too (their actions are audited), creator of a gym others
    use, a member with plates, a workout, a finished export, a failed sign-in (counters
    keyed by their email), listed in a feature flag; another admin changed their pro status
    (an audit entry about them, with their id in it)."""
    person = await sign_up_admin(client, owner_url)
    admin = await sign_up_admin(client, owner_url)
    other = await sign_up(client)
    gym = await client.post(
        "/v1/gyms",
        json={"name": f"Iron {uuid.uuid4().hex[:6]}", "time_zone": "Europe/Berlin"},
        headers=person.headers,
    )
    assert gym.status_code == 201, gym.text
    gym_id = gym.json()["id"]
    joined = await client.post(f"/v1/gyms/{gym_id}/join", headers=other.headers)
    assert joined.status_code == 201, joined.text
    workout = await client.post(
        "/v1/workouts",
        json={"title": "Heavy day", "started_at": "2026-11-01T10:00:00Z", "exercises": []},
        headers=person.headers,
    )
    assert workout.status_code == 201, workout.text
    # The person as an administrator: an audited change with them as the actor.
    pro = await client.patch(
        f"/v1/admin/users/{other.id}", json={"is_pro": True}, headers=person.headers
    )
    assert pro.status_code == 200, pro.text
    # An entry about them, by someone else.
    about = await client.patch(
        f"/v1/admin/users/{person.id}", json={"is_pro": True}, headers=admin.headers
    )
    assert about.status_code == 200, about.text
    flag = await client.post(
        "/v1/admin/flags",
        json={"key": f"beta.f{uuid.uuid4().hex[:8]}", "user_ids": [str(person.id), str(other.id)]},
        headers=admin.headers,
    )
    assert flag.status_code == 201, flag.text
    wrong = await client.post(
        "/v1/auth/token", json={"email": person.email, "password": "not-the-password"}
    )
    assert wrong.status_code == 401
    export = await client.post("/v1/me/exports", headers=person.headers)
    assert export.status_code == 202
    await jobs.run_pending(database_target)
    return Footprint(person, gym_id, admin)


async def fetch(owner_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(owner_url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


def chain_report(target: DatabaseTarget) -> Any:
    engine = create_engine(target.admin_url)
    try:
        with engine.connect() as conn:
            return verify_chain(conn)
    finally:
        engine.dispose()


async def test_the_scan_finds_a_living_account_everywhere_it_is(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    """The positive control: before erasure the scan sees the person in every domain."""
    traces = await leave_traces(client, owner_url, database_target)
    report = await scan_database(database_target, traces.person.id, traces.person.email)
    found = {f"{h.table}.{h.column}" for h in report.hits}
    for column in (
        "auth.users.id",
        "auth.users.email",
        "auth.refresh_tokens.user_id",
        "public.users.id",
        "public.gyms.created_by",
        "public.workouts.user_id",
        "public.privacy_exports.user_id",
        "public.admin_audit_log.actor_id",
        "public.admin_audit_log.target_id",
        "public.app_flags.user_ids",
        "public.admin_check_rate_limit.key",
    ):
        assert column in found, column
    assert report.not_readable == ()
    assert report.columns_scanned > 100


async def test_a_wrong_password_erases_nothing(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    person = await sign_up(client)
    before = await scan_database(database_target, person.id, person.email)
    for body in ({"password": "wrong-password"}, {"password": ""}, {}, {"password": "x" * 2000}):
        response = await client.request("DELETE", "/v1/me", json=body, headers=person.headers)
        assert response.status_code in (403, 422), response.text
        assert response.headers["content-type"] == PROBLEM
    assert (
        await client.request("DELETE", "/v1/me", json={"password": PASSWORD})
    ).status_code == 401
    assert (await client.get("/v1/me", headers=person.headers)).status_code == 200
    after = await scan_database(database_target, person.id, person.email)
    # Every row is still there; the refused attempts count as failed sign-ins.
    counters = "public.admin_check_rate_limit"
    assert [h for h in after.hits if h.table != counters] == [
        h for h in before.hits if h.table != counters
    ]
    assert any(h.table == counters for h in after.hits)


async def test_delete_me_erases_everything_and_frees_the_email(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    traces = await leave_traces(client, owner_url, database_target)
    person = traces.person
    audit_before = await fetch(
        owner_url, "select id, action from admin_audit_log where actor_id = $1", person.id
    )
    assert audit_before

    response = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=person.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    pseudonym = uuid.UUID(body["pseudonym"])
    assert body["rows"]["auth.users"] == 1

    # Verified, not claimed: nowhere, in any column of any table.
    report = await scan_database(database_target, person.id, person.email)
    assert report.hits == (), report.hits
    assert report.not_readable == ()

    # Others' rows that merely named them stay: the gym, without its creator...
    gym = await fetch(
        owner_url, "select created_by from gyms where id = $1", uuid.UUID(traces.gym_id)
    )
    assert [dict(r) for r in gym] == [{"created_by": None}]
    # ...the audit entries, with the pseudonym for an actor, the same actions...
    audit_after = await fetch(
        owner_url,
        "select id, action from admin_audit_log where id = any($1::bigint[]) and actor_id = $2",
        [r["id"] for r in audit_before],
        pseudonym,
    )
    assert sorted(map(tuple, audit_after)) == sorted(map(tuple, audit_before))
    # ...and the entry about them names the pseudonym, not them.
    about = await fetch(
        owner_url,
        "select target_id from admin_audit_log where action = 'users.set_pro' and actor_id = $1",
        traces.admin.id,
    )
    assert str(pseudonym) in {r["target_id"] for r in about}
    erased_entry = await fetch(
        owner_url,
        "select actor_id, target_id from admin_audit_log where action = 'privacy.erase' "
        "and target_id = $1",
        str(pseudonym),
    )
    assert len(erased_entry) == 1
    # The chain still holds (ironbase audit verify); the redacted entries are counted.
    chain = chain_report(database_target)
    assert chain.broken is None
    assert chain.redacted >= len(audit_before) + 1

    # Their tokens are gone, their account too.
    refresh = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    assert refresh.status_code == 401
    assert (await client.get("/v1/me", headers=person.headers)).status_code == 404
    login = await client.post("/v1/auth/token", json={"email": person.email, "password": PASSWORD})
    assert login.status_code == 401
    # The email is free for a new signup.
    again = await sign_up(client, person.email)
    assert again.id != person.id


async def test_an_administrator_erases_an_account_audited(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    admin = await sign_up_admin(client, owner_url)
    person, bystander = await sign_up(client), await sign_up(client)
    refused = await client.delete(f"/v1/admin/users/{person.id}", headers=bystander.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM
    own = await client.delete(f"/v1/admin/users/{admin.id}", headers=admin.headers)
    assert own.status_code == 409
    unknown = await client.delete(f"/v1/admin/users/{uuid.uuid4()}", headers=admin.headers)
    assert unknown.status_code == 404

    response = await client.delete(f"/v1/admin/users/{person.id}", headers=admin.headers)
    assert response.status_code == 200, response.text
    pseudonym = response.json()["pseudonym"]
    entry = await fetch(
        owner_url,
        "select actor_id, target_table, after from admin_audit_log "
        "where action = 'users.erase' and target_id = $1",
        pseudonym,
    )
    assert len(entry) == 1
    assert entry[0]["actor_id"] == admin.id
    assert (await scan_database(database_target, person.id, person.email)).hits == ()
    assert (await client.get("/v1/me", headers=bystander.headers)).status_code == 200
    assert chain_report(database_target).broken is None


async def test_the_cli_path_erases_through_the_operators_url(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    traces = await leave_traces(client, owner_url, database_target)
    found = await account_id(database_target, traces.person.email)
    assert found == traces.person.id
    erased = await erase_account(database_target, traces.person.id)
    assert erased.rows["auth.users"] == 1
    assert (await scan_database(database_target, traces.person.id, traces.person.email)).clean
    assert await account_id(database_target, traces.person.email) is None


async def rows_of(owner_url: str, person: SignedUpUser) -> dict[str, int]:
    conn = await asyncpg.connect(owner_url)
    try:
        counts = {}
        for sql in (
            "select count(*) from auth.users where id = $1",
            "select count(*) from public.workouts where user_id = $1",
            "select count(*) from public.privacy_exports where user_id = $1",
            "select count(*) from auth.refresh_tokens where user_id = $1",
            "select count(*) from public.admin_audit_log where actor_id = $1",
            "select count(*) from public.gyms where created_by = $1",
            "select count(*) from public.app_flags where $1 = any(user_ids)",
        ):
            counts[sql] = await conn.fetchval(sql, person.id)
        return counts
    finally:
        await conn.close()


async def test_an_erasure_that_fails_half_way_erases_nothing(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    """A step that fails after the identity and most tables are gone rolls all back."""
    traces = await leave_traces(client, owner_url, database_target)
    before = await rows_of(owner_url, traces.person)
    assert all(before.values()), before
    conn = await asyncpg.connect(owner_url)
    try:
        async with conn.transaction():
            last = await conn.fetchval("select max(position) from privacy_erasure_steps")
            # After every delete: a step on a column whose update cannot succeed.
            await conn.execute(
                "insert into privacy_erasure_steps values ($1, 'public.gyms', 'name', 'text', "
                "'pseudonym')",
                last + 1,
            )
            with pytest.raises(asyncpg.PostgresError):
                async with conn.transaction():
                    await conn.fetchval("select public.erase_person($1)", traces.person.id)
            raise asyncio.CancelledError  # leave the added step behind: roll it back
    except asyncio.CancelledError:
        pass
    finally:
        await conn.close()
    assert await rows_of(owner_url, traces.person) == before
    assert (await client.get("/v1/me", headers=traces.person.headers)).status_code == 200


async def test_an_erasure_killed_half_way_erases_nothing(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    """The erasing connection is terminated while it waits in its last step."""
    traces = await leave_traces(client, owner_url, database_target)
    before = await rows_of(owner_url, traces.person)
    blocker = await asyncpg.connect(owner_url)
    eraser = await asyncpg.connect(owner_url)
    try:
        last_table = await blocker.fetchval(
            "select table_name from privacy_erasure_steps order by position desc limit 1"
        )
        blocking = blocker.transaction()
        await blocking.start()
        await blocker.execute(f"lock table {last_table} in access exclusive mode")
        pid = eraser.get_server_pid()
        erasing = asyncio.create_task(
            eraser.fetchval("select public.erase_person($1)", traces.person.id)
        )
        for _ in range(200):
            waiting = await blocker.fetchval(
                "select wait_event_type = 'Lock' from pg_stat_activity where pid = $1", pid
            )
            if waiting:
                break
            await asyncio.sleep(0.05)
        assert waiting, "the erasure never reached its last step"
        # Half way: the identity and every earlier table are already gone, in its transaction.
        assert await blocker.fetchval("select pg_terminate_backend($1)", pid)
        with pytest.raises(
            (asyncpg.PostgresError, asyncpg.exceptions.ConnectionDoesNotExistError, ConnectionError)
        ):
            await erasing
        await blocking.rollback()
    finally:
        await blocker.close()
        eraser.terminate()
    assert await rows_of(owner_url, traces.person) == before


def test_every_pseudonymised_column_is_declared_in_the_registry() -> None:
    declared = pseudonymised_columns(all_tables())
    assert ("public.admin_audit_log", "actor_id") in declared
    assert ("public.gyms", "created_by") not in declared  # set to NULL, not pseudonymised


async def test_a_changed_actor_breaks_its_seal_and_erasure_alone_may_redact(
    client: httpx.AsyncClient, owner_url: str, database_target: DatabaseTarget
) -> None:
    """Behind the triggers' back (a superuser), a rewritten actor no longer matches its
    seal; through them, only erasure may touch an entry at all."""
    admin = await sign_up_admin(client, owner_url)
    person = await sign_up(client)
    changed = await client.patch(
        f"/v1/admin/users/{person.id}", json={"is_pro": True}, headers=admin.headers
    )
    assert changed.status_code == 200
    engine = create_engine(database_target.admin_url)
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            conn.exec_driver_sql("alter table admin_audit_log disable trigger user")
            conn.execute(
                text("update admin_audit_log set actor_id = gen_random_uuid() where actor_id = :a"),
                {"a": admin.id},
            )
            conn.exec_driver_sql("alter table admin_audit_log enable trigger user")
            report = verify_chain(conn)
            assert report.broken is not None
            assert "seal" in report.broken.reason
            transaction.rollback()
        with engine.connect() as conn, conn.begin() as transaction:
            with pytest.raises(DBAPIError, match="append-only"):
                conn.execute(
                    text("update admin_audit_log set actor_id = null where actor_id = :a"),
                    {"a": admin.id},
                )
            transaction.rollback()
    finally:
        engine.dispose()
    assert chain_report(database_target).broken is None

"""Pro status changes only through the admin endpoint, and every change is audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import asyncpg
import httpx
import pytest
from typer.testing import Result

from ironbase.db.setup import DatabaseTarget
from ironbase.db.system import system_transaction
from ironbase.users.administration import grant_admin
from tests.conftest import PASSWORD, run_sql, sign_up, sign_up_admin


async def test_admin_sets_pro_and_the_audit_log_records_it(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    member = await sign_up(client)
    response = await client.patch(
        f"/v1/admin/users/{member.id}",
        headers={**admin.headers, "X-Request-ID": "req-pro-1"},
        json={"is_pro": True},
    )
    assert response.status_code == 200
    assert response.json() == {"id": str(member.id), "is_pro": True}
    assert (await client.get("/v1/me", headers=member.headers)).json()["is_pro"] is True

    log = await client.get(
        "/v1/admin/audit-log",
        headers=admin.headers,
        params={"target_table": "users", "target_id": str(member.id)},
    )
    entries = log.json()["items"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["actor_id"] == str(admin.id)
    assert entry["action"] == "users.set_pro"
    assert entry["before"] == {"is_pro": False}
    assert entry["after"] == {"is_pro": True}
    assert entry["request_id"] == "req-pro-1"
    assert entry["ip"] == "198.51.100.7"


async def test_non_admins_cannot_use_admin_endpoints(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    response = await client.patch(
        f"/v1/admin/users/{user.id}", headers=user.headers, json={"is_pro": True}
    )
    assert response.status_code == 403
    assert (await client.get("/v1/admin/audit-log", headers=user.headers)).status_code == 403
    assert (await client.get("/v1/me", headers=user.headers)).json()["is_pro"] is False


async def test_unknown_user_is_404_and_bad_body_422(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    missing = await client.patch(
        f"/v1/admin/users/{uuid.uuid4()}", headers=admin.headers, json={"is_pro": True}
    )
    bad = await client.patch(
        f"/v1/admin/users/{admin.id}", headers=admin.headers, json={"is_pro": "maybe"}
    )
    not_uuid = await client.patch(
        "/v1/admin/users/abc", headers=admin.headers, json={"is_pro": True}
    )
    assert missing.status_code == 404
    assert bad.status_code == 422
    assert not_uuid.status_code == 422


async def test_audit_log_pages_with_a_cursor(client: httpx.AsyncClient, owner_url: str) -> None:
    admin = await sign_up_admin(client, owner_url)
    member = await sign_up(client)
    for flag in (True, False, True):
        await client.patch(
            f"/v1/admin/users/{member.id}", headers=admin.headers, json={"is_pro": flag}
        )
    params: dict[str, str | int] = {"target_id": str(member.id), "limit": 2}
    first = (await client.get("/v1/admin/audit-log", headers=admin.headers, params=params)).json()
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    second = (
        await client.get(
            "/v1/admin/audit-log",
            headers=admin.headers,
            params={**params, "cursor": first["next_cursor"]},
        )
    ).json()
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None
    assert [e["after"]["is_pro"] for e in first["items"] + second["items"]] == [True, False, True]
    bad = await client.get("/v1/admin/audit-log", headers=admin.headers, params={"cursor": "%%%"})
    assert bad.status_code == 422


async def test_audit_log_is_append_only_even_for_the_superuser(owner_url: str) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(
            "insert into admin_audit_log (action, target_table) "
            "values ('test.append_only', 'users')"
        )
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("update admin_audit_log set action = 'rewritten'")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("delete from admin_audit_log")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("truncate admin_audit_log")
        privileges = await conn.fetchval(
            "select count(*) from information_schema.role_table_grants "
            "where table_name = 'admin_audit_log' "
            "and privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE') "
            "and grantee <> 'ironbase_owner'"
        )
        assert privileges == 0
    finally:
        await conn.close()


async def test_cli_grant_admin_promotes_and_audits(
    client: httpx.AsyncClient, database_target: DatabaseTarget
) -> None:
    user = await sign_up(client)
    with system_transaction(database_target) as conn:
        grant_admin(conn, user.email, None)
    login = await client.post("/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await client.get("/v1/admin/audit-log", headers=headers)).status_code == 200
    rows = run_sql(
        database_target,
        "select action from admin_audit_log where target_id = :id",
        id=str(user.id),
    )
    assert [r[0] for r in rows] == ["users.grant_admin"]


@pytest.fixture
def operator_cli(
    database_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """``ironbase`` commands run in process against the test database, as an operator would."""
    from typer.testing import CliRunner

    from ironbase.cli import app as cli

    monkeypatch.setenv(
        "DATABASE_URL", database_target.admin_url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("IRONBASE_AUTHENTICATOR_PASSWORD", database_target.authenticator_password)
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args))


async def test_cli_create_admin_command(
    client: httpx.AsyncClient, operator_cli: Callable[..., Result]
) -> None:
    user = await sign_up(client)
    promoted = operator_cli("users", "create-admin", user.email.upper())
    assert promoted.exit_code == 0, promoted.output
    unknown = operator_cli("users", "create-admin", "nobody-here@example.com")
    assert unknown.exit_code == 2
    assert "--create" in unknown.output
    login = await client.post("/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert login.json()["access_token"]
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await client.get("/v1/admin/audit-log", headers=headers)).status_code == 200


async def test_cli_revoke_admin_ends_admin_rights_at_once_and_audits(
    client: httpx.AsyncClient,
    database_target: DatabaseTarget,
    operator_cli: Callable[..., Result],
) -> None:
    user = await sign_up(client)
    with system_transaction(database_target) as conn:
        grant_admin(conn, user.email, None)
    login = await client.post("/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await client.get("/v1/admin/audit-log", headers=headers)).status_code == 200

    revoked = operator_cli("users", "revoke-admin", user.email)
    assert revoked.exit_code == 0, revoked.output
    assert "no longer an administrator" in revoked.output
    # The token issued while admin is refused for admin routes from now on.
    refused = await client.get("/v1/admin/audit-log", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Your administrator rights have ended")
    again = operator_cli("users", "revoke-admin", user.email)
    assert again.exit_code == 0
    assert "was not an administrator" in again.output
    unknown = operator_cli("users", "revoke-admin", "nobody-here@example.com")
    assert unknown.exit_code == 2
    rows = run_sql(
        database_target,
        "select action from admin_audit_log where target_id = :id order by chain_seq",
        id=str(user.id),
    )
    assert [r[0] for r in rows] == ["users.grant_admin", "users.revoke_admin"]

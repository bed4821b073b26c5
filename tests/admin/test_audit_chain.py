"""The audit log is a hash chain: `ironbase audit verify` passes on what the API wrote and
names the first entry a superuser changed or removed behind the triggers' back.

Tampering ruins a chain for good, so these tests run on a database of their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from ironbase.app import create_app
from ironbase.db.setup import DatabaseTarget
from tests.conftest import _server_url, client_for, make_settings, sign_up, sign_up_admin
from tests.support import scratch_database


@pytest.fixture(scope="module")
def chain_target(database_target: DatabaseTarget) -> Iterator[DatabaseTarget]:
    password = database_target.authenticator_password
    with scratch_database(_server_url(), password, "ironbase_audit_chain") as target:
        yield target


@pytest.fixture(scope="module")
def chain_owner_url(chain_target: DatabaseTarget) -> str:
    url = make_url(chain_target.admin_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
async def chain_app(
    chain_target: DatabaseTarget, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[FastAPI]:
    application = create_app(make_settings(chain_target, tmp_path_factory.mktemp("chain")))
    async with application.router.lifespan_context(application):
        yield application


def _verify(target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch) -> Result:
    from ironbase.cli import app as cli

    monkeypatch.setenv("DATABASE_URL", target.admin_url.render_as_string(hide_password=False))
    monkeypatch.setenv("IRONBASE_AUTHENTICATOR_PASSWORD", target.authenticator_password)
    return CliRunner().invoke(cli, ["audit", "verify"])


async def _superuser(url: str, *statements: str) -> None:
    """Behind the triggers' back, as only a superuser or the table's owner can."""
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.execute("alter table admin_audit_log disable trigger user")
            for statement in statements:
                await conn.execute(statement)
            await conn.execute("alter table admin_audit_log enable trigger user")
    finally:
        await conn.close()


async def _entry_ids(url: str) -> list[int]:
    conn = await asyncpg.connect(url)
    try:
        return [r["id"] for r in await conn.fetch("select id from admin_audit_log order by id")]
    finally:
        await conn.close()


async def test_the_chain_detects_a_changed_and_a_removed_entry(
    chain_app: FastAPI,
    chain_target: DatabaseTarget,
    chain_owner_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with client_for(chain_app) as http:
        admin, member = await sign_up_admin(http, chain_owner_url), await sign_up(http)

        async def flip(flag: bool) -> httpx.Response:
            path = f"/v1/admin/users/{member.id}"
            return await http.patch(path, headers=admin.headers, json={"is_pro": flag})

        # Concurrent writers must line up in one chain, not fork it.
        responses = await asyncio.gather(*(flip(i % 2 == 0) for i in range(12)))
    assert {r.status_code for r in responses} == {200}
    intact = _verify(chain_target, monkeypatch)
    assert intact.exit_code == 0, intact.output
    assert "12 entries" in intact.output

    ids = await _entry_ids(chain_owner_url)
    changed, removed = ids[4], ids[7]
    # A value the API never writes: the forgery must differ from whatever the entry held
    # (the concurrent flips above leave some entries at true -> true).
    forged = "'{\"is_pro\": null}'"
    original = await _before_and_after(chain_owner_url, changed)
    await _superuser(
        chain_owner_url,
        f"update admin_audit_log set before = {forged}, after = {forged} where id = {changed}",
    )
    tampered = _verify(chain_target, monkeypatch)
    assert tampered.exit_code == 1
    assert f"broken at entry {changed} " in tampered.output

    # Put back exactly what was there: the chain holds again (the hash is deterministic).
    await _superuser(
        chain_owner_url,
        f"update admin_audit_log set before = '{original[0]}', after = '{original[1]}' "
        f"where id = {changed}",
    )
    assert _verify(chain_target, monkeypatch).exit_code == 0

    await _superuser(chain_owner_url, f"delete from admin_audit_log where id = {removed}")
    gone = _verify(chain_target, monkeypatch)
    assert gone.exit_code == 1
    assert f"broken at entry {ids[8]} " in gone.output
    assert "missing" in gone.output


async def _before_and_after(url: str, entry_id: int) -> tuple[str, str]:
    conn = await asyncpg.connect(url)
    try:
        row = await conn.fetchrow(
            "select before::text, after::text from admin_audit_log where id = $1", entry_id
        )
    finally:
        await conn.close()
    return row[0], row[1]


async def test_the_database_writes_the_chain_fields_whatever_the_writer_sends(
    chain_app: FastAPI, chain_owner_url: str
) -> None:
    conn = await asyncpg.connect(chain_owner_url)
    try:
        row = await conn.fetchrow(
            "insert into admin_audit_log (action, target_table, chain_seq, entry_hash) "
            "values ('test.forged', 'users', 1, 'forged') returning chain_seq, entry_hash"
        )
        top = await conn.fetchval("select max(chain_seq) from admin_audit_log")
    finally:
        await conn.close()
    assert row["chain_seq"] == top
    assert row["chain_seq"] > 1
    assert bytes(row["entry_hash"]) != b"forged"
    assert len(row["entry_hash"]) == 32

"""The pool scrubs connections; the API refuses to serve with a privileged login."""

from __future__ import annotations

import uuid
from pathlib import Path

import asyncpg
import pytest

from ironbase.app import UnsafeConfiguration, create_app
from ironbase.config import Environment
from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import async_url
from tests.conftest import make_settings


async def test_api_refuses_a_superuser_login(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    privileged = async_url(database_target.admin_url).render_as_string(hide_password=False)
    settings = make_settings(database_target, tmp_path, api_database_url=privileged)
    app = create_app(settings)
    with pytest.raises(UnsafeConfiguration, match="refusing to serve"):
        async with app.router.lifespan_context(app):
            pass


def test_production_refuses_missing_or_short_jwt_secret(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    with pytest.raises(UnsafeConfiguration, match="must be set"):
        create_app(
            make_settings(
                database_target, tmp_path, environment=Environment.production, jwt_secret=None
            )
        )
    with pytest.raises(UnsafeConfiguration, match="at least"):
        create_app(
            make_settings(
                database_target, tmp_path, environment=Environment.production, jwt_secret="short"
            )
        )


def test_development_generates_and_keeps_a_jwt_secret(
    database_target: DatabaseTarget, tmp_path: Path
) -> None:
    create_app(
        make_settings(
            database_target, tmp_path, environment=Environment.development, jwt_secret=None
        )
    )
    secret_file = tmp_path / "secrets" / "jwt_secret"
    first = secret_file.read_text()
    create_app(
        make_settings(
            database_target, tmp_path, environment=Environment.development, jwt_secret=None
        )
    )
    assert secret_file.read_text() == first
    assert len(first) >= 32
    assert secret_file.stat().st_mode & 0o077 == 0


# Each way a login could step around RLS: (grants to the probe login, its own attributes).
UNSAFE_LOGINS = {
    "member of service_role": ("service_role", ""),
    "member of the owner": ("ironbase_owner", ""),
    "member of a BYPASSRLS role": ("{probe}_bypass", ""),
    "CREATEROLE": ("", "createrole"),
    "BYPASSRLS itself": ("", "bypassrls"),
}


@pytest.mark.parametrize("case", sorted(UNSAFE_LOGINS))
async def test_api_refuses_a_login_that_can_reach_a_privileged_role(
    database_target: DatabaseTarget, owner_url: str, tmp_path: Path, case: str
) -> None:
    """A throwaway login (roles are cluster-wide: never touch `authenticator` in a test)."""
    probe = f"probe_{uuid.uuid4().hex[:10]}"
    granted, attributes = UNSAFE_LOGINS[case]
    granted = granted.format(probe=probe)
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(f"create role {probe}_bypass nologin bypassrls")
        await conn.execute(f"create role {probe} login noinherit {attributes}")
        if granted:
            await conn.execute(f"grant {granted} to {probe}")
        url = async_url(database_target.admin_url).set(username=probe, password="unused")
        settings = make_settings(
            database_target, tmp_path, api_database_url=url.render_as_string(hide_password=False)
        )
        app = create_app(settings)
        with pytest.raises(UnsafeConfiguration, match="refusing to serve"):
            async with app.router.lifespan_context(app):
                pass
    finally:
        await conn.execute(f"drop role if exists {probe}")
        await conn.execute(f"drop role if exists {probe}_bypass")
        await conn.close()

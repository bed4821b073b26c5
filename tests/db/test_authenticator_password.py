"""Setup sets the cluster-wide `authenticator` password only when it creates the role, so a
second installation on the same cluster cannot lock the first one out; when the password an
installation holds is refused, it says what to do.

Needs password authentication, so it runs on a throwaway embedded cluster whose pg_hba asks
`authenticator` for a SCRAM password (every other login keeps trust).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from ironbase.db.setup import (
    AuthenticatorLoginFailed,
    DatabaseTarget,
    check_authenticator_login,
    prepare,
)
from ironbase.db.urls import sync_url

FIRST, SECOND = "first-installation-password", "second-installation-password"


@pytest.fixture(scope="module")
def password_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[URL]:
    import pgserver

    pgdata = tmp_path_factory.mktemp("pw") / "pg"
    server = pgserver.get_server(pgdata, cleanup_mode="delete")  # type: ignore[attr-defined]
    try:
        hba = pgdata / "pg_hba.conf"
        hba.write_text("local all authenticator scram-sha-256\n" + hba.read_text())
        admin = sync_url(server.get_uri())
        engine = create_engine(admin)
        with engine.begin() as conn:
            conn.execute(text("select pg_reload_conf()"))
        engine.dispose()
        yield admin
    finally:
        server.cleanup()


def _logs_in(target: DatabaseTarget) -> bool:
    try:
        check_authenticator_login(target)
    except AuthenticatorLoginFailed:
        return False
    return True


def _cli(monkeypatch: pytest.MonkeyPatch, admin: URL, password: str, *args: str) -> None:
    from ironbase.cli import main

    monkeypatch.setenv("DATABASE_URL", admin.render_as_string(hide_password=False))
    monkeypatch.setenv("IRONBASE_AUTHENTICATOR_PASSWORD", password)
    monkeypatch.setattr(sys, "argv", ["ironbase", *args])
    main()


@pytest.mark.embedded
def test_a_second_installation_does_not_reset_the_password(
    password_cluster: URL,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("IRONBASE_DATA_DIR", str(tmp_path))
    first = DatabaseTarget(password_cluster, FIRST)
    second = DatabaseTarget(password_cluster, SECOND)
    prepare(first)  # creates the role, with the first installation's password
    assert _logs_in(first)

    with pytest.raises(AuthenticatorLoginFailed, match="set-authenticator-password"):
        prepare(second)
    assert _logs_in(first), "the second installation locked the first one out"
    assert not _logs_in(second)

    # From the command line: advice on stderr and exit status 1, not a traceback.
    with pytest.raises(SystemExit) as exit_info:
        _cli(monkeypatch, password_cluster, SECOND, "db", "upgrade")
    assert exit_info.value.code == 1
    assert "IRONBASE_AUTHENTICATOR_PASSWORD" in capsys.readouterr().err

    # Taking the role over is an explicit act.
    with pytest.raises(SystemExit) as exit_info:
        _cli(monkeypatch, password_cluster, SECOND, "db", "set-authenticator-password")
    assert exit_info.value.code in (0, None)
    assert _logs_in(second)
    assert not _logs_in(first)
    prepare(second)

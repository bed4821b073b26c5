"""`ironbase serve` as a newcomer runs it (no DATABASE_URL): a short human summary, and no
PostgreSQL of ours left behind after Ctrl-C or SIGTERM unless asked (--keep-db)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import free_port

pytestmark = [
    pytest.mark.embedded,
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc"),
]


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    """One data folder for the module: the cluster is created once, started by each test.

    Not under pytest's basetemp: run as root, PostgreSQL runs as pgserver's own user, and a
    concurrent pytest run resets /tmp/pytest-of-root to 0700 under its feet."""
    folder = Path(tempfile.mkdtemp(prefix="ironbase-serve-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _environment(data_dir: Path) -> dict[str, str]:
    unset = {"DATABASE_URL", "IRONBASE_DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        IRONBASE_DATA_DIR=str(data_dir),
        IRONBASE_ENVIRONMENT="development",
        IRONBASE_SEED_ON_START="false",
        IRONBASE_LOG_LEVEL="INFO",
    )
    env.pop("IRONBASE_LOG_FORMAT", None)
    env.pop("IRONBASE_AUTHENTICATOR_PASSWORD", None)
    return env


def _ironbase(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ironbase.cli", *args]
    return subprocess.run(  # noqa: S603
        command, env=_environment(data_dir), capture_output=True, text=True, timeout=120
    )


def _our_postgres(pgdata: Path) -> list[int]:
    """Live processes whose command line names this data folder (the postmaster has -D)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone meanwhile
            continue
        if str(pgdata) in cmdline and "postgres" in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not collected it yet


def _serve_then_signal(data_dir: Path, signum: int, *extra: str) -> tuple[int, str, int]:
    """Start `ironbase serve`, wait for /health, send ``signum``; return the exit code, the
    console output and the embedded postmaster's pid."""
    port = free_port()
    log = data_dir / f"serve-{signum}.out"
    command = [sys.executable, "-m", "ironbase.cli", "serve", "--port", str(port), *extra]
    with log.open("w") as sink:
        process = subprocess.Popen(  # noqa: S603
            command, env=_environment(data_dir), stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", process, log)
        postmaster = _postmaster_pid(data_dir.resolve() / "postgres")
        process.send_signal(signum)
        code = process.wait(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return code, log.read_text(), postmaster


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"serve did not answer /health:\n{log.read_text()[-3000:]}")


def _json_lines(output: str) -> list[str]:
    found = []
    for line in output.splitlines():
        try:
            if isinstance(json.loads(line), dict):
                found.append(line)
        except ValueError:
            continue
    return found


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_stops_the_embedded_server_it_started(data_dir: Path, signum: int) -> None:
    pgdata = data_dir.resolve() / "postgres"
    code, output, postmaster = _serve_then_signal(data_dir, signum)
    assert code == 0, output
    assert not _alive(postmaster), f"postgres {postmaster} outlived serve:\n{output}"
    assert _our_postgres(pgdata) == []
    assert not (pgdata / "postmaster.pid").exists()
    # The start is a short summary for people, not the embedded server's log as JSON.
    assert _json_lines(output) == []
    port_line = next(line for line in output.splitlines() if line.strip().startswith("API"))
    base = port_line.split()[-1]
    assert f"{base}/docs" in output
    assert str(data_dir.resolve()) in output
    assert "Ctrl-C" in output
    assert "embedded PostgreSQL stopped" in output
    assert "Running commandline" not in output
    # pgserver's own lines went to its log file instead.
    assert "Running commandline" in (data_dir / "pgserver.log").read_text()


def test_keep_db_leaves_it_running_and_db_stop_stops_it(data_dir: Path) -> None:
    pgdata = data_dir.resolve() / "postgres"
    code, output, postmaster = _serve_then_signal(data_dir, signal.SIGINT, "--keep-db")
    try:
        assert code == 0, output
        assert _alive(postmaster), f"--keep-db stopped postgres:\n{output}"
        status = _ironbase(data_dir, "db", "status")
        assert status.returncode == 0, status.stderr
        assert f"pid {postmaster}" in status.stdout
        assert str(pgdata) in status.stdout
        stop = _ironbase(data_dir, "db", "stop")
        assert stop.returncode == 0, stop.stderr
        assert f"stopped (pid {postmaster})" in stop.stdout
        assert not _alive(postmaster)
        assert _our_postgres(pgdata) == []
    finally:
        if _alive(postmaster):
            os.kill(postmaster, signal.SIGQUIT)
    after = _ironbase(data_dir, "db", "status")
    assert after.returncode == 3
    assert "no embedded PostgreSQL running" in after.stdout
    again = _ironbase(data_dir, "db", "stop")
    assert again.returncode == 0
    assert "no embedded PostgreSQL running" in again.stdout


def test_a_failed_start_shows_the_servers_log(tmp_path: Path) -> None:
    """A broken cluster: the command says why, with the end of PostgreSQL's own log."""
    pgdata = tmp_path / "postgres"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("15\n")  # looks initialised, is not
    result = _ironbase(tmp_path, "db", "upgrade")
    assert result.returncode == 1
    assert "could not start the embedded PostgreSQL" in result.stderr
    assert "(last lines)" in result.stderr
    assert _our_postgres(pgdata.resolve()) == []

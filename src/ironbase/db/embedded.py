"""An embedded PostgreSQL (pgserver) for laptops and tests: used when no DATABASE_URL is given.

Lifetime: the processes using a server are listed in pgserver's handle file. A server that an
ironbase process started is *managed* (a marker file in its folder): the last ironbase process
to let go of it stops it. A server asked to stay (``serve --keep-db``), or found running with
nobody holding it, is left alone; ``ironbase db stop`` stops it.

pgserver's own log lines (the commands it runs, what it finds) go to ``<data dir>/pgserver.log``
and PostgreSQL's to ``<data dir>/postgres/log``; neither reaches the console unless asked.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_MANAGED_MARKER = ".ironbase-managed"
_HANDLES = ".handle_pids.json"  # pgserver's list of the processes holding a handle
_STOP_TIMEOUT_SECONDS = 60
_TAIL_LINES = 40

_servers: dict[Path, Any] = {}
_log_files: set[Path] = set()
_shown = {"verbose": False, "exit_hook": False}


class EmbeddedServerError(RuntimeError):
    """The embedded server could not start or stop; the message ends with its log's tail."""


class EmbeddedServerInUse(RuntimeError):
    """Other processes still use the server (their ids are in ``pids``)."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(f"in use by process(es) {', '.join(map(str, pids))}")
        self.pids = pids


@dataclass(frozen=True)
class EmbeddedServer:
    pgdata: Path
    url: str
    started: bool  # this process started it (it was not running before)
    managed: bool  # stopped when the last ironbase process using it exits


@dataclass(frozen=True)
class EmbeddedStatus:
    pgdata: Path
    pid: int
    socket_dir: Path | None
    url: str
    log_file: Path
    holders: list[int]
    managed: bool


def pgdata_of(data_dir: Path) -> Path:
    return (data_dir / "postgres").resolve()


def log_file_of(data_dir: Path) -> Path:
    """PostgreSQL's own log (pgserver starts it with ``pg_ctl -l <pgdata>/log``)."""
    return pgdata_of(data_dir) / "log"


def pgserver_log_of(data_dir: Path) -> Path:
    return pgdata_of(data_dir).parent / "pgserver.log"


def show_logs(verbose: bool) -> None:
    """Also send pgserver's lines to the console (``--verbose``)."""
    _shown["verbose"] = verbose
    logging.getLogger("pgserver").propagate = verbose


def route_pgserver_logs(data_dir: Path) -> None:
    """pgserver logs every command line at INFO: keep those in a file, on the console only
    when asked. (Not inside pgdata: when run as root PostgreSQL owns that folder.)"""
    logger = logging.getLogger("pgserver")
    logger.setLevel(logging.INFO)
    logger.propagate = _shown["verbose"]
    path = pgserver_log_of(data_dir)
    if path not in _log_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        _log_files.add(path)


def attach(data_dir: Path, *, keep: bool = False) -> EmbeddedServer:
    """Start (or reuse) the server whose cluster lives in ``data_dir/postgres``.

    ``keep``: leave it running when this process exits (and stop managing it).
    """
    pgserver = _pgserver()
    pgdata = pgdata_of(data_dir)
    pgdata.mkdir(parents=True, exist_ok=True)
    route_pgserver_logs(data_dir)
    server = _servers.get(pgdata)
    started = False
    if server is None:
        was_running = _postmaster(pgdata) is not None
        try:
            server = pgserver.get_server(pgdata, cleanup_mode=None)
        except Exception as exc:
            raise EmbeddedServerError(_failure("could not start", data_dir)) from exc
        _servers[pgdata] = server
        # We let go ourselves (release): pgserver's exit hook would only repeat it.
        atexit.unregister(server._cleanup)
        if not _shown["exit_hook"]:
            atexit.register(release_all)
            _shown["exit_hook"] = True
        started = not was_running
    marker = pgdata / _MANAGED_MARKER
    if keep:
        marker.unlink(missing_ok=True)
    elif started:
        marker.touch()
    return EmbeddedServer(pgdata, str(server.get_uri()), started, marker.exists())


def embedded_database_url(data_dir: Path) -> str:
    """The URL of the embedded server in ``data_dir``, starting it if needed."""
    return attach(data_dir).url


def release(data_dir: Path) -> bool:
    """Let go of the server this process attached to; stop it if it is managed and no other
    process holds it. Returns whether it was stopped. Safe to call more than once."""
    pgdata = pgdata_of(data_dir)
    server = _servers.pop(pgdata, None)
    if server is None:
        return False
    _forget(server)
    with _lock():
        holders = _prune_holders(pgdata, leaving=os.getpid())
        if holders or not (pgdata / _MANAGED_MARKER).exists():
            return False
        _stop(data_dir)
    return True


def release_all() -> None:
    """Let go of every server this process holds (at exit, whatever command ran)."""
    for pgdata in list(_servers):
        try:
            release(pgdata.parent)
        except EmbeddedServerError as exc:
            log.error("%s", exc)


def status(data_dir: Path) -> EmbeddedStatus | None:
    """The running embedded server in ``data_dir``, or None. Never starts one."""
    pgdata = pgdata_of(data_dir)
    info = _postmaster(pgdata)
    if info is None:
        return None
    return EmbeddedStatus(
        pgdata=pgdata,
        pid=info.pid,
        socket_dir=info.socket_dir,
        url=str(info.get_uri()),
        log_file=log_file_of(data_dir),
        holders=[pid for pid in _live(_read_holders(pgdata)) if pid != os.getpid()],
        managed=(pgdata / _MANAGED_MARKER).exists(),
    )


def stop(data_dir: Path, *, force: bool = False) -> int | None:
    """Stop the embedded server in ``data_dir``; returns its pid, or None if none ran.

    Refuses (EmbeddedServerInUse) while other processes use it, unless ``force``.
    """
    pgdata = pgdata_of(data_dir)
    server = _servers.pop(pgdata, None)
    if server is not None:
        _forget(server)
    route_pgserver_logs(data_dir)
    with _lock():
        info = _postmaster(pgdata)
        if info is None:
            return None
        others = [pid for pid in _live(_read_holders(pgdata)) if pid != os.getpid()]
        if others and not force:
            raise EmbeddedServerInUse(others)
        _stop(data_dir)
        return int(info.pid)


def _stop(data_dir: Path) -> None:
    """Signal the postmaster (fast shutdown: sessions are cut, data is safe) and wait until
    it has gone, then forget the handles. A signal rather than ``pg_ctl stop``: as root,
    pg_ctl must run as pgserver's system user, which may no longer reach the folder."""
    pgdata = pgdata_of(data_dir)
    info = _postmaster(pgdata)
    if info is not None:
        pid = int(info.pid)
        os.kill(pid, signal.SIGINT)
        if not _wait_gone(pgdata, pid, _STOP_TIMEOUT_SECONDS):
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown: the next start recovers
            if not _wait_gone(pgdata, pid, 10):
                raise EmbeddedServerError(_failure("could not stop", data_dir))
    (pgdata / _HANDLES).unlink(missing_ok=True)
    (pgdata / _MANAGED_MARKER).unlink(missing_ok=True)


def _wait_gone(pgdata: Path, pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _process_alive(pid) and not (pgdata / "postmaster.pid").exists():
            return True
        time.sleep(0.1)
    return not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    """True while ``pid`` runs; an exited process nobody has reaped yet (zombie) is not."""
    if not Path("/proc").is_dir():  # not Linux: ask the kernel
        return bool(_live([pid]))
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _pgserver() -> Any:
    """Imported lazily (only this path needs it), without platformdirs' warning about a
    missing XDG_RUNTIME_DIR (pgserver then uses /tmp/runtime-<uid>, which is fine)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        import pgserver

    return pgserver


def _forget(server: Any) -> None:
    """Drop pgserver's in-process handle, so a later attach in this process starts afresh."""
    _pgserver().PostgresServer._instances.pop(server.pgdata, None)


def _lock() -> Any:
    return _pgserver().PostgresServer._lock


def _postmaster(pgdata: Path) -> Any:
    """pgserver's reading of ``postmaster.pid`` if that server runs, else None."""
    _pgserver()
    from pgserver.utils import PostmasterInfo

    for _ in range(20):
        try:
            info = PostmasterInfo.read_from_pgdata(pgdata)
        except (AssertionError, ValueError):  # the file is being written: read it again
            time.sleep(0.1)
            continue
        return info if info is not None and info.is_running() else None
    return None


def _read_holders(pgdata: Path) -> list[int]:
    try:
        values = json.loads((pgdata / _HANDLES).read_text())
    except (FileNotFoundError, ValueError):
        return []
    return [int(v) for v in values]


def _live(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        except PermissionError:  # alive, owned by someone else
            pass
        alive.append(pid)
    return alive


def _prune_holders(pgdata: Path, *, leaving: int) -> list[int]:
    """Remove ``leaving`` and processes that died without letting go (killed); return the rest."""
    holders = [pid for pid in _live(_read_holders(pgdata)) if pid != leaving]
    if (pgdata / _HANDLES).exists():
        (pgdata / _HANDLES).write_text(json.dumps(holders))
    return holders


def _failure(what: str, data_dir: Path) -> str:
    return (
        f"{what} the embedded PostgreSQL in {pgdata_of(data_dir)}\n"
        f"--- {log_file_of(data_dir)} (last lines) ---\n{_tail(log_file_of(data_dir))}\n"
        f"--- {pgserver_log_of(data_dir)} (last lines) ---\n{_tail(pgserver_log_of(data_dir))}"
    )


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-_TAIL_LINES:])

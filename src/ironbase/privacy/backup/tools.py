"""Finding pg_dump and pg_restore, and handing them the operator's connection.

A client older than the server cannot dump it: the first of the system's tools (on PATH)
and the embedded server's bundled ones whose major version is at least the server's is used.
The password travels in the environment (``PGPASSWORD``), never on a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL


class ToolMissing(RuntimeError):
    """No pg_dump/pg_restore fit for this server."""


@dataclass(frozen=True, slots=True)
class Tool:
    path: Path
    major: int


def _bundled_bin() -> Path | None:
    try:
        from pgserver import _commands
    except ImportError:  # pragma: no cover (a dependency; absent only in a stripped install)
        return None
    path = Path(_commands.POSTGRES_BIN_PATH)
    return path if path.is_dir() else None


def _major_version(executable: Path) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 (a tool found on PATH or in the bundle)
            [str(executable), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except OSError:
        return None
    found = re.search(r"\)\s+(\d+)", out)
    return int(found.group(1)) if found else None


def find_tool(name: str, at_least: int) -> Tool:
    """``pg_dump`` or ``pg_restore`` of major version ``at_least`` or newer (the server's, and
    for pg_restore also the pg_dump's that wrote the archive: older ones cannot read it)."""
    candidates: list[Path] = []
    if on_path := shutil.which(name):
        candidates.append(Path(on_path))
    if bundled := _bundled_bin():
        candidates.append(bundled / name)
    seen = []
    for candidate in candidates:
        major = _major_version(candidate) if candidate.exists() else None
        seen.append(f"{candidate} ({major or 'not runnable'})")
        if major is not None and major >= at_least:
            return Tool(candidate, major)
    raise ToolMissing(
        f"no {name} of PostgreSQL {at_least} or newer was found (tried: "
        f"{', '.join(seen) or 'none'}): install the PostgreSQL {at_least} client tools"
    )


def server_major(version_num: int) -> int:
    return version_num // 10000


def libpq_arguments(url: URL) -> tuple[str, dict[str, str]]:
    """The connection string (without the password) and the environment for a libpq tool."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env

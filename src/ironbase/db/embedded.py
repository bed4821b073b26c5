"""An embedded PostgreSQL (pgserver) for laptops and tests: used when no DATABASE_URL is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_servers: dict[Path, Any] = {}


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the server whose cluster lives in ``data_dir/postgres``; return its URL.

    The server keeps running after this process exits so the next start is instant; pgserver
    shares one server between processes that name the same folder.
    """
    import pgserver  # imported lazily: it is only needed on this path

    pgdata = (data_dir / "postgres").resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    server = _servers.get(pgdata)
    if server is None:
        server = pgserver.get_server(pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
        _servers[pgdata] = server
    uri: str = server.get_uri()
    return uri

"""`ironbase serve --workers N`: N worker processes share the port."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from ironbase.db.setup import DatabaseTarget
from tests.conftest import PASSWORD, TEST_JWT_SECRET
from tests.support import served_api

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
        found[int(entry.name)] = (parent, command)
    return found


def _workers_of_server_on(port: int) -> int:
    table = _processes()
    servers = [pid for pid, (_, cmd) in table.items() if f"serve --port {port} " in cmd + " "]
    assert len(servers) == 1, servers
    return sum(1 for parent, _ in table.values() if parent == servers[0])


async def test_two_workers_serve_the_api(database_target: DatabaseTarget, tmp_path: Path) -> None:
    with served_api(database_target, TEST_JWT_SECRET, tmp_path, "--workers", "2") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            email = f"workers-{uuid.uuid4().hex[:8]}@example.com"
            signup = await http.post("/v1/auth/signup", json={"email": email, "password": PASSWORD})
            assert signup.status_code == 201, signup.text
            headers = {"Authorization": f"Bearer {signup.json()['access_token']}"}
            for _ in range(20):
                assert (await http.get("/v1/me", headers=headers)).json()["email"] == email
        workers = _workers_of_server_on(int(base.rsplit(":", 1)[1]))
    assert workers >= 2  # the two workers (uvicorn may add a helper process)

"""The path a newcomer takes: no DATABASE_URL, an embedded PostgreSQL in the data folder."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ironbase.app import create_app
from ironbase.config import Environment, Settings
from ironbase.db import embedded
from ironbase.db.setup import prepare, resolve_target


@pytest.mark.embedded
async def test_embedded_server_is_prepared_and_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings(
        environment=Environment.development,
        data_dir=tmp_path,
        database_url=None,
        seed_on_start=False,
    )
    try:
        target = resolve_target(settings)
        assert (tmp_path / "postgres").is_dir()
        prepare(target)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://embedded") as http:
                ready = await http.get("/ready")
                signup = await http.post(
                    "/v1/auth/signup",
                    json={"email": "embedded@example.com", "password": "Embedded-1"},
                )
    finally:
        stopped = embedded.release(tmp_path)
    assert ready.status_code == 200
    assert signup.status_code == 201
    # This test started the server, so letting go of it stops it.
    assert stopped
    assert embedded.status(tmp_path) is None

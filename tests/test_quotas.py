"""Per-person quotas on gyms added and private exercises kept: refused with 409 once
reached, also when the creations arrive in parallel (counted under a per-person lock)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from ironbase.app import create_app
from ironbase.db.setup import DatabaseTarget
from tests.conftest import client_for, make_settings, sign_up

QUOTA = 3
PARALLEL = 8


@pytest.fixture
async def quota_app(database_target: DatabaseTarget, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = make_settings(
        database_target,
        tmp_path,
        max_gyms_created_per_user=QUOTA,
        max_private_exercises_per_user=QUOTA,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def _exercise(index: int) -> dict[str, object]:
    return {
        "name": f"Quota Carry {index}",
        "primary_muscle": "upper_back",
        "movement_pattern": "carry",
        "load_type": "barbell",
    }


def _gym(index: int) -> dict[str, object]:
    return {"name": f"Quota Gym {index} {uuid.uuid4().hex[:6]}", "time_zone": "Europe/Madrid"}


@pytest.mark.usefixtures("seeded_catalog")
@pytest.mark.parametrize(("path", "body"), [("/v1/gyms", _gym), ("/v1/exercises", _exercise)])
async def test_parallel_creations_stop_at_the_quota(
    quota_app: FastAPI, path: str, body: object
) -> None:
    assert callable(body)
    async with client_for(quota_app) as http:
        user, other = await sign_up(http), await sign_up(http)
        answers = await asyncio.gather(
            *(http.post(path, headers=user.headers, json=body(i)) for i in range(PARALLEL))
        )
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201] * QUOTA + [409] * (PARALLEL - QUOTA)
        refused = next(a for a in answers if a.status_code == 409)
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"].endswith("/quota-exceeded")
        # The quota is per person: someone else still creates.
        assert (await http.post(path, headers=other.headers, json=body(99))).status_code == 201


def test_default_quotas_are_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "`IRONBASE_MAX_GYMS_CREATED_PER_USER`" in readme
    assert "`IRONBASE_MAX_PRIVATE_EXERCISES_PER_USER`" in readme

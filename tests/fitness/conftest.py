"""Fixtures of the fitness tests: a settable clock and people in chosen time zones."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up

PROBLEM = "application/problem+json"


class Clock:
    """What ``ironbase.kit.time.utcnow`` answers while a test runs."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)

    def set(self, at: dt.datetime) -> None:
        self.now = at

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("ironbase.kit.time.utcnow", fake)
    return fake


async def person_in(client: httpx.AsyncClient, time_zone: str) -> SignedUpUser:
    user = await sign_up(client)
    response = await client.patch("/v1/me", headers=user.headers, json={"time_zone": time_zone})
    assert response.status_code == 200, response.text
    return user


def hooper(total: int) -> dict[str, int]:
    """Four items summing to ``total`` (4-28), spread as evenly as they go."""
    base, extra = divmod(total, 4)
    items = [base + (1 if i < extra else 0) for i in range(4)]
    return dict(zip(("sleep", "fatigue", "stress", "soreness"), items, strict=True))

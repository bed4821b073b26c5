"""Fixtures of the training tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest


@pytest.fixture
async def owner(owner_url: str) -> AsyncIterator[asyncpg.Connection]:
    """The privileged connection, for making rows (never what a request uses)."""
    conn = await asyncpg.connect(owner_url)
    try:
        yield conn
    finally:
        await conn.close()

"""Shared bench plumbing: a scratch database, a served API, statistics."""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ironbase.db.setup import DatabaseTarget
from ironbase.db.urls import sync_url
from tests.support import scratch_database as scratch
from tests.support import served_api as serve

SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
JWT_SECRET = "bench-secret-" + "z" * 40
AUTHENTICATOR_PASSWORD = "ironbase-bench-authenticator"  # noqa: S105 (a scratch database)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextmanager
def scratch_database() -> Iterator[DatabaseTarget]:
    with scratch(sync_url(SERVER_URL), AUTHENTICATOR_PASSWORD, "ironbase_bench") as target:
        yield target


@contextmanager
def served_api(target: DatabaseTarget) -> Iterator[str]:
    data_dir = Path(tempfile.mkdtemp(prefix="ironbase-bench-"))
    with serve(target, JWT_SECRET, data_dir, IRONBASE_SIGNUPS_PER_WINDOW="100000") as base:
        yield base

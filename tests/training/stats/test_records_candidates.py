"""``GET /v1/records`` folds only the sets that can hold a record (the repository's
candidates); these random histories check it answers exactly what folding every set of
the history does (``records.compute_records``, the reference), ties and all."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.training.science import records, volume
from tests.conftest import sign_up
from tests.training.stats.test_stats_api import kg

pytestmark = pytest.mark.usefixtures("seeded_catalog")

START = dt.datetime(2026, 1, 5, 17, tzinfo=dt.UTC)
# Few distinct values, so equal loads, reps, efforts, moments and session volumes are
# common: the tie rules are what a wrong reduction gets wrong.
LOADS = (0, 20_000, 40_000, 60_000, 60_000, 80_000, 100_000)
REPS = (None, 0, 1, 2, 3, 5, 5, 8, 10, 12, 15)
RPES = (None, None, None, Decimal(5), Decimal(6), Decimal("7.5"), Decimal(8), Decimal(10))
RIRS = (None, None, None, 0, 1, 4, 5, 10)
SET_TYPES = ("normal", "normal", "normal", "warmup", "drop", "failure", "amrap")

_SET = """
    insert into public.workout_sets
      (user_id, id, workout_exercise_id, position, set_type, weight_g, unit, reps, rpe, rir,
       completed_at, planned)
    values ($1, $2, $3, $4, $5, $6, 'kg', $7, $8, $9, $10, $11)
"""


async def _random_history(
    owner: asyncpg.Connection, user_id: uuid.UUID, exercise_ids: list[uuid.UUID], seed: int
) -> list[volume.LoggedSet]:
    """Writes a random history and returns its lifted sets as the reference reads them."""
    rng = random.Random(seed)
    logged: list[volume.LoggedSet] = []
    for day in range(rng.randint(8, 25)):
        started = START + dt.timedelta(days=day)
        workout_id = uuid.uuid4()
        await owner.execute(
            "insert into public.workouts (user_id, id, started_at) values ($1, $2, $3)",
            user_id,
            workout_id,
            started,
        )
        for position, exercise_id in enumerate(rng.sample(exercise_ids, rng.randint(1, 3))):
            we_id = uuid.uuid4()
            await owner.execute(
                "insert into public.workout_exercises (user_id, id, workout_id, exercise_id,"
                " position) values ($1, $2, $3, $4, $5)",
                user_id,
                we_id,
                workout_id,
                exercise_id,
                position,
            )
            rows = []
            for set_position in range(rng.randint(1, 8)):
                set_id = uuid.uuid4()
                # None: imported, the workout's start stands for it; equal moments happen.
                completed = rng.choice((None, started + dt.timedelta(minutes=rng.randint(0, 3))))
                set_type, weight, reps = rng.choice(SET_TYPES), rng.choice(LOADS), rng.choice(REPS)
                rpe, rir, planned = rng.choice(RPES), rng.choice(RIRS), rng.random() < 0.1
                rows.append(
                    (user_id, set_id, we_id, set_position, set_type, weight, reps, rpe, rir,
                     completed, planned)
                )  # fmt: skip
                if not planned:
                    logged.append(
                        volume.LoggedSet(
                            set_id=set_id,
                            workout_id=workout_id,
                            exercise_id=exercise_id,
                            primary_muscles=(),
                            secondary_muscles=(),
                            set_type=volume.SetType(set_type),
                            weight_g=weight,
                            reps=reps,
                            completed_at=completed or started,
                            rpe=rpe,
                            rir=None if rir is None else Decimal(rir),
                        )
                    )
            await owner.executemany(_SET, rows)
    return logged


def _record_sets(history: list[volume.LoggedSet]) -> list[volume.LoggedSet]:
    """What the whole-history statement read: working sets with at least one rep (an
    exercise with none of them has no records item at all)."""
    return [s for s in history if volume.is_working_set(s) and s.reps]


def _expected(r: records.Record | None, value: int | float) -> Any:
    if r is None:
        return None
    return (value, str(r.set_id), str(r.workout_id), r.achieved_at)


def _got(item: dict[str, Any] | None) -> Any:
    if item is None:
        return None
    achieved = dt.datetime.fromisoformat(item["achieved_at"])
    return (item["value"], item["set_id"], item["workout_id"], achieved)


def _reference(rec: records.ExerciseRecords) -> dict[str, Any]:
    best = rec.best_e1rm
    session = rec.best_session_volume
    heaviest = rec.heaviest_load
    return {
        "heaviest_load": _expected(heaviest, kg(heaviest.value) if heaviest else 0),
        "best_e1rm": _expected(best, kg(best.value) if best else 0),
        "formula": best and str(best.formula),
        "most_reps": [
            (kg(load), _expected(r, int(r.value))) for load, r in sorted(rec.most_reps.items())
        ],
        "best_session_volume": _expected(session, kg(session.value) if session else 0),
    }


def _answered(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "heaviest_load": _got(item["heaviest_load"]),
        "best_e1rm": _got(item["best_e1rm"]),
        "formula": item["best_e1rm"] and item["best_e1rm"]["formula"],
        "most_reps": [(r["weight"], _got(r)) for r in item["most_reps"]],
        "best_session_volume": _got(item["best_session_volume"]),
    }


@pytest.mark.parametrize("seed", range(12))
async def test_records_equal_the_fold_over_the_whole_history(
    owner: asyncpg.Connection, client: httpx.AsyncClient, seed: int
) -> None:
    exercise_ids = [
        row["id"]
        for row in await owner.fetch(
            "select id from public.exercises where user_id is null order by slug limit 3"
        )
    ]
    me = await sign_up(client)
    history = await _random_history(owner, me.id, exercise_ids, seed)
    response = await client.get("/v1/records", headers=me.headers)
    assert response.status_code == 200, response.text
    answered = {item["exercise_id"]: _answered(item) for item in response.json()["items"]}
    reference = {
        str(exercise_id): _reference(rec)
        for exercise_id, rec in records.compute_records(_record_sets(history)).items()
    }
    assert answered == reference

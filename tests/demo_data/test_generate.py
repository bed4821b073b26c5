"""The demo data generator without a database: exact volumes, determinism, realistic
and progressive histories."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ironbase.demo_data import generate
from ironbase.demo_data.generate import LIFTS, Volume, people, share_out, volume_of
from ironbase.kit.units import to_grams
from ironbase.training.science.e1rm import estimate

END = dt.date(2026, 11, 30)
EXERCISES = {slug: uuid.uuid5(uuid.NAMESPACE_DNS, slug) for slug in generate.slugs()}


def _people(scale: float, seed: int = 3) -> list[generate.Person]:
    return list(people(seed, scale, END, EXERCISES))


def test_volumes_are_the_seeds_times_the_scale() -> None:
    assert volume_of(1) == Volume(1_000, 10_000, 50_000)
    assert volume_of(100) == Volume(100_000, 1_000_000, 5_000_000)
    assert volume_of(0.01) == Volume(10, 100, 500)
    assert volume_of(0.0001) == Volume(1, 10, 50)
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="positive"):
            volume_of(bad)


def test_the_totals_are_exact_with_a_long_tail() -> None:
    crowd = _people(0.2)
    assert len(crowd) == 200
    assert sum(len(p.workouts) for p in crowd) == 2_000
    assert sum(len(p.sets) for p in crowd) == 10_000
    per_person = sorted(len(p.workouts) for p in crowd)
    assert per_person[0] >= 1
    assert per_person[len(per_person) // 2] < 10 < per_person[-1] // 4  # median below the mean
    sets_per_workout: defaultdict[uuid.UUID, int] = defaultdict(int)
    exercise_workout = {e.id: e.workout_id for p in crowd for e in p.exercises}
    for p in crowd:
        for s in p.sets:
            sets_per_workout[exercise_workout[s.workout_exercise_id]] += 1
    assert min(sets_per_workout.values()) >= generate.MIN_SETS
    assert max(sets_per_workout.values()) <= generate.MAX_SETS


def test_the_same_seed_gives_the_same_people() -> None:
    first, again, other = _people(0.02), _people(0.02), _people(0.02, seed=4)
    assert [(p.user, p.workouts, p.sets) for p in first] == [
        (p.user, p.workouts, p.sets) for p in again
    ]
    assert {p.user.id for p in first}.isdisjoint({p.user.id for p in other})
    assert [p.user.email for p in first] == [f"demo-data-{n}@example.com" for n in range(1, 21)]


@given(
    st.lists(st.floats(0.01, 100), min_size=1, max_size=50),
    st.integers(0, 5),
    st.integers(0, 20),
    st.data(),
)
def test_share_out_is_exact_and_bounded(
    weights: list[float], low: int, spread: int, data: st.DataObject
) -> None:
    high = low + spread
    total = data.draw(st.integers(low * len(weights), high * len(weights)))
    parts = share_out(total, weights, low, high)
    assert sum(parts) == total
    assert all(low <= part <= high for part in parts)


def test_loads_are_plate_jumps_and_warm_ups_are_lighter() -> None:
    crowd = _people(0.05)
    kinds: set[str] = set()
    for p in crowd:
        working: defaultdict[uuid.UUID, list[int]] = defaultdict(list)
        warmups: dict[uuid.UUID, int] = {}
        for s in p.sets:
            kinds.add(s.set_type)
            step = Decimal("2.5") if s.unit == "kg" else Decimal(5)  # a plate pair's jump
            jumps = round(s.weight_g / to_grams(step, s.unit))
            assert to_grams(step * jumps, s.unit) == s.weight_g
            assert 1 <= s.reps <= 40
            assert s.rpe is None or s.rpe * 2 == int(s.rpe * 2)
            assert s.rir is None or 0 <= s.rir <= 10
            if s.set_type == "warmup":
                warmups[s.workout_exercise_id] = s.weight_g
            elif s.set_type == "normal":
                working[s.workout_exercise_id].append(s.weight_g)
        for exercise, grams in warmups.items():
            assert grams < min(working[exercise])
    assert kinds == {"normal", "warmup", "amrap", "drop", "failure"}


def test_histories_progress() -> None:
    # Per person and lift with a long enough history: the best e1RM of the last three
    # sessions beats that of the first three, for nearly everyone (deloads and noise
    # leave room for a few exceptions).
    crowd = _people(0.3)
    slug_of = {v: k for k, v in EXERCISES.items()}
    improved = total = 0
    for p in crowd:
        exercise_of = {e.id: e.exercise_id for e in p.exercises}
        sessions: defaultdict[uuid.UUID, dict[uuid.UUID, Decimal]] = defaultdict(dict)
        for s in p.sets:
            e = (
                None
                if s.set_type == "warmup"
                else estimate(s.weight_g, s.reps, rpe=s.rpe, rir=s.rir)
            )
            if e is not None:
                row = s.workout_exercise_id
                best = sessions[exercise_of[row]]
                best[row] = max(best.get(row, Decimal(0)), e.grams)
        for exercise, by_session in sessions.items():
            if LIFTS[slug_of[exercise]].bodyweight or len(by_session) < 12:
                continue
            values = list(by_session.values())  # in logging order
            total += 1
            improved += max(values[-3:]) > max(values[:3])
    assert total >= 30
    assert improved / total >= 0.85

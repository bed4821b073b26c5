"""From a parsed file to the rows of one import (pure): keys, clocks, bounds, names."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ironbase.training.imports import (
    ImportedExercise,
    ImportedSet,
    ImportedWorkout,
    ImportLineError,
    ParsedImport,
    SetType,
    SourceFormat,
)
from ironbase.training.transfer.planning import ImportPlan, mapping_key, plan_import, workout_keys

MADRID = ZoneInfo("Europe/Madrid")
SQUAT = uuid.uuid4()


def squat_or_nothing(name: str) -> uuid.UUID | None:
    return SQUAT if name == "Squat" else None


def one_set(line: int = 2, **values: object) -> ImportedSet:
    fields: dict[str, object] = {"mass_g": 100_000, "reps": 5} | values
    return ImportedSet(SetType.NORMAL, source_line=line, **fields)  # type: ignore[arg-type]


def workout(
    key: str = "k1",
    started: dt.datetime = dt.datetime(2026, 1, 10, 18, 0),
    ended: dt.datetime | None = None,
    exercises: tuple[ImportedExercise, ...] = (ImportedExercise("Squat", (one_set(),)),),
    title: str | None = "Legs",
) -> ImportedWorkout:
    return ImportedWorkout(key, started, ended, title, None, exercises, source_line=2)


def parsed(*workouts: ImportedWorkout, skipped: int = 0) -> ParsedImport:
    return ParsedImport(SourceFormat.STRONG, "6.x", None, workouts, 0, skipped)


def plan(*workouts: ImportedWorkout, existing: frozenset[str] = frozenset()) -> ImportPlan:
    return plan_import(parsed(*workouts), squat_or_nothing, existing, MADRID, "kg")


def test_two_workouts_with_one_key_stay_two_every_time() -> None:
    file = parsed(workout("k"), workout("k"), workout("other"))
    assert workout_keys(file) == workout_keys(file) == ["k", "k#2", "other"]
    assert plan(*file.workouts).workouts["key"] == ["k", "k#2", "other"]


def test_workouts_already_in_the_log_are_skipped_whole() -> None:
    result = plan(workout("old"), workout("new"), existing=frozenset({"old"}))
    assert result.workouts["key"] == ["new"]
    assert (result.workouts_existing, result.sets_planned) == (1, 1)
    assert result.rows_skipped(result.sets_planned) == 1


def test_wall_clock_times_are_the_zone_and_durations_stay_exact() -> None:
    # Madrid moves from 02:00 to 03:00 that night: 01:30 + 2 h of training ends at 04:30.
    night = workout(started=dt.datetime(2026, 3, 29, 1, 30), ended=dt.datetime(2026, 3, 29, 3, 30))
    result = plan(night)
    assert result.workouts["started"] == [dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)]
    assert result.workouts["ended"] == [dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC)]
    zoned = workout(
        started=dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    )
    assert plan(zoned).workouts["started"] == [dt.datetime(2026, 1, 10, 14, 0, tzinfo=dt.UTC)]


def test_unmatched_exercises_wait_at_their_position_with_their_sets() -> None:
    exercises = (
        ImportedExercise("Squat", (one_set(),)),
        ImportedExercise("Zercher  Thing", (one_set(rpe=Decimal("8.5")), one_set(reps=3))),
    )
    result = plan(workout(exercises=exercises))
    assert result.exercises["position"] == [0]
    assert result.pending["name"] == ["Zercher  Thing"]
    assert result.pending["name_key"] == ["zercher thing"] == [mapping_key(" ZERCHER thing ")]
    assert (result.pending["position"], result.pending["count"]) == ([1], [2])
    sets = json.loads(result.pending_sets[0])
    assert [(s["rpe"], s["reps"], s["weight_g"], s["unit"]) for s in sets] == [
        (8.5, 5, 100_000, "kg"),
        (None, 3, 100_000, "kg"),
    ]
    assert result.rows_skipped(result.sets_planned) == 2


def test_superset_ids_are_renumbered_per_workout() -> None:
    exercises = tuple(
        ImportedExercise("Squat", (one_set(),), superset_group=g) for g in (None, 7, 7, 120, None)
    )
    assert plan(workout(exercises=exercises)).exercises["superset"] == [None, 0, 0, 1, None]


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        (workout(started=dt.datetime(1899, 12, 31)), 2),
        (workout(ended=dt.datetime(2026, 1, 10, 17, 0)), 2),
        (workout(ended=dt.datetime(2026, 1, 18, 18, 1)), 2),
        (workout(title="x" * 201), 2),
        (workout(exercises=(ImportedExercise("Squat", (one_set(7, duration_s=86_401),)),)), 7),
        (workout(exercises=(ImportedExercise("Squat", (one_set(9, notes="n" * 2001),)),)), 9),
        (
            workout(exercises=(ImportedExercise("Squat", tuple(one_set(i) for i in range(1001))),)),
            1000,
        ),
        (
            workout(
                exercises=tuple(
                    ImportedExercise("Squat", (one_set(),), superset_group=g, source_line=g)
                    for g in range(101)
                )
            ),
            100,
        ),
    ],
)
def test_what_the_log_cannot_hold_names_its_line(bad: ImportedWorkout, line: int) -> None:
    with pytest.raises(ImportLineError) as caught:
        plan(bad)
    assert caught.value.line == line

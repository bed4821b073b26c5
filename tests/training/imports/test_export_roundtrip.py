"""The Strong CSV export re-imports to the same workouts and sets; a 10 000-row file parses."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ironbase.training.imports import (
    ImportedExercise,
    ImportedSet,
    ImportedWorkout,
    SetType,
    SourceFormat,
    export_strong_csv,
    parse_import,
)
from ironbase.training.imports.builder import workout_key

FIXTURES = Path(__file__).parent / "fixtures"

_ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), include_characters="\n"
)
texts = st.text(_ALPHABET, min_size=1, max_size=30).filter(
    lambda text: text == text.strip() and text.lower() not in {"rest timer", "note"}
)
optional_texts = st.none() | texts


def _maybe(strategy: st.SearchStrategy[int]) -> st.SearchStrategy[int | None]:
    return st.none() | strategy


sets = st.builds(
    ImportedSet,
    set_type=st.sampled_from([t for t in SetType if t is not SetType.AMRAP]),
    mass_g=_maybe(st.integers(0, 1_000_000)),
    reps=_maybe(st.integers(0, 1000)),
    duration_s=_maybe(st.integers(1, 86_400)),
    distance_m=_maybe(st.integers(1, 100_000)),
    rpe=st.none()
    | st.integers(2, 20).map(lambda half: (Decimal(half) / 2).quantize(Decimal("0.1"))),
    notes=optional_texts,
).filter(lambda s: (s.mass_g, s.reps, s.duration_s, s.distance_m) != (None,) * 4)


@st.composite
def workouts(draw: st.DrawFn) -> tuple[ImportedWorkout, ...]:
    starts = draw(
        st.lists(
            st.datetimes(datetime(2000, 1, 1), datetime(2035, 1, 1)).map(
                lambda moment: moment.replace(microsecond=0)
            ),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    result = []
    for started_at in starts:
        names = draw(st.lists(texts, min_size=1, max_size=4))
        # Adjacent entries of the same exercise are one exercise in every format.
        names = [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]
        exercises = tuple(
            ImportedExercise(
                name, tuple(draw(st.lists(sets, min_size=1, max_size=4))), draw(optional_texts)
            )
            for name in names
        )
        length = draw(st.none() | st.integers(1, 20_000))
        title = draw(optional_texts)
        result.append(
            ImportedWorkout(
                key=workout_key(SourceFormat.STRONG, started_at, title),
                started_at=started_at,
                ended_at=None if length is None else started_at + timedelta(seconds=length),
                title=title,
                notes=draw(optional_texts),
                exercises=exercises,
            )
        )
    return tuple(result)


@settings(max_examples=150, deadline=None)
@given(workouts())
def test_an_export_reimports_to_the_same_workouts_and_sets(
    model: tuple[ImportedWorkout, ...],
) -> None:
    parsed = parse_import(export_strong_csv(model).encode())
    assert parsed.format is SourceFormat.STRONG
    assert parsed.workouts == model


def _portable(workout: ImportedWorkout) -> ImportedWorkout:
    """What a Strong file carries: no zone, no superset groups, a Strong key."""
    started_at = workout.started_at.replace(tzinfo=None)
    ended_at = workout.ended_at.replace(tzinfo=None) if workout.ended_at else None
    exercises = tuple(dataclasses.replace(e, superset_group=None) for e in workout.exercises)
    key = workout_key(SourceFormat.STRONG, started_at, workout.title)
    return dataclasses.replace(
        workout, key=key, started_at=started_at, ended_at=ended_at, exercises=exercises
    )


def test_every_fixture_survives_an_export_round_trip() -> None:
    for path in sorted(FIXTURES.glob("*.csv")):
        original = parse_import(path.read_bytes(), unit="kg")
        again = parse_import(export_strong_csv(original.workouts).encode())
        assert again.workouts == tuple(_portable(w) for w in original.workouts), path.name
        assert again.set_count == original.set_count


def test_the_export_is_the_strong_6x_layout() -> None:
    text = export_strong_csv(parse_import((FIXTURES / "hevy_lbs.csv").read_bytes()).workouts)
    header, first = text.splitlines()[:2]
    assert header.startswith('"Workout #";"Date";"Workout Name";"Duration (sec)"')
    assert '"Weight (kg)"' in header
    # 225 lb = 102 058 g, written exactly as 102.058 kg.
    assert first == (
        '"1";"2025-01-03 17:20:00";"Leg Day";"4260";"Squat (Barbell)";"1";"102.058";"5";'
        '"8.0";"";"";"";""'
    )


def test_amrap_is_written_as_a_working_set() -> None:
    entry = ImportedSet(SetType.AMRAP, mass_g=100_000, reps=12)
    workout = ImportedWorkout(
        "k", datetime(2025, 1, 1, 9), None, "A", None, (ImportedExercise("Squat", (entry,)),)
    )
    again = parse_import(export_strong_csv([workout]).encode())
    assert again.workouts[0].exercises[0].sets == (
        dataclasses.replace(entry, set_type=SetType.NORMAL),
    )


def test_a_10000_row_strong_file_parses() -> None:
    lines = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    ]
    start = datetime(2020, 1, 1, 7, 0)
    for row in range(10_000):
        day = start + timedelta(days=row // 20)
        exercise = ("Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)")[row % 20 // 7]
        lines.append(
            f'{day:%Y-%m-%d %H:%M:%S},"Day {row // 20}, full body",1h 2m,{exercise},'
            f"{row % 7 + 1},{100 + row % 7 * 2.5},5,0,0,,,8"
        )
    parsed = parse_import("\r\n".join(lines).encode(), unit="kg")
    assert (len(parsed.workouts), parsed.set_count, parsed.rows_read) == (500, 10_000, 10_000)
    assert parsed.workouts[0].exercises[0].sets[1].mass_g == 102_500

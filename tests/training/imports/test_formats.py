"""Every format and layout, from realistic sample files in ``fixtures/``."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ironbase.training.imports import (
    ImportedSet,
    ParsedImport,
    SetType,
    SourceFormat,
    Unit,
    UnitRequiredError,
    UnknownFormatError,
    parse_import,
)

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str, unit: str | None = None) -> ParsedImport:
    return parse_import((FIXTURES / name).read_bytes(), unit=unit)


def all_sets(parsed: ParsedImport) -> list[ImportedSet]:
    return [s for w in parsed.workouts for e in w.exercises for s in e.sets]


def test_strong_comma_layout_in_pounds_with_windows_line_endings() -> None:
    assert b"\r\n" in (FIXTURES / "strong_comma_lb.csv").read_bytes()
    parsed = load("strong_comma_lb.csv", unit="lb")
    assert (parsed.format, parsed.layout, parsed.unit) == (SourceFormat.STRONG, "comma", Unit.LB)
    assert [w.set_count for w in parsed.workouts] == [6, 4]
    # Rest timer, note and the empty (blank weight and reps) set are not sets.
    assert (parsed.rows_read, parsed.rows_skipped) == (13, 3)
    push, legs = parsed.workouts
    assert push.title == "Push Day, Heavy"
    assert push.notes == "Felt strong, slept 8h"
    assert push.started_at == datetime(2024, 3, 4, 18, 2, 11)
    assert push.ended_at == datetime(2024, 3, 4, 19, 7, 11)
    assert [e.name for e in push.exercises] == ["Bench Press (Barbell)", "Overhead Press (Barbell)"]
    bench, press = push.exercises
    assert [s.set_type for s in bench.sets] == [
        SetType.WARMUP,
        SetType.NORMAL,
        SetType.NORMAL,
        SetType.FAILURE,
    ]
    # 95 lb = 43 091.275 15 g; 185 lb = 83 914.588 45 g (exact, then to the nearest gram).
    assert [s.mass_g for s in bench.sets] == [43091, 83915, 83915, 83915]
    assert [s.rpe for s in bench.sets] == [None, Decimal(8), Decimal("8.5"), Decimal(10)]
    assert bench.sets[1].notes == "Paused, 1s"
    assert press.notes == "Strict, no leg drive"
    assert [(s.set_type, s.mass_g) for s in press.sets] == [
        (SetType.NORMAL, 46493),
        (SetType.DROP, 32885),
    ]
    squat, plank, run = legs.exercises
    # A noisy float: 225.00000000000003 lb is still 102 058 g.
    assert [s.mass_g for s in squat.sets] == [102058, 102058]
    assert plank.sets[0] == ImportedSet(SetType.NORMAL, mass_g=0, reps=0, duration_s=60)
    # Distance in the user's unit system: 1.5 mi = 2 414.016 m.
    assert (run.sets[0].distance_m, run.sets[0].duration_s) == (2414, 600)
    assert legs.ended_at == datetime(2024, 3, 6, 7, 59)


def test_strong_comma_layout_in_kilograms_reads_the_same_numbers_as_kg() -> None:
    parsed = load("strong_comma_lb.csv", unit="kg")
    assert all_sets(parsed)[1].mass_g == 185_000
    assert parsed.workouts[1].exercises[2].sets[0].distance_m == 1500


def test_strong_comma_layout_without_a_unit_asks_for_one() -> None:
    with pytest.raises(UnitRequiredError, match="unit=kg or unit=lb"):
        load("strong_comma_lb.csv")


def test_strong_semicolon_layout_with_unit_columns_and_decimal_commas() -> None:
    parsed = load("strong_semicolon_units.csv")
    assert (parsed.layout, parsed.unit) == ("semicolon-units", None)  # kg and lbs mixed
    assert (len(parsed.workouts), parsed.set_count, parsed.rows_skipped) == (1, 5, 1)
    workout = parsed.workouts[0]
    assert (workout.title, workout.notes) == ("Oberkörper", "Gym; busy")
    bench, curl, rowing = workout.exercises
    assert [s.mass_g for s in bench.sets] == [82500, 82500]
    assert bench.sets[1].rpe == Decimal("8.5")
    # 25 lb = 11 339.809 25 g, 35 lb = 15 875.732 95 g.
    assert [(s.set_type, s.mass_g) for s in curl.sets] == [
        (SetType.WARMUP, 11340),
        (SetType.NORMAL, 15876),
    ]
    assert curl.sets[1].notes == "links schwächer"
    assert rowing.sets[0] == ImportedSet(SetType.NORMAL, distance_m=2500, duration_s=600)


def test_strong_fourteen_column_variant_reads_the_workout_duration() -> None:
    parsed = load("strong_semicolon_units_duration.csv")
    workout = parsed.workouts[0]
    assert workout.ended_at == datetime(2020, 1, 10, 18, 0)
    assert [s.mass_g for s in workout.exercises[0].sets] == [60000, 142500]
    assert parsed.unit is Unit.KG


def test_strong_6x_quoted_semicolons_with_bom_and_a_multiline_note() -> None:
    assert (FIXTURES / "strong_6x_kg.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    parsed = load("strong_6x_kg.csv", unit="lb")  # the header says kg: the argument is unused
    assert (parsed.layout, parsed.unit) == ("6.x", Unit.KG)
    assert [w.set_count for w in parsed.workouts] == [4, 2]
    assert parsed.rows_skipped == 1
    upper_a, upper_b = parsed.workouts
    assert upper_a.ended_at == datetime(2025, 5, 12, 7, 47, 8)
    assert upper_a.exercises[1].sets[0].mass_g == 12900  # 12.900000000000034 kg
    pull_up = upper_b.exercises[0].sets[0]
    assert (pull_up.mass_g, pull_up.reps, pull_up.notes) == (0, 8, 'Multi-line\nnote; "quoted"')
    assert upper_b.exercises[1].sets[0].distance_m == 40


def test_strong_6x_pounds_header() -> None:
    parsed = load("strong_6x_lbs.csv")
    assert parsed.unit is Unit.LB
    # 315 lb = 142 881.596 55 g, 225 lb = 102 058.283 25 g.
    assert [(s.set_type, s.mass_g) for s in all_sets(parsed)] == [
        (SetType.NORMAL, 142882),
        (SetType.DROP, 102058),
    ]


def test_hevy_in_kilograms() -> None:
    parsed = load("hevy_kg.csv")
    assert (parsed.format, parsed.unit) == (SourceFormat.HEVY, Unit.KG)
    assert [w.set_count for w in parsed.workouts] == [5, 1]
    assert parsed.rows_skipped == 1  # the empty lateral raise set
    push, run = parsed.workouts
    assert push.notes == "Short on time\nkept it simple"
    assert (push.started_at, push.ended_at) == (
        datetime(2025, 9, 15, 7, 48),
        datetime(2025, 9, 15, 8, 55),
    )
    bench, incline, lateral = push.exercises
    assert bench.notes == "Elbows tucked, 45°"
    assert [s.set_type for s in bench.sets] == [SetType.WARMUP, SetType.NORMAL, SetType.FAILURE]
    assert (incline.superset_group, incline.sets[0].rpe) == (0, Decimal("7.5"))
    assert lateral.sets == (ImportedSet(SetType.DROP, mass_g=12500, reps=12),)
    assert bench.superset_group is None
    assert run.started_at == datetime(2025, 10, 2, 18, 5)  # "2 Oct": day not zero-padded
    assert run.exercises[0].sets[0] == ImportedSet(SetType.NORMAL, distance_m=5200, duration_s=1800)


def test_hevy_in_pounds_and_miles() -> None:
    parsed = load("hevy_lbs.csv")
    assert parsed.unit is Unit.LB
    squat, treadmill = parsed.workouts[0].exercises
    assert [s.mass_g for s in squat.sets] == [102058, 106821]  # 235.5 lb = 106 821.003 g
    assert treadmill.sets[0].distance_m == 2012  # 1.25 mi = 2 011.68 m


def test_fitnotes_current_header_mixes_units_and_groups_by_date() -> None:
    parsed = load("fitnotes_current.csv")
    assert (parsed.format, parsed.layout, parsed.unit) == (
        SourceFormat.FITNOTES,
        "current",
        None,
    )
    assert [w.started_at for w in parsed.workouts] == [datetime(2022, 9, 14), datetime(2022, 9, 16)]
    assert [w.set_count for w in parsed.workouts] == [3, 1]
    bench, treadmill = parsed.workouts[0].exercises
    assert [s.mass_g for s in bench.sets] == [20412, 60000]  # 45 lb = 20 411.656 65 g
    assert bench.sets[1].notes == "Spotter, gym mate"
    assert treadmill.sets[0] == ImportedSet(SetType.NORMAL, duration_s=1110, distance_m=3000)


def test_fitnotes_legacy_header_in_pounds() -> None:
    parsed = load("fitnotes_legacy.csv")
    assert (parsed.layout, parsed.unit, parsed.set_count) == ("legacy", Unit.LB, 3)
    curl, cycling = parsed.workouts[0].exercises
    assert [s.mass_g for s in curl.sets] == [29484, 29484]  # 65 lb = 29 483.504 05 g
    assert cycling.sets[0] == ImportedSet(SetType.NORMAL, duration_s=2400, distance_m=16093)


def test_fitbod_groups_by_date_and_keeps_the_zone() -> None:
    parsed = load("fitbod.csv")
    assert (parsed.format, parsed.unit) == (SourceFormat.FITBOD, Unit.KG)
    assert [w.set_count for w in parsed.workouts] == [4, 1]
    first = parsed.workouts[0]
    assert first.started_at == datetime(2021, 12, 27, 10, 2, 51, tzinfo=UTC)
    squat, dumbbell = first.exercises
    assert [(s.set_type, s.mass_g) for s in squat.sets] == [
        (SetType.WARMUP, 60000),
        (SetType.NORMAL, 100500),
        (SetType.NORMAL, 100500),
    ]
    assert squat.sets[2].notes == "Good form, slow eccentric"
    assert dumbbell.sets[0].mass_g == 27500  # per dumbbell, multiplier 2 not applied
    assert parsed.workouts[1].exercises[0].sets[0] == ImportedSet(
        SetType.NORMAL, mass_g=0, reps=0, duration_s=60
    )


def test_jefit_sections_unit_from_settings_and_sessions_joined() -> None:
    parsed = load("jefit.csv")
    assert (parsed.format, parsed.unit) == (SourceFormat.JEFIT, Unit.LB)
    assert [w.set_count for w in parsed.workouts] == [5, 2]
    assert parsed.rows_skipped == 1  # a log without sets
    first = parsed.workouts[0]
    assert first.started_at == datetime(2023, 11, 14, 17, 0, tzinfo=UTC)
    assert first.ended_at == datetime(2023, 11, 14, 18, 5, tzinfo=UTC)
    bench, fly = first.exercises
    assert [(s.mass_g, s.reps) for s in bench.sets] == [(61235, 10), (70307, 8), (70307, 8)]
    assert len(fly.sets) == 2


def test_jefit_without_a_unit_setting_takes_the_argument() -> None:
    text = (FIXTURES / "jefit.csv").read_text().replace("lbs,mi", ",")
    with pytest.raises(UnitRequiredError):
        parse_import(text.encode())
    parsed = parse_import(text.encode(), unit="kg")
    assert all_sets(parsed)[0].mass_g == 135000


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv")))
def test_importing_the_same_file_twice_gives_the_same_keys(name: str) -> None:
    first, second = load(name, unit="kg"), load(name, unit="kg")
    keys = [w.key for w in first.workouts]
    assert keys == [w.key for w in second.workouts]
    assert len(set(keys)) == len(keys)
    assert all(key.startswith(f"{first.format.value}:") for key in keys)


def test_keys_follow_start_and_title_not_content() -> None:
    original = (FIXTURES / "hevy_kg.csv").read_bytes()
    edited = original.replace(b"100,5", b"102.5,5")
    retitled = original.replace(b"Morning Push", b"Evening Push")
    key = load("hevy_kg.csv").workouts[0].key
    assert parse_import(edited).workouts[0].key == key
    assert parse_import(retitled).workouts[0].key != key


def test_an_unknown_header_names_what_was_expected() -> None:
    with pytest.raises(UnknownFormatError, match=r"Strong.*Hevy.*FitNotes.*Fitbod.*JEFIT"):
        parse_import(b"when,what,how much\n2024-01-01,squat,100\n")


def test_a_near_miss_header_names_the_missing_columns() -> None:
    header = b"Date,Workout Name,Exercise Name,Set Order,Weight,Seconds\n"
    with pytest.raises(UnknownFormatError, match="Strong export but lacks the columns: Reps"):
        parse_import(header)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(UnknownFormatError, match="empty"):
        parse_import(b"\n\n")


def test_a_header_only_file_has_no_workouts() -> None:
    parsed = parse_import((FIXTURES / "hevy_kg.csv").read_bytes().splitlines()[0])
    assert parsed.workouts == ()


def test_a_bad_unit_argument_is_refused() -> None:
    with pytest.raises(ValueError, match="kg or lb"):
        load("strong_comma_lb.csv", unit="stone")


def test_exercise_names_are_listed_once_in_first_seen_order() -> None:
    assert load("fitnotes_current.csv").exercise_names == (
        "Flat Barbell Bench Press",
        "Treadmill",
        "Deadlift",
    )

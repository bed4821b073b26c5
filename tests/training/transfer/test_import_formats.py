"""Every sample export, each format and layout, through POST /v1/imports: what the log holds
afterwards is what the file says, exercise by exercise and set by set.

The expectation is built from the pure parser (tested on its own in tests/training/imports)
and from which catalog exercise each app's name means, written out here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest

from ironbase.kit.units import to_grams
from ironbase.training.imports import ParsedImport, parse_import
from tests.conftest import sign_up
from tests.training.transfer.conftest import PROBLEM, sample, stored, upload

# Another app's name -> the catalog exercise it means (by slug).
MEANS = {
    "Back Squat": "barbell_back_squat",
    "Barbell Bench Press": "barbell_bench_press",
    "Barbell Curl": "barbell_curl",
    "Barbell Squat": "barbell_back_squat",
    "Bench Press (Barbell)": "barbell_bench_press",
    "Bent Over Row (Barbell)": "barbell_row",
    "Bicep Curl (Dumbbell)": "dumbbell_curl",
    "Deadlift": "barbell_deadlift",
    "Deadlift (Barbell)": "barbell_deadlift",
    "Dumbbell Bench Press": "dumbbell_bench_press",
    "Dumbbell Fly": "dumbbell_fly",
    "Farmers Walk": "farmers_walk",
    "Flat Barbell Bench Press": "barbell_bench_press",
    "Incline Bench Press (Dumbbell)": "incline_dumbbell_bench_press",
    "Lateral Raise (Dumbbell)": "lateral_raise",
    "Overhead Press (Barbell)": "overhead_press",
    "Plank": "plank",
    "Pull Up": "pull_up",
    "Rowing (Machine)": "indoor_rowing",
    "Running": "running",
    "Squat (Barbell)": "barbell_back_squat",
    "Treadmill": "treadmill_run",
}
UNMATCHED = {"Cycling"}

CASES = [
    # file, unit form field, format, layout
    ("strong_comma_lb.csv", "lb", "strong", "comma"),
    ("strong_semicolon_units.csv", None, "strong", "semicolon-units"),
    ("strong_semicolon_units_duration.csv", None, "strong", "semicolon-units"),
    ("strong_6x_kg.csv", None, "strong", "6.x"),
    ("strong_6x_lbs.csv", None, "strong", "6.x"),
    ("hevy_kg.csv", None, "hevy", "kg"),
    ("hevy_lbs.csv", None, "hevy", "lb"),
    ("fitnotes_current.csv", None, "fitnotes", "current"),
    ("fitnotes_legacy.csv", None, "fitnotes", "legacy"),
    ("fitbod.csv", None, "fitbod", "csv"),
    ("jefit.csv", None, "jefit", "sections"),
]

Shape = list[tuple[Any, ...]]


async def slug_ids(client: httpx.AsyncClient) -> dict[str, str]:
    """exercise id -> slug, for every exercise the samples mean."""
    ids = {}
    for slug in set(MEANS.values()):
        response = await client.get(f"/v1/exercises/{slug}")
        assert response.status_code == 200, slug
        ids[response.json()["id"]] = slug
    return ids


def utc_text(moment: dt.datetime) -> str:
    """How the API writes an instant; wall-clock times are the account's zone (UTC here)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expected_shape(parsed: ParsedImport) -> Shape:
    workouts = []
    for workout in parsed.workouts:
        exercises = [
            (
                MEANS[e.name],
                e.notes,
                [
                    (
                        s.set_type.value,
                        s.mass_g,
                        s.reps,
                        s.duration_s,
                        s.distance_m,
                        None if s.rpe is None else float(s.rpe),
                    )
                    for s in e.sets
                ],
            )
            for e in workout.exercises
            if e.name not in UNMATCHED
        ]
        ended = None if workout.ended_at is None else utc_text(workout.ended_at)
        start = utc_text(workout.started_at)
        workouts.append((start, ended, workout.title, workout.notes, exercises))
    return sorted(workouts, key=lambda w: w[0])


def grams(weight: float | None) -> int | None:
    return None if weight is None else to_grams(Decimal(str(weight)), "kg")


def stored_shape(items: list[dict[str, Any]], slugs: dict[str, str]) -> Shape:
    workouts = []
    for workout in items:
        exercises = [
            (
                slugs[e["exercise_id"]],
                e["notes"],
                [
                    (
                        s["set_type"],
                        grams(s["weight"]),
                        s["reps"],
                        s["duration_s"],
                        s["distance_m"],
                        s["rpe"],
                    )
                    for s in e["sets"]
                ],
            )
            for e in workout["exercises"]
        ]
        start, end = workout["started_at"], workout["ended_at"]
        workouts.append((start, end, workout["title"], workout["notes"], exercises))
    return sorted(workouts, key=lambda w: w[0])


@pytest.mark.parametrize(("name", "unit", "source", "layout"), CASES)
async def test_every_sample_lands_in_the_log_as_the_file_says(
    client: httpx.AsyncClient,
    seeded_catalog: None,
    name: str,
    unit: str | None,
    source: str,
    layout: str,
) -> None:
    user = await sign_up(client)
    content = sample(name)
    parsed = parse_import(content, unit=unit)
    response = await upload(client, user, content, name=name, unit=unit)
    assert response.status_code == 201, response.text
    report = response.json()
    waiting = [
        s for w in parsed.workouts for e in w.exercises if e.name in UNMATCHED for s in e.sets
    ]
    assert (report["format"], report["layout"], report["file_name"]) == (source, layout, name)
    assert report["workouts_created"] == len(parsed.workouts)
    assert report["workouts_existing"] == 0
    assert report["sets_created"] == parsed.set_count - len(waiting)
    assert report["rows_skipped"] == parsed.rows_skipped + len(waiting)
    expected_unmatched = [{"name": "Cycling", "rows": len(waiting)}] if waiting else []
    assert report["unmatched_exercises"] == expected_unmatched

    listed = await client.get("/v1/workouts", headers=user.headers, params={"unit": "kg"})
    assert stored_shape(listed.json()["items"], await slug_ids(client)) == expected_shape(parsed)
    assert (await client.get(f"/v1/imports/{report['id']}", headers=user.headers)).json() == report


async def test_superset_ids_become_the_logs_groups(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    user = await sign_up(client)
    assert (await upload(client, user, sample("hevy_kg.csv"))).status_code == 201
    items = (await client.get("/v1/workouts", headers=user.headers)).json()["items"]
    push = next(w for w in items if w["title"] == "Morning Push")
    assert [e["superset_group"] for e in push["exercises"]] == [None, 0, 0]


async def test_the_unit_field_reads_a_file_that_does_not_say(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    content = sample("strong_comma_lb.csv")
    tops = {}
    for unit in ("lb", "kg"):
        user = await sign_up(client)
        response = await upload(client, user, content, unit=unit)
        assert response.status_code == 201, response.text
        assert response.json()["unit"] == unit
        items = (await client.get("/v1/workouts", headers=user.headers)).json()["items"]
        push = next(w for w in items if w["title"] == "Push Day, Heavy")
        tops[unit] = grams(push["exercises"][0]["sets"][1]["weight"])
    # 185 lb = 83 914.588 45 g; 185 kg = 185 000 g.
    assert tops == {"lb": 83915, "kg": 185_000}

    user = await sign_up(client)
    response = await upload(client, user, content)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith("/unit-required")
    assert problem["errors"][0]["loc"] == ["unit"]
    assert (await stored(owner_url, user.id))["import_batches"] == 0

    refused = await upload(client, user, content, unit="stone")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["unit"]


async def test_wall_clock_times_are_the_accounts_time_zone(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    user = await sign_up(client)
    zone = {"time_zone": "America/New_York"}
    assert (await client.patch("/v1/me", json=zone, headers=user.headers)).status_code == 200
    assert (await upload(client, user, sample("strong_comma_lb.csv"), unit="lb")).status_code == 201
    items = (await client.get("/v1/workouts", headers=user.headers)).json()["items"]
    push = next(w for w in items if w["title"] == "Push Day, Heavy")
    # 2024-03-04 18:02:11 in New York (EST, UTC-5), and its duration of 1 h 5 min.
    assert (push["started_at"], push["ended_at"]) == (
        "2024-03-04T23:02:11Z",
        "2024-03-05T00:07:11Z",
    )
    # Fitbod writes its own offset: the account's zone does not move it.
    assert (await upload(client, user, sample("fitbod.csv"))).status_code == 201
    items = (await client.get("/v1/workouts", headers=user.headers)).json()["items"]
    assert "2021-12-27T10:02:51Z" in {w["started_at"] for w in items}

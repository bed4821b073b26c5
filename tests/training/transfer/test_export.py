"""GET /v1/exports: everything in one's log; the CSV imports into a fresh account as the
same workouts, sets and records."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from ironbase.training.transfer import exporting
from tests.conftest import SignedUpUser, sign_up
from tests.training.transfer.conftest import PROBLEM, upload

MADRID = "Europe/Madrid"


def a_set(set_type: str, weight: float | None, reps: int | None, **more: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "set_type": set_type, "weight": weight, "reps": reps, **more}


def exercise(
    exercise_id: str, sets: list[dict[str, Any]], notes: str | None = None
) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "exercise_id": exercise_id, "notes": notes, "sets": sets}


async def ids(client: httpx.AsyncClient, *slugs: str) -> list[str]:
    return [str((await client.get(f"/v1/exercises/{slug}")).json()["id"]) for slug in slugs]


async def lifter(client: httpx.AsyncClient) -> SignedUpUser:
    user = await sign_up(client)
    profile = {"time_zone": MADRID}
    assert (await client.patch("/v1/me", json=profile, headers=user.headers)).status_code == 200
    return user


async def log_history(client: httpx.AsyncClient, user: SignedUpUser) -> None:
    """Three sessions: kg and lb, warm-up, drop and failure sets, RPE, time and distance,
    notes, and one that spans the night Madrid moves its clocks forward."""
    squat, bench, run, plank = await ids(
        client, "barbell_back_squat", "barbell_bench_press", "running", "plank"
    )
    sessions: list[dict[str, Any]] = [
        {
            "title": "Lower A",
            "started_at": "2026-03-21T17:00:00+01:00",
            "ended_at": "2026-03-21T18:10:30+01:00",
            "notes": "Knees felt good",
            "exercises": [
                exercise(
                    squat,
                    [
                        a_set("warmup", 60, 5),
                        a_set("normal", 100, 5, rpe=8),
                        a_set("normal", 102.5, 5, rpe=8.5),
                        a_set("failure", 102.5, 3, rpe=10),
                    ],
                    notes="Belt on top sets",
                ),
                exercise(plank, [a_set("normal", None, None, duration_s=90)]),
            ],
        },
        {
            "title": "Push, late",
            "started_at": "2026-03-29T01:30:00+01:00",
            "ended_at": "2026-03-29T03:30:00+02:00",
            "notes": None,
            "exercises": [
                exercise(
                    bench,
                    [
                        a_set("normal", 225, 5, unit="lb", rpe=9),
                        a_set("drop", 185, 8, unit="lb"),
                        a_set("normal", 60.5, 12),
                    ],
                ),
            ],
        },
        {
            "title": None,
            "started_at": "2026-04-02T07:15:00+02:00",
            "ended_at": None,
            "notes": None,
            "exercises": [
                exercise(run, [a_set("normal", None, None, duration_s=1800, distance_m=5200)])
            ],
        },
    ]
    for body in sessions:
        response = await client.post(
            "/v1/workouts", json={**body, "unit": "kg"}, headers=user.headers
        )
        assert response.status_code == 201, response.text


def comparable_workouts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A workout as a lifter reads it: no ids, no server times."""
    drop = {"id", "created_at", "updated_at"}
    out = []
    for workout in items:
        parts = [
            {
                **{k: v for k, v in e.items() if k not in drop | {"sets"}},
                "sets": [{k: v for k, v in s.items() if k != "id"} for s in e["sets"]],
            }
            for e in workout["exercises"]
        ]
        out.append({**{k: v for k, v in workout.items() if k not in drop}, "exercises": parts})
    return out


def comparable_records(body: dict[str, Any]) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("set_id", "workout_id")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return dict(clean(body))


async def log_of(client: httpx.AsyncClient, user: SignedUpUser) -> tuple[Any, Any]:
    params = {"unit": "kg"}
    workouts = await client.get("/v1/workouts", headers=user.headers, params=params)
    records = await client.get("/v1/records", headers=user.headers, params=params)
    assert workouts.status_code == records.status_code == 200
    return comparable_workouts(workouts.json()["items"]), comparable_records(records.json())


async def test_a_csv_export_imports_into_a_fresh_account_as_the_same_log(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    original = await lifter(client)
    await log_history(client, original)
    exported = await client.get("/v1/exports", headers=original.headers, params={"format": "csv"})
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text), delimiter=";"))
    assert rows[0][:3] == ["Workout #", "Date", "Workout Name"]
    # The clock of the account: 17:00 in Madrid, 70 min 30 s later it ended.
    assert rows[1][1:4] == ["2026-03-21 17:00:00", "Lower A", "4230"]

    fresh = await lifter(client)
    report = await upload(client, fresh, exported.content, name="ironbase.csv")
    assert report.status_code == 201, report.text
    assert report.json()["unmatched_exercises"] == []
    assert report.json()["workouts_created"] == 3

    workouts, records = await log_of(client, original)
    assert workouts
    assert records["items"]
    assert await log_of(client, fresh) == (workouts, records)
    late = next(w for w in workouts if w["title"] == "Push, late")
    assert (late["started_at"], late["ended_at"]) == (
        "2026-03-29T00:30:00Z",
        "2026-03-29T01:30:00Z",
    )


async def test_the_json_export_holds_workouts_sets_and_templates(
    client: httpx.AsyncClient, seeded_catalog: None, owner_url: str
) -> None:
    user = await lifter(client)
    await log_history(client, user)
    squat = (await ids(client, "barbell_back_squat"))[0]
    conn = await asyncpg.connect(owner_url)
    try:
        template = await conn.fetchval(
            "insert into workout_templates (user_id, name) values ($1, 'Lower A') returning id",
            user.id,
        )
        await conn.execute(
            "insert into template_exercises (user_id, template_id, exercise_id, position, "
            "target_sets, rep_min, rep_max, target_rpe) values ($1, $2, $3, 0, 3, 5, 8, 8.5)",
            user.id,
            template,
            uuid.UUID(squat),
        )
    finally:
        await conn.close()
    response = await client.get("/v1/exports", headers=user.headers, params={"unit": "lb"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    document = json.loads(response.content)
    assert (document["format"], document["version"], document["unit"]) == (
        "ironbase-export",
        1,
        "lb",
    )
    assert document["time_zone"] == MADRID

    listed = await client.get("/v1/workouts", headers=user.headers, params={"unit": "lb"})
    expected = listed.json()["items"][::-1]  # the export is oldest first
    assert [w["id"] for w in document["workouts"]] == [w["id"] for w in expected]
    for exported, shown in zip(document["workouts"], expected, strict=True):
        assert exported["started_at"] == shown["started_at"]
        for part, shown_part in zip(exported["exercises"], shown["exercises"], strict=True):
            assert part["exercise_id"] == shown_part["exercise_id"]
            assert part["exercise_slug"] in {
                "barbell_back_squat",
                "barbell_bench_press",
                "running",
                "plank",
            }
            assert [
                {k: v for k, v in s.items() if k != "notes"} for s in part["sets"]
            ] == shown_part["sets"]
    bench_sets = document["workouts"][1]["exercises"][0]["sets"]
    assert [(s["weight"], s["unit"]) for s in bench_sets][:2] == [(225, "lb"), (185, "lb")]

    [exported_template] = document["templates"]
    assert exported_template["name"] == "Lower A"
    [target] = exported_template["exercises"]
    assert (target["exercise_slug"], target["target_sets"], target["target_rpe"]) == (
        "barbell_back_squat",
        3,
        8.5,
    )


async def test_a_long_log_is_read_page_by_page(
    client: httpx.AsyncClient, seeded_catalog: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PAGE_WORKOUTS", 2)
    user = await lifter(client)
    squat = (await ids(client, "barbell_back_squat"))[0]
    start = dt.datetime(2026, 1, 5, 18, 0, tzinfo=dt.UTC)
    for day in range(5):
        body = {
            "title": f"Day {day}",
            "started_at": (start + dt.timedelta(days=day)).isoformat(),
            "exercises": [exercise(squat, [a_set("normal", 100 + day, 5)])],
        }
        assert (
            await client.post("/v1/workouts", json=body, headers=user.headers)
        ).status_code == 201
    document = (await client.get("/v1/exports", headers=user.headers)).json()
    assert [w["title"] for w in document["workouts"]] == [f"Day {d}" for d in range(5)]
    text = (await client.get("/v1/exports", headers=user.headers, params={"format": "csv"})).text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert [(r[0], r[2], r[6]) for r in rows] == [
        (str(d + 1), f"Day {d}", str(100 + d)) for d in range(5)
    ]


async def test_an_export_holds_only_ones_own_log(
    client: httpx.AsyncClient, seeded_catalog: None
) -> None:
    owner, other = await lifter(client), await sign_up(client)
    await log_history(client, owner)
    document = (await client.get("/v1/exports", headers=other.headers)).json()
    assert (document["workouts"], document["templates"]) == ([], [])
    text = (await client.get("/v1/exports", headers=other.headers, params={"format": "csv"})).text
    assert len(text.splitlines()) == 1  # the header alone
    refused = await client.get("/v1/exports", headers=owner.headers, params={"format": "xml"})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == PROBLEM
    assert (await client.get("/v1/exports")).status_code == 401

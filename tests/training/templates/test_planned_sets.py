"""Planned sets: what a template start stores is flagged ``planned`` and counts nowhere
(records, record flags, volume, the next start's last performance, the CSV export) until the
lifter completes it; the flag travels with the set (workouts API, PUT, sync feed, JSON export)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import httpx

from tests.conftest import SignedUpUser, sign_up
from tests.training.sync.conftest import walk
from tests.training.templates.conftest import PROBLEM, START, Lifts, create, log_workout, part

DONE_AT = (START + dt.timedelta(days=1, minutes=10)).isoformat()
RANGE = {"from": "2026-11-01", "to": "2026-11-30", "group_by": "exercise"}


async def _start(
    client: httpx.AsyncClient, user: SignedUpUser, template_id: str, days: int = 1
) -> dict[str, Any]:
    started_at = (START + dt.timedelta(days=days)).isoformat()
    response = await client.post(
        f"/v1/templates/{template_id}/start", headers=user.headers, json={"started_at": started_at}
    )
    assert response.status_code == 201, response.text
    started: dict[str, Any] = response.json()
    return started


async def _history_and_plan(
    client: httpx.AsyncClient, lifts: Lifts
) -> tuple[SignedUpUser, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """One squat set done (100 kg x 5), then a template of three squat sets and two presses
    started a day later: the user, the logged workout, the template, the started workout."""
    user = await sign_up(client)
    logged = await log_workout(client, user, lifts.squat, [("normal", 100, 5)])
    body = {
        "name": "Squat",
        "exercises": [
            part(lifts.squat, target_sets=3, rep_max=5),
            part(lifts.press, target_sets=2),
        ],
    }
    template = await create(client, user, body)
    return user, logged, template, await _start(client, user, template["id"])


async def _get(client: httpx.AsyncClient, user: SignedUpUser, url: str, **params: Any) -> Any:
    response = await client.get(url, headers=user.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _squat_volume(body: dict[str, Any], squat: str) -> tuple[int, float]:
    item = next(i for i in body["items"] if i["key"] == squat)
    return item["sets"], item["tonnage"]


async def _patch(
    client: httpx.AsyncClient, user: SignedUpUser, set_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.patch(f"/v1/sets/{set_id}", headers=user.headers, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def test_planned_sets_count_in_records_and_volume_only_once_done(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user, logged, _, started = await _history_and_plan(client, lifts)
    planned = started["exercises"][0]["sets"]
    assert [(s["weight"], s["reps"], s["planned"]) for s in planned] == [(100, 5, True)] * 3
    assert all(s["planned"] for e in started["exercises"] for s in e["sets"])
    read = await _get(client, user, f"/v1/workouts/{started['id']}")
    assert [s["planned"] for s in read["exercises"][0]["sets"]] == [True] * 3
    listed = await _get(client, user, "/v1/workouts")
    assert [s["planned"] for s in listed["items"][0]["exercises"][0]["sets"]] == [True] * 3

    # Three planned sets of 100 x 5 would hold the best session volume (1500 > 500).
    records = await _get(client, user, "/v1/records")
    (squat,) = records["items"]
    assert squat["best_session_volume"]["workout_id"] == logged["id"]
    assert squat["heaviest_load"]["set_id"] == logged["exercises"][0]["sets"][0]["id"]
    volume = await _get(client, user, "/v1/stats/volume", **RANGE)
    assert [i["key"] for i in volume["items"]] == [lifts.squat]
    assert _squat_volume(volume, lifts.squat) == (1, 500)

    # A heavier plan is still no record, and an edit of it flags none.
    heavier = await _patch(client, user, planned[0]["id"], {"weight": 120})
    assert (heavier["planned"], heavier["records"]) == (True, [])
    assert await _get(client, user, "/v1/records") == records

    # Completing it says it was done: it counts, and the answer flags what it broke.
    done = await _patch(client, user, planned[0]["id"], {"completed_at": DONE_AT})
    assert done["planned"] is False
    assert {"heaviest_load", "best_e1rm", "best_session_volume"} <= set(done["records"])
    (squat,) = (await _get(client, user, "/v1/records"))["items"]
    assert squat["heaviest_load"]["set_id"] == planned[0]["id"]
    # 120 x 5 alone: 600 against 500, the two sets still planned adding nothing.
    assert squat["best_session_volume"]["workout_id"] == started["id"]
    assert squat["best_session_volume"]["value"] == 600
    volume = await _get(client, user, "/v1/stats/volume", **RANGE)
    assert _squat_volume(volume, lifts.squat) == (2, 1100)


async def test_a_patch_says_planned_or_not_and_never_null(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user, _, _, started = await _history_and_plan(client, lifts)
    first, second, third = (s["id"] for s in started["exercises"][0]["sets"])
    refused = await client.patch(f"/v1/sets/{first}", headers=user.headers, json={"planned": None})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == PROBLEM
    # A completion time that says planned keeps it (a plan written ahead of its time).
    kept = await _patch(client, user, first, {"completed_at": DONE_AT, "planned": True})
    assert (kept["planned"], kept["records"]) == (True, [])
    assert (await _patch(client, user, second, {"planned": False}))["planned"] is False
    # Clearing the completion time leaves the flag as it was.
    assert (await _patch(client, user, second, {"completed_at": None}))["planned"] is False
    assert (await _patch(client, user, third, {"reps": 3}))["planned"] is True
    volume = await _get(client, user, "/v1/stats/volume", **RANGE)
    assert _squat_volume(volume, lifts.squat) == (2, 1000)


async def test_a_set_logged_as_planned_is_flagged_and_breaks_nothing(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user, _, _, started = await _history_and_plan(client, lifts)
    records = await _get(client, user, "/v1/records")
    exercise = started["exercises"][0]
    url = f"/v1/workouts/{started['id']}/exercises/{exercise['id']}/sets"
    body = {"weight": 150, "unit": "kg", "reps": 5, "planned": True}
    response = await client.post(url, headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    assert (response.json()["planned"], response.json()["records"]) == (True, [])
    assert await _get(client, user, "/v1/records") == records
    response = await client.post(url, headers=user.headers, json={**body, "planned": False})
    assert response.status_code == 201, response.text
    assert response.json()["planned"] is False
    assert "heaviest_load" in response.json()["records"]


async def test_the_next_start_ignores_a_plan_left_undone(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user, logged, template, started = await _history_and_plan(client, lifts)
    again = await _start(client, user, template["id"], days=2)
    squat, press = again["exercises"]
    last = squat["last_performance"]
    assert last["workout_id"] == logged["id"]
    assert [s["id"] for s in last["sets"]] == [s["id"] for s in logged["exercises"][0]["sets"]]
    assert [s["planned"] for s in last["sets"]] == [False]
    # The presses were never done at all: nothing to start from.
    assert press["last_performance"] is None
    assert started["exercises"][1]["last_performance"] is None


def _document(workout: dict[str, Any]) -> dict[str, Any]:
    """A workout as read, as the whole-document PUT takes it."""
    fields = ("id", "title", "started_at", "ended_at", "notes", "gym_id")
    set_fields = (
        "id", "set_type", "weight", "unit", "reps", "duration_s", "distance_m", "rpe", "rir",
        "completed_at", "planned",
    )  # fmt: skip
    return {k: workout[k] for k in fields} | {
        "exercises": [
            {k: e[k] for k in ("id", "exercise_id", "position", "superset_group", "notes")}
            | {"sets": [{k: s[k] for k in set_fields} for s in e["sets"]]}
            for e in workout["exercises"]
        ]
    }


async def test_a_put_round_trip_keeps_planned(client: httpx.AsyncClient, lifts: Lifts) -> None:
    user, _, _, started = await _history_and_plan(client, lifts)
    url = f"/v1/workouts/{started['id']}"
    read = await _get(client, user, url)
    written = await client.put(url, headers=user.headers, json=_document(read))
    assert written.status_code == 200, written.text
    assert written.json() == read  # the same document again changes nothing
    # The client finishes the first set offline and syncs the whole workout.
    document = _document(read)
    first = document["exercises"][0]["sets"][0]
    first |= {"weight": 110, "completed_at": DONE_AT, "planned": False}
    written = await client.put(url, headers=user.headers, json=document)
    assert written.status_code == 200, written.text
    assert [s["planned"] for s in written.json()["exercises"][0]["sets"]] == [False, True, True]
    (squat,) = (await _get(client, user, "/v1/records"))["items"]
    assert squat["heaviest_load"]["set_id"] == first["id"]
    # A set without the field is a done one.
    del document["exercises"][0]["sets"][1]["planned"]
    written = await client.put(url, headers=user.headers, json=document)
    assert [s["planned"] for s in written.json()["exercises"][0]["sets"]] == [False, False, True]


async def test_the_sync_feed_carries_the_flag(client: httpx.AsyncClient, lifts: Lifts) -> None:
    user, _, _, started = await _history_and_plan(client, lifts)
    pages, cursor = await walk(client, user)
    rows = {c["id"]: c["row"] for page in pages for c in page if c["table"] == "workout_sets"}
    planned_ids = [s["id"] for e in started["exercises"] for s in e["sets"]]
    assert [rows[i]["planned"] for i in planned_ids] == [True] * 5
    assert sum(not row["planned"] for row in rows.values()) == 1  # the logged set
    await _patch(client, user, planned_ids[0], {"completed_at": DONE_AT})
    pages, _ = await walk(client, user, since=cursor)
    (change,) = [c for page in pages for c in page]
    assert (change["id"], change["row"]["planned"]) == (planned_ids[0], False)


async def test_the_csv_export_leaves_planned_sets_out_and_the_json_keeps_them(
    client: httpx.AsyncClient, lifts: Lifts
) -> None:
    user, _, _, started = await _history_and_plan(client, lifts)
    squat_sets = started["exercises"][0]["sets"]
    await _patch(client, user, squat_sets[0]["id"], {"weight": 110, "completed_at": DONE_AT})
    response = await client.get("/v1/exports", headers=user.headers, params={"format": "csv"})
    assert response.status_code == 200, response.text
    header, *rows = list(csv.reader(io.StringIO(response.text), delimiter=";"))
    named = [dict(zip(header, row, strict=True)) for row in rows]
    # The logged set and the one completed; the presses, only planned, not at all.
    assert [(r["Workout #"], r["Weight (kg)"], r["Reps"]) for r in named] == [
        ("1", "100", "5"),
        ("2", "110", "5"),
    ]
    assert len({r["Exercise Name"] for r in named}) == 1
    document = await _get(client, user, "/v1/exports", format="json")
    workout = next(w for w in document["workouts"] if w["id"] == started["id"])
    squat, press = workout["exercises"]
    assert [s["planned"] for s in squat["sets"]] == [False, True, True]
    assert [s["planned"] for s in press["sets"]] == [True, True]

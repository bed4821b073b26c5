"""The conflict rule (docs/adr/0008): per row, the write with the newer client_updated_at
wins, whatever the order writes arrive in; a document's omission deletes only what was not
changed after it; a row deleted after a write's time is not brought back by it; writing the
same document again changes nothing, not even the feed."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.training.sync.conftest import PROBLEM, ago, as_workout, feed, head, put, replay, walk
from tests.training.workouts.conftest import document, stored_rows

Docs = dict[str, dict[str, Any]]


def _sets(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for e in doc["exercises"] for s in e["sets"]]


def _outcome(body: dict[str, Any]) -> tuple[Any, ...]:
    """What a lifter sees of a workout, ids left out (two people play the same story)."""
    return (
        body["title"],
        tuple(
            (e["position"], tuple((s["reps"], s["weight"]) for s in e["sets"]))
            for e in body["exercises"]
        ),
    )


async def _both_orders(
    client: httpx.AsyncClient, exercise_ids: list[str], story: Callable[[list[str]], Docs]
) -> list[tuple[dict[str, Any], SignedUpUser]]:
    """The story's base document, then device A's and B's, in both orders (two people)."""
    results = []
    for order in (("a", "b"), ("b", "a")):
        user = await sign_up(client)
        docs = story(exercise_ids)
        await put(client, user, docs["base"])
        for device in order:
            await put(client, user, docs[device])
        read = await client.get(f"/v1/workouts/{docs['base']['id']}", headers=user.headers)
        results.append((read.json(), user))
    return results


def _newer_device_edits_everything(exercise_ids: list[str]) -> Docs:
    """A and B both edit a synced workout offline; B's clock says later."""
    base = document(exercise_ids, exercises=1, sets=3)
    base["client_updated_at"] = ago(180)
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    a["client_updated_at"], b["client_updated_at"] = ago(120), ago(60)
    a["title"], b["title"] = "Device A", "Device B"
    _sets(a)[0]["reps"], _sets(b)[0]["reps"] = 6, 7
    _sets(a)[1]["reps"] = 9  # B left this set as it was, but its document is newer
    _sets(b)[2]["weight"] = 110
    return {"base": base, "a": a, "b": b}


async def test_two_devices_the_newer_wins_in_either_order(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    (first, user), (second, _) = await _both_orders(
        client, exercise_ids, _newer_device_edits_everything
    )
    assert _outcome(first) == _outcome(second)
    assert _outcome(first) == ("Device B", ((0, ((7, 100), (5, 100), (5, 110))),))
    assert await stored_rows(owner_url, user.id) == (1, 1, 3)
    pages, _ = await walk(client, user)
    assert as_workout(replay(pages), first["id"]) == first


def _each_device_edits_its_own_rows(exercise_ids: list[str]) -> Docs:
    """Rows carry their own stamps: each device sends the time it last changed each row.
    A changed the first set long ago and added a set just now; B changed the second set in
    between and dropped the third (which nobody changed since the base)."""
    base = document(exercise_ids, exercises=1, sets=3)
    base["client_updated_at"] = ago(180)
    for row in [*base["exercises"], *_sets(base)]:
        row["client_updated_at"] = ago(180)
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    a["client_updated_at"] = ago(30)
    _sets(a)[0].update(reps=6, client_updated_at=ago(120))
    added = {**_sets(a)[2], "id": str(uuid.uuid4()), "reps": 12, "client_updated_at": ago(30)}
    a["exercises"][0]["sets"].append(added)
    b["client_updated_at"] = ago(60)
    _sets(b)[1].update(reps=7, client_updated_at=ago(60))
    del b["exercises"][0]["sets"][2]
    return {"base": base, "a": a, "b": b}


async def test_two_devices_merge_row_by_row(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    results = await _both_orders(client, exercise_ids, _each_device_edits_its_own_rows)
    outcomes = {_outcome(body) for body, _ in results}
    # A's first set and B's second; A's new set stays (changed after B's document); the
    # third is gone: B removed it after its last change, and A's copy of it, unchanged
    # since the base, does not bring it back.
    assert len(outcomes) == 1
    assert outcomes.pop() == ("Lower A", ((0, ((6, 100), (7, 100), (12, 100))),))


async def test_an_omission_keeps_rows_changed_after_the_document(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    base = document(exercise_ids, exercises=2, sets=2)
    base["client_updated_at"] = ago(180)
    await put(client, user, base)
    kept_set = _sets(base)[1]["id"]
    patched = await client.patch(
        f"/v1/sets/{kept_set}", headers=user.headers, json={"reps": 9, "client_updated_at": ago(30)}
    )
    assert patched.status_code == 200
    assert patched.json()["reps"] == 9
    # A device that never saw that edit drops the set, and the second exercise, an hour ago.
    stale = copy.deepcopy(base)
    stale["client_updated_at"] = ago(60)
    del stale["exercises"][1]
    del stale["exercises"][0]["sets"][1]
    body = await put(client, user, stale)
    assert [[s["id"] for s in e["sets"]] for e in body["exercises"]] == [
        [_sets(base)[0]["id"], kept_set]
    ]
    # Unstamped, the same removal is as of now: newer than the edit, so it goes.
    del stale["client_updated_at"]
    body = await put(client, user, stale)
    assert [[s["id"] for s in e["sets"]] for e in body["exercises"]] == [[_sets(base)[0]["id"]]]


async def test_a_stale_write_does_not_bring_back_a_deleted_set(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=1, sets=3)
    doc["client_updated_at"] = ago(60)
    await put(client, user, doc)
    gone = _sets(doc)[0]["id"]
    assert (await client.delete(f"/v1/sets/{gone}", headers=user.headers)).status_code == 204
    cursor = await head(client, user)
    # The device's queue sends the document again: nothing at all changes.
    body = await put(client, user, doc)
    assert gone not in [s["id"] for s in _sets(body)]
    assert (await feed(client, user, since=cursor))["changes"] == []
    # Edited on a device a minute ago, before the delete reached the server: the other
    # rows take the edit, the deleted set stays deleted.
    body = await put(client, user, {**doc, "client_updated_at": ago(1)})
    assert gone not in [s["id"] for s in _sets(body)]
    assert await stored_rows(owner_url, user.id) == (1, 1, 2)
    changes = (await feed(client, user, since=cursor))["changes"]
    assert gone not in [c["id"] for c in changes]
    assert len(changes) == 1 + 1 + 2
    # Written after the delete (here: unstamped, the server's now), it is back.
    del doc["client_updated_at"]
    body = await put(client, user, doc)
    assert gone in [s["id"] for s in _sets(body)]


async def test_a_stale_write_does_not_bring_back_a_deleted_workout(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    doc["client_updated_at"] = ago(60)
    path = f"/v1/workouts/{doc['id']}"
    await put(client, user, doc)
    assert (await client.delete(path, headers=user.headers)).status_code == 204
    cursor = await head(client, user)
    response = await client.put(path, headers=user.headers, json=doc)
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/deleted-later")
    assert await stored_rows(owner_url, user.id) == (0, 0, 0)
    assert (await feed(client, user, since=cursor))["changes"] == []
    # A later write re-creates it, deliberately.
    doc["client_updated_at"] = ago(-1)
    assert (await client.put(path, headers=user.headers, json=doc)).status_code == 200
    assert await stored_rows(owner_url, user.id) == (1, 2, 6)


async def test_adding_to_a_deleted_exercise_with_an_old_stamp_is_409(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=1, sets=1)
    await put(client, user, doc)
    exercise = doc["exercises"][0]
    gone_set = exercise["sets"][0]["id"]
    assert (await client.delete(f"/v1/sets/{gone_set}", headers=user.headers)).status_code == 204
    path = f"/v1/workouts/{doc['id']}/exercises/{exercise['id']}/sets"
    again = {"id": gone_set, "reps": 5, "client_updated_at": ago(5)}
    response = await client.post(path, headers=user.headers, json=again)
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == PROBLEM
    assert await stored_rows(owner_url, user.id) == (1, 1, 0)


@pytest.mark.parametrize("where", ["set", "workout"])
async def test_an_older_edit_changes_nothing_a_newer_one_applies(
    client: httpx.AsyncClient, exercise_ids: list[str], where: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids, exercises=1, sets=1)
    doc["client_updated_at"] = ago(60)
    await put(client, user, doc)
    value: int | str
    if where == "set":
        path, field, value = f"/v1/sets/{_sets(doc)[0]['id']}", "reps", 9
    else:
        path, field, value = f"/v1/workouts/{doc['id']}", "title", "Renamed"
    cursor = await head(client, user)

    older = await client.patch(
        path, headers=user.headers, json={field: value, "client_updated_at": ago(90)}
    )
    assert older.status_code == 200, older.text
    assert older.json()[field] != value
    assert (await feed(client, user, since=cursor))["changes"] == []

    stamp = ago(30)
    newer = await client.patch(
        path, headers=user.headers, json={field: value, "client_updated_at": stamp}
    )
    assert newer.json()[field] == value
    (change,) = (await feed(client, user, since=cursor))["changes"]
    assert change["row"][field] == value
    assert dt.datetime.fromisoformat(change["row"]["client_updated_at"]) == (
        dt.datetime.fromisoformat(stamp)
    )


async def test_another_persons_set_stays_404_whatever_the_stamp(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    owner, other = await sign_up(client), await sign_up(client)
    doc = document(exercise_ids, exercises=1, sets=1)
    await put(client, owner, doc)
    for path, body in (
        (f"/v1/sets/{_sets(doc)[0]['id']}", {"reps": 1, "client_updated_at": ago(-5)}),
        (f"/v1/workouts/{doc['id']}", {"title": "Mine", "client_updated_at": ago(-5)}),
    ):
        response = await client.patch(path, headers=other.headers, json=body)
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("stamped", ["document", "rows", "none"])
async def test_the_same_document_again_adds_nothing_to_the_feed(
    client: httpx.AsyncClient, exercise_ids: list[str], stamped: str
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    if stamped != "none":
        doc["client_updated_at"] = ago(60)
    if stamped == "rows":
        for i, row in enumerate([*doc["exercises"], *_sets(doc)]):
            row["client_updated_at"] = ago(120 + i)
    first = await put(client, user, doc)
    cursor = await head(client, user)
    second = await put(client, user, doc)
    assert second == first
    assert await feed(client, user, since=cursor) == {
        "changes": [],
        "next_cursor": cursor,
        "has_more": False,
    }


def _naive(doc: dict[str, Any]) -> None:
    doc["client_updated_at"] = "2026-11-02T18:00:00"


def _from_the_future(doc: dict[str, Any]) -> None:
    doc["client_updated_at"] = ago(-30)


def _a_set_before_2000(doc: dict[str, Any]) -> None:
    _sets(doc)[0]["client_updated_at"] = "1999-12-31T23:59:59Z"


def _not_a_time(doc: dict[str, Any]) -> None:
    doc["exercises"][0]["client_updated_at"] = "yesterday"


@pytest.mark.parametrize("spoil", [_naive, _from_the_future, _a_set_before_2000, _not_a_time])
async def test_an_implausible_stamp_is_422_and_stores_nothing(
    client: httpx.AsyncClient, exercise_ids: list[str], owner_url: str, spoil: Any
) -> None:
    user = await sign_up(client)
    doc = document(exercise_ids)
    spoil(doc)
    response = await client.put(f"/v1/workouts/{doc['id']}", headers=user.headers, json=doc)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert await stored_rows(owner_url, user.id) == (0, 0, 0)

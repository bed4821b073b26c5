"""The conflict rule on templates (docs/adr/0008): PATCH /v1/templates/{id} with
client_updated_at, per row, like the workouts' writes."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from tests.conftest import SignedUpUser, sign_up
from tests.training.sync.conftest import ago, feed, head

# A template is created at the server's time, so the devices' later edits are stamped
# minutes ahead of now (within the 10 minutes a clock may run ahead).
LATER, LATEST = -2, -4


async def _template(
    client: httpx.AsyncClient, user: SignedUpUser, exercise_ids: list[str]
) -> dict[str, Any]:
    body = {
        "name": "Lower A",
        "exercises": [
            {"exercise_id": exercise_ids[0], "target_sets": 3, "rep_min": 3, "rep_max": 5},
            {"exercise_id": exercise_ids[1], "target_sets": 2, "rep_min": 8, "rep_max": 10},
        ],
    }
    response = await client.post("/v1/templates", headers=user.headers, json=body)
    assert response.status_code == 201, response.text
    template: dict[str, Any] = response.json()
    # Each list item as the client holds it: with its stamp, from the feed.
    stamps = {c["id"]: c["row"]["client_updated_at"] for c in (await feed(client, user))["changes"]}
    for exercise in template["exercises"]:
        exercise["client_updated_at"] = stamps[exercise["id"]]
    return template


async def _patch(
    client: httpx.AsyncClient, user: SignedUpUser, template_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.patch(f"/v1/templates/{template_id}", headers=user.headers, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_two_devices_edit_a_template_row_by_row(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    outcomes = []
    for order in (("a", "b"), ("b", "a")):
        user = await sign_up(client)
        template = await _template(client, user, exercise_ids)
        a, b = copy.deepcopy(template["exercises"]), copy.deepcopy(template["exercises"])
        a[0].update(target_sets=5, client_updated_at=ago(LATER))
        b[1].update(rep_max=12, client_updated_at=ago(LATEST))
        edits = {
            "a": {"name": "Device A", "client_updated_at": ago(LATER), "exercises": a},
            "b": {"name": "Device B", "client_updated_at": ago(LATEST), "exercises": b},
        }
        for device in order:
            await _patch(client, user, template["id"], edits[device])
        read = await client.get(f"/v1/templates/{template['id']}", headers=user.headers)
        body = read.json()
        outcomes.append(
            (body["name"], [(e["target_sets"], e["rep_max"]) for e in body["exercises"]])
        )
    assert outcomes[0] == outcomes[1] == ("Device B", [(5, 5), (2, 12)])


async def test_a_stale_template_edit_changes_nothing_and_brings_nothing_back(
    client: httpx.AsyncClient, exercise_ids: list[str]
) -> None:
    user = await sign_up(client)
    template = await _template(client, user, exercise_ids)
    stale_list = copy.deepcopy(template["exercises"])
    # Now (unstamped): drop the second exercise.
    kept = await _patch(client, user, template["id"], {"exercises": stale_list[:1]})
    assert len(kept["exercises"]) == 1
    cursor = await head(client, user)
    # A device whose edit predates that sends the old list and an old name.
    stale = {"name": "Old", "client_updated_at": ago(1), "exercises": stale_list}
    assert await _patch(client, user, template["id"], stale) == kept
    assert (await feed(client, user, since=cursor))["changes"] == []
    # The same edit again, unstamped, changes nothing either.
    assert await _patch(client, user, template["id"], {"exercises": stale_list[:1]}) == kept
    assert (await feed(client, user, since=cursor))["changes"] == []

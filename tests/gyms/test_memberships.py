"""Memberships: joining, leaving, the default gym, and the list of one's gyms."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.conftest import sign_up
from tests.gyms.conftest import Catalog, assert_problem, create_gym, join


async def test_join_leave_and_the_default_gym(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user = await sign_up(client)
    first, second = await create_gym(client, user), await create_gym(client, user)
    joined = await client.post(f"/v1/gyms/{first['id']}/join", headers=user.headers)
    assert joined.status_code == 201
    assert joined.json()["is_default"] is True  # the first gym becomes the default
    again = await client.post(f"/v1/gyms/{first['id']}/join", headers=user.headers)
    assert_problem(again, 409)
    second_join = await client.post(
        f"/v1/gyms/{second['id']}/join", headers=user.headers, json={"is_default": True}
    )
    assert second_join.json()["is_default"] is True
    mine = (await client.get("/v1/me/gyms", headers=user.headers)).json()["items"]
    assert [(m["gym"]["id"], m["is_default"]) for m in mine] == [
        (first["id"], False),
        (second["id"], True),
    ]
    switched = await client.patch(
        f"/v1/me/gyms/{first['id']}", headers=user.headers, json={"is_default": True}
    )
    assert switched.json()["is_default"] is True
    mine = (await client.get("/v1/me/gyms", headers=user.headers)).json()["items"]
    assert [m["gym"]["id"] for m in mine if m["is_default"]] == [first["id"]]
    left = await client.delete(f"/v1/gyms/{first['id']}/membership", headers=user.headers)
    assert left.status_code == 204
    assert_problem(
        await client.delete(f"/v1/gyms/{first['id']}/membership", headers=user.headers), 404
    )
    assert_problem(await client.post(f"/v1/gyms/{uuid.uuid4()}/join", headers=user.headers), 404)
    detail = (await client.get(f"/v1/gyms/{second['id']}", headers=user.headers)).json()
    assert detail["is_member"] is True


async def test_parallel_default_switches_all_succeed(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    """20 parallel PATCHes of the default, to one gym and to another: no 5xx, one default."""
    user = await sign_up(client)
    gyms = [await create_gym(client, user) for _ in range(3)]
    for gym in gyms:
        await join(client, user, gym["id"])
    answers = await asyncio.gather(
        *(
            client.patch(
                f"/v1/me/gyms/{gyms[i % 2 + 1]['id']}",
                headers=user.headers,
                json={"is_default": True},
            )
            for i in range(20)
        )
    )
    assert [a.status_code for a in answers] == [200] * 20, [a.text for a in answers]
    mine = (await client.get("/v1/me/gyms", headers=user.headers)).json()["items"]
    assert len([m for m in mine if m["is_default"]]) == 1


async def test_my_gyms_pages(client: httpx.AsyncClient, catalog: Catalog) -> None:
    user = await sign_up(client)
    gyms = [await create_gym(client, user) for _ in range(3)]
    for gym in gyms:
        await join(client, user, gym["id"])
    first = (await client.get("/v1/me/gyms", headers=user.headers, params={"limit": 2})).json()
    rest = (
        await client.get(
            "/v1/me/gyms", headers=user.headers, params={"limit": 2, "cursor": first["next_cursor"]}
        )
    ).json()
    assert [m["gym"]["id"] for m in first["items"] + rest["items"]] == [g["id"] for g in gyms]
    assert rest["next_cursor"] is None

"""GET /v1/feed: what it holds, its order, its pages, and its statement count."""

from __future__ import annotations

import httpx

from tests.conftest import QueryCounter, sign_up_admin
from tests.social.conftest import befriend, block, create_gym, join, log_workout, named, post
from tests.support import walk_pages


async def test_what_the_feed_holds(client: httpx.AsyncClient) -> None:
    me, friend, gym_mate, stranger, blocked_mate, elsewhere = [
        await named(client) for _ in range(6)
    ]
    gym, other_gym = await create_gym(client, me), await create_gym(client, elsewhere)
    await join(client, elsewhere, other_gym)
    for person in (me, gym_mate, blocked_mate, elsewhere):
        await join(client, person, gym)
    await befriend(client, me, friend)
    await block(client, me, blocked_mate)
    at_gym = {
        person.id: (await log_workout(client, person, gym_id=gym))["id"]
        for person in (gym_mate, blocked_mate)
    }
    wanted = [
        await post(client, me, "private"),
        await post(client, me, "public"),
        await post(client, friend, "friends"),
        await post(client, friend, "public"),
        await post(client, gym_mate, "public", workout_id=at_gym[gym_mate.id]),
        # Without a workout: the author's default gym (the first they joined).
        await post(client, gym_mate, "public"),
    ]
    unwanted = [
        await post(client, friend, "private"),
        await post(client, gym_mate, "friends", workout_id=at_gym[gym_mate.id]),
        await post(client, elsewhere, "public"),  # a member whose default gym is another
        await post(client, stranger, "public"),
        await post(client, blocked_mate, "public", workout_id=at_gym[blocked_mate.id]),
    ]
    items = await walk_pages(client, "/v1/feed", me.headers)
    ids = [item["id"] for item in items]
    assert ids == [p["id"] for p in reversed(wanted)]
    assert not {p["id"] for p in unwanted} & set(ids)
    # The post of a workout at the gym carries its summary.
    assert items[1]["workout"]["exercises"]


async def test_pages_walk_the_same_list_newest_first(client: httpx.AsyncClient) -> None:
    me, friend = await named(client), await named(client)
    await befriend(client, me, friend)
    made = [await post(client, who, "friends") for _ in range(4) for who in (me, friend)]
    whole = await walk_pages(client, "/v1/feed", me.headers)
    paged = await walk_pages(client, "/v1/feed", me.headers, limit=3)
    assert [p["id"] for p in paged] == [p["id"] for p in whole]
    assert [p["id"] for p in whole] == [p["id"] for p in reversed(made)]
    stamps = [(p["created_at"], p["id"]) for p in whole]
    assert stamps == sorted(stamps, reverse=True)


async def test_a_fixed_number_of_statements_per_page(
    client: httpx.AsyncClient, query_counter: QueryCounter
) -> None:
    me = await named(client)
    gyms = [await create_gym(client, me) for _ in range(2)]
    friends = [await named(client) for _ in range(4)]
    for friend in friends:
        await befriend(client, me, friend)
        for _ in range(3):
            await post(client, friend, "public")
    counts, cursor = [], None
    while True:
        query_counter.count = 0
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/v1/feed", headers=me.headers, params=params)
        assert response.status_code == 200, response.text
        counts.append(query_counter.count)
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert len(counts) == 6
    # BEGIN, the request's role and claims, the caller's gyms, the page, the unit, COMMIT.
    assert set(counts) == {6}, counts
    assert gyms


async def test_hidden_and_blocked_leave_the_feed(client: httpx.AsyncClient, owner_url: str) -> None:
    me, friend = await named(client), await named(client)
    admin = await sign_up_admin(client, owner_url)
    await befriend(client, me, friend)
    hidden = await post(client, friend, "public")
    kept = await post(client, friend, "friends")
    response = await client.post(
        f"/v1/admin/posts/{hidden['id']}/hide", headers=admin.headers, json={"reason": "spam"}
    )
    assert response.status_code == 200, response.text
    ids = [p["id"] for p in await walk_pages(client, "/v1/feed", me.headers)]
    assert ids == [kept["id"]]
    await block(client, friend, me)
    assert await walk_pages(client, "/v1/feed", me.headers) == []


async def test_a_forged_cursor_is_refused(client: httpx.AsyncClient) -> None:
    me = await named(client)
    response = await client.get("/v1/feed", headers=me.headers, params={"cursor": "abc.def"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    too_many = await client.get("/v1/feed", headers=me.headers, params={"limit": 1000})
    assert too_many.status_code == 422

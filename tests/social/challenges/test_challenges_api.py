"""Challenges through the API: create, read, list, join, leave; bad input; who sees what."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import SignedUpUser, sign_up
from tests.social.conftest import PROBLEM, befriend
from tests.social.lifts import BENCH
from tests.support import as_user, walk_pages

NOW = dt.datetime.now(dt.UTC)


def challenge(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "November volume",
        "metric": "volume",
        "starts_at": (NOW - dt.timedelta(days=3)).isoformat(),
        "ends_at": (NOW + dt.timedelta(days=27)).isoformat(),
        "visibility": "public",
    }
    body.update(changes)
    return body


async def create(client: httpx.AsyncClient, user: SignedUpUser, **changes: Any) -> dict[str, Any]:
    response = await client.post("/v1/challenges", headers=user.headers, json=challenge(**changes))
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_create_read_list_join_leave(
    client: httpx.AsyncClient, exercises: dict[str, str]
) -> None:
    alice, bob = await sign_up(client), await sign_up(client)
    made = await create(client, alice, metric="e1rm", exercise_id=exercises[BENCH])
    assert made["creator_id"] == str(alice.id)
    assert (made["metric"], made["exercise_id"], made["visibility"]) == (
        "e1rm",
        exercises[BENCH],
        "public",
    )
    assert (made["participants"], made["my_status"]) == (1, "joined")  # the creator joins

    path = f"/v1/challenges/{made['id']}"
    seen = (await client.get(path, headers=bob.headers)).json()
    assert (seen["participants"], seen["my_status"]) == (1, None)
    listed = await walk_pages(client, "/v1/challenges", bob.headers)
    assert made["id"] in [c["id"] for c in listed]

    joined = await client.post(f"{path}/join", headers=bob.headers)
    assert joined.status_code == 200, joined.text
    assert (joined.json()["status"], joined.json()["value"]) == ("joined", 0)
    again = await client.post(f"{path}/join", headers=bob.headers)
    assert again.json()["joined_at"] == joined.json()["joined_at"]  # joining twice: no change
    assert (await client.get(path, headers=bob.headers)).json()["participants"] == 2

    assert (await client.delete(f"{path}/membership", headers=bob.headers)).status_code == 204
    gone = await client.delete(f"{path}/membership", headers=bob.headers)
    assert (gone.status_code, gone.headers["content-type"]) == (404, PROBLEM)
    assert (await client.get(path, headers=bob.headers)).json()["participants"] == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"metric": "sets"},  # needs an exercise
        {"metric": "volume", "exercise_id": str(uuid.uuid4())},  # only sets and e1rm take one
        {"metric": "miles"},
        {"visibility": "everyone"},
        {"title": ""},
        {"title": "   "},
        {"title": "x" * 121},
        {"ends_at": (NOW - dt.timedelta(days=4)).isoformat()},  # before the start
        {"ends_at": (NOW + dt.timedelta(days=400)).isoformat()},  # longer than 366 days
        {"starts_at": "2026-11-01T00:00:00"},  # no time zone
        {"starts_at": "1900-01-01T00:00:00Z"},
        {"visibility": "gym"},  # needs a gym
        {"gym_id": str(uuid.uuid4())},  # only for gym visibility
        {"invitees": [str(uuid.uuid4())]},  # only for invite-only
        {"visibility": "invite", "invitees": [str(uuid.uuid4())] * 2},
        {"visibility": "invite", "invitees": [str(uuid.uuid4()) for _ in range(101)]},
        {"unknown": 1},
    ],
)
async def test_bad_input_is_refused_and_nothing_stored(
    client: httpx.AsyncClient, owner: asyncpg.Connection, changes: dict[str, Any]
) -> None:
    user = await sign_up(client)
    response = await client.post("/v1/challenges", headers=user.headers, json=challenge(**changes))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    count = "select count(*) from public.challenges where user_id = $1"
    assert await owner.fetchval(count, user.id) == 0


async def test_unknown_exercise_gym_or_invitee_refused(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    user = await sign_up(client)
    for changes, status in (
        ({"metric": "sets", "exercise_id": str(uuid.uuid4())}, 422),
        ({"visibility": "gym", "gym_id": str(uuid.uuid4())}, 422),  # not a member
        ({"visibility": "invite", "invitees": [str(uuid.uuid4())]}, 409),  # nobody
    ):
        response = await client.post(
            "/v1/challenges", headers=user.headers, json=challenge(**changes)
        )
        assert response.status_code == status, (changes, response.text)
        assert response.headers["content-type"] == PROBLEM
    count = "select count(*) from public.challenges where user_id = $1"
    assert await owner.fetchval(count, user.id) == 0


async def test_visibility_through_the_api_and_sql(
    client: httpx.AsyncClient,
    owner: asyncpg.Connection,
    authenticator_dsn: str,
    exercises: dict[str, str],
) -> None:
    creator, invited, member, stranger, friend = [await sign_up(client) for _ in range(5)]
    await befriend(client, creator, friend)
    gym = await client.post(
        "/v1/gyms", headers=creator.headers, json={"name": f"Iron {uuid.uuid4().hex[:6]}",
                                                   "time_zone": "Europe/Madrid"},
    )  # fmt: skip
    assert gym.status_code == 201, gym.text
    gym_id = gym.json()["id"]
    for person in (creator, member):
        joined = await client.post(f"/v1/gyms/{gym_id}/join", headers=person.headers)
        assert joined.status_code in (200, 201, 204), joined.text

    public = await create(client, creator)
    by_invite = await create(
        client, creator, visibility="invite", invitees=[str(invited.id)], title="Invite"
    )
    friends = await create(client, creator, visibility="friends", title="Friends")
    gym_only = await create(client, creator, visibility="gym", gym_id=gym_id, title="Gym")
    everything = {c["id"] for c in (public, by_invite, friends, gym_only)}
    expected = {
        creator.id: everything,
        invited.id: {public["id"], by_invite["id"]},
        member.id: {public["id"], gym_only["id"]},
        stranger.id: {public["id"]},
        friend.id: {public["id"], friends["id"]},
    }
    for person in (creator, invited, member, stranger, friend):
        listed = {c["id"] for c in await walk_pages(client, "/v1/challenges", person.headers)}
        assert listed & everything == expected[person.id], person
        for challenge_id in everything:
            status = (await client.get(f"/v1/challenges/{challenge_id}",
                                       headers=person.headers)).status_code  # fmt: skip
            board = await client.get(
                f"/v1/challenges/{challenge_id}/leaderboard", headers=person.headers
            )
            visible = challenge_id in expected[person.id]
            assert status == (200 if visible else 404)
            assert board.status_code == (200 if visible else 404)
        async with as_user(authenticator_dsn, person.id) as conn:
            seen = await conn.fetch(
                "select id::text from public.challenges where id = any($1::uuid[])",
                list(everything),
            )
            assert {r["id"] for r in seen} == expected[person.id]
            # Participants of the challenges one cannot see stay hidden as well.
            rows = await conn.fetch(
                "select challenge_id::text from public.challenge_participants "
                "where challenge_id = any($1::uuid[])",
                list(everything),
            )
            assert {r["challenge_id"] for r in rows} <= expected[person.id]

    # Joining: the invited accept, a gym member joins, nobody joins what they cannot see.
    invite_path = f"/v1/challenges/{by_invite['id']}"
    accepted = await client.post(f"{invite_path}/join", headers=invited.headers)
    assert (accepted.status_code, accepted.json()["status"]) == (200, "joined")
    gym_path = f"/v1/challenges/{gym_only['id']}"
    assert (await client.post(f"{gym_path}/join", headers=member.headers)).status_code == 200
    friends_path = f"/v1/challenges/{friends['id']}"
    assert (await client.post(f"{friends_path}/join", headers=friend.headers)).status_code == 200
    for path in (invite_path, gym_path, f"/v1/challenges/{friends['id']}"):
        refused = await client.post(f"{path}/join", headers=stranger.headers)
        assert (refused.status_code, refused.headers["content-type"]) == (404, PROBLEM)
    # ... nor in SQL, past the API.
    for challenge_id in (by_invite["id"], gym_only["id"], friends["id"]):
        async with as_user(authenticator_dsn, stranger.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    "insert into public.challenge_participants (user_id, challenge_id) "
                    "values ($1, $2)",
                    stranger.id,
                    uuid.UUID(challenge_id),
                )
    # People never write their own standing.
    async with as_user(authenticator_dsn, member.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(
                "update public.challenge_participants set value = 1e9 where user_id = $1",
                member.id,
            )


async def test_over_challenges_cannot_be_joined(client: httpx.AsyncClient) -> None:
    creator, late = await sign_up(client), await sign_up(client)
    over = await create(
        client,
        creator,
        starts_at=(NOW - dt.timedelta(days=30)).isoformat(),
        ends_at=(NOW - dt.timedelta(days=1)).isoformat(),
    )
    refused = await client.post(f"/v1/challenges/{over['id']}/join", headers=late.headers)
    assert (refused.status_code, refused.headers["content-type"]) == (409, PROBLEM)


async def test_list_statements_do_not_grow_with_the_page(
    client: httpx.AsyncClient, query_counter: Any
) -> None:
    user = await sign_up(client)
    for n in range(6):
        await create(client, user, title=f"Challenge {n}")
    counts = []
    for limit in (2, 6):
        query_counter.count = 0
        response = await client.get("/v1/challenges", headers=user.headers, params={"limit": limit})
        assert response.status_code == 200
        counts.append(query_counter.count)
    assert counts[0] == counts[1]
    assert counts[0] <= 5

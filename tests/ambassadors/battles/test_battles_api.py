"""Battles through the API: an approved ambassador creates, edits and cancels; invitations
and their answers; who sees what; bad input refused with nothing stored; statement counts
and paging walks of the lists."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.ambassadors.battles.conftest import (
    DAY,
    HOUR,
    ambassador,
    assert_problem,
    battle_body,
    create_battle,
    end,
    enlist,
    invite,
    now,
)
from tests.conftest import sign_up
from tests.social.conftest import block
from tests.social.lifts import BENCH
from tests.support import walk_pages

COUNT = "select count(*) from public.battles where user_id = $1"


async def test_create_read_edit_cancel(
    client: httpx.AsyncClient, owner: asyncpg.Connection, exercises: dict[str, str]
) -> None:
    amb = await ambassador(client, owner)
    starts, ends = now() + DAY, now() + 8 * DAY
    made = await create_battle(
        client,
        amb,
        metric="e1rm",
        exercise_id=exercises[BENCH],
        description="Heaviest bench",
        starts_at=starts.isoformat(),
        ends_at=ends.isoformat(),
        mode="team",
        teams=["Red", "Blue"],
        max_participants=10,
    )
    assert made["ambassador_id"] == str(amb.id)
    assert (made["metric"], made["mode"], made["teams"], made["phase"], made["my_role"]) == (
        "e1rm",
        "team",
        ["Red", "Blue"],
        "upcoming",
        "ambassador",
    )
    assert (made["participants"], made["winner_user_id"], made["settled_at"]) == (0, None, None)
    path = f"/v1/battles/{made['id']}"
    assert (await client.get(path, headers=amb.headers)).json() == made

    edited = await client.patch(
        path, headers=amb.headers, json={"title": "Bench week", "description": None}
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["title"], edited.json()["description"]) == ("Bench week", None)
    listed = await walk_pages(client, "/v1/battles", amb.headers)
    assert [b["id"] for b in listed] == [made["id"]]

    cancelled = await client.delete(path, headers=amb.headers)
    assert cancelled.status_code == 204
    assert_problem(await client.get(path, headers=amb.headers), 404)
    assert await owner.fetchval(COUNT, amb.id) == 0


async def test_only_approved_ambassadors_create(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    nobody = await sign_up(client)
    response = await client.post("/v1/battles", headers=nobody.headers, json=battle_body())
    assert_problem(response, 403)
    applied = await sign_up(client)
    await owner.execute(
        "insert into public.ambassador_profiles (user_id, region, pitch) values ($1, 'DE', 'x')",
        applied.id,
    )
    response = await client.post("/v1/battles", headers=applied.headers, json=battle_body())
    assert_problem(response, 403)
    assert "approved" in response.json()["detail"]
    for person in (nobody, applied):
        assert await owner.fetchval(COUNT, person.id) == 0


BAD_BODIES: list[dict[str, Any]] = [
    {"title": ""},
    {"title": "x" * 121},
    {"title": "   "},
    {"description": "x" * 2001},
    {"metric": "streak_days"},
    {"metric": "e1rm"},  # no exercise
    {"metric": "sessions", "exercise_id": str(uuid.uuid4())},
    {"ends_at": (now() - 3 * DAY).isoformat()},  # before the start
    {"ends_at": (now() + 100 * DAY).isoformat()},  # longer than 90 days
    {"starts_at": "2026-12-01T00:00:00"},  # no time zone
    {"mode": "team"},  # no teams
    {"teams": ["A", "B"]},  # teams in individual mode
    {"mode": "team", "teams": ["A"]},
    {"mode": "team", "teams": ["A", "a"]},
    {"mode": "team", "teams": [f"T{n}" for n in range(9)]},
    {"mode": "team", "teams": ["A", "x" * 41]},
    {"max_participants": 1},
    {"max_participants": 501},
    {"winner_user_id": str(uuid.uuid4())},
    {"exercise_id": str(uuid.uuid4())},  # not the catalog's
]


@pytest.mark.parametrize("changes", BAD_BODIES)
async def test_bad_battles_are_refused_and_nothing_stored(
    client: httpx.AsyncClient, owner: asyncpg.Connection, changes: dict[str, Any]
) -> None:
    amb = await ambassador(client, owner)
    response = await client.post("/v1/battles", headers=amb.headers, json=battle_body(**changes))
    assert_problem(response, 422)
    assert await owner.fetchval(COUNT, amb.id) == 0


async def test_a_battle_ending_in_the_past_is_refused(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    amb = await ambassador(client, owner)
    body = battle_body(starts_at=(now() - 5 * DAY).isoformat(), ends_at=(now() - DAY).isoformat())
    assert_problem(await client.post("/v1/battles", headers=amb.headers, json=body), 422)
    assert await owner.fetchval(COUNT, amb.id) == 0


async def test_edits_only_before_the_start(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    amb = await ambassador(client, owner)
    upcoming = await create_battle(
        client, amb, starts_at=(now() + DAY).isoformat(), ends_at=(now() + 3 * DAY).isoformat()
    )
    path = f"/v1/battles/{upcoming['id']}"
    for bad in (
        {"starts_at": (now() - HOUR).isoformat()},  # into the past
        {"ends_at": (now() + 200 * DAY).isoformat()},  # longer than 90 days
        {"ends_at": (now() + HOUR).isoformat()},  # before the start
        {},
        {"title": None},
        {"metric": "sets"},  # fixed at creation
    ):
        assert_problem(await client.patch(path, headers=amb.headers, json=bad), 422)
    moved = await client.patch(
        path, headers=amb.headers, json={"ends_at": (now() + 10 * DAY).isoformat()}
    )
    assert moved.status_code == 200, moved.text

    running = await create_battle(client, amb)
    response = await client.patch(
        f"/v1/battles/{running['id']}", headers=amb.headers, json={"title": "Renamed"}
    )
    assert_problem(response, 409)
    assert response.json()["type"].endswith("battle-started")
    title = await owner.fetchval(
        "select title from public.battles where id = $1", uuid.UUID(running["id"])
    )
    assert title == "December volume"


async def test_another_persons_battle_is_not_found(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    amb, other, invitee = (
        await ambassador(client, owner),
        await ambassador(client, owner),
        await sign_up(client),
    )
    made = await create_battle(client, amb)
    await invite(client, amb, made["id"], [invitee])
    path = f"/v1/battles/{made['id']}"
    body = {"invitees": [{"user_id": str(invitee.id)}]}
    for person in (other, invitee):
        assert_problem(await client.patch(path, headers=person.headers, json={"title": "x"}), 404)
        assert_problem(await client.delete(path, headers=person.headers), 404)
        assert_problem(
            await client.post(f"{path}/invitations", headers=person.headers, json=body), 404
        )
    # Only the invited and the ambassador see it (and its leaderboard).
    assert_problem(await client.get(path, headers=other.headers), 404)
    assert_problem(await client.get(f"{path}/leaderboard", headers=other.headers), 404)
    assert (await client.get(path, headers=invitee.headers)).json()["my_role"] == "invited"
    assert (await client.get(f"{path}/leaderboard", headers=invitee.headers)).status_code == 200
    assert await walk_pages(client, "/v1/battles", other.headers) == []
    assert_problem(await client.get(f"/v1/battles/{uuid.uuid4()}", headers=amb.headers), 404)
    assert await owner.fetchval(
        "select title from public.battles where id = $1", uuid.UUID(made["id"])
    ) == ("December volume")


async def test_invitations_pending_accepted_declined_expired(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    amb = await ambassador(client, owner)
    ana, ben, cyd = await sign_up(client), await sign_up(client), await sign_up(client)
    made = await create_battle(client, amb)
    invited = {i["user_id"]: i for i in await invite(client, amb, made["id"], [ana, ben, cyd])}
    assert {i["status"] for i in invited.values()} == {"pending"}
    assert {i["invited_by"] for i in invited.values()} == {str(amb.id)}

    mine = await walk_pages(client, "/v1/me/battle-invitations", ana.headers)
    assert [(i["battle_id"], i["status"], i["battle_title"]) for i in mine] == [
        (made["id"], "pending", "December volume")
    ]
    ana_inv, ben_inv, cyd_inv = (invited[str(p.id)]["id"] for p in (ana, ben, cyd))
    accepted = await client.post(f"/v1/battle-invitations/{ana_inv}/accept", headers=ana.headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["responded_at"] is not None
    declined = await client.post(f"/v1/battle-invitations/{ben_inv}/decline", headers=ben.headers)
    assert declined.json()["status"] == "declined"
    # Once only; never someone else's.
    again = await client.post(f"/v1/battle-invitations/{ben_inv}/accept", headers=ben.headers)
    assert_problem(again, 409)
    assert_problem(
        await client.post(f"/v1/battle-invitations/{cyd_inv}/accept", headers=ana.headers), 404
    )
    battle = (await client.get(f"/v1/battles/{made['id']}", headers=ana.headers)).json()
    assert (battle["participants"], battle["my_role"]) == (1, "participant")
    assert (await client.get(f"/v1/battles/{made['id']}", headers=ben.headers)).json()[
        "my_role"
    ] == "declined"
    participants = await owner.fetch(
        "select user_id from public.battle_participants where battle_id = $1",
        uuid.UUID(made["id"]),
    )
    assert [r["user_id"] for r in participants] == [ana.id]

    # The battle ends: Cyd's unanswered invitation reads expired and cannot be accepted.
    await end(owner, made["id"])
    listed = await walk_pages(client, "/v1/me/battle-invitations", cyd.headers)
    assert [i["status"] for i in listed] == ["expired"]
    late = await client.post(f"/v1/battle-invitations/{cyd_inv}/accept", headers=cyd.headers)
    assert_problem(late, 409)
    assert late.json()["type"].endswith("invitation-expired")
    assert (
        await owner.fetchval(
            "select count(*) from public.battle_participants where user_id = $1", cyd.id
        )
        == 0
    )
    # Nor are more people invited to it.
    other = await sign_up(client)
    body = {"invitees": [{"user_id": str(other.id)}]}
    response = await client.post(
        f"/v1/battles/{made['id']}/invitations", headers=amb.headers, json=body
    )
    assert_problem(response, 409)


async def test_bad_invitations_are_refused_and_nothing_stored(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    amb, ana, blocker = (
        await ambassador(client, owner),
        await sign_up(client),
        await sign_up(client),
    )
    await block(client, blocker, amb)
    made = await create_battle(client, amb)
    teams = await create_battle(client, amb, mode="team", teams=["Red", "Blue"])
    path = f"/v1/battles/{made['id']}/invitations"
    team_path = f"/v1/battles/{teams['id']}/invitations"

    def one(user_id: uuid.UUID | str, team: str | None = None) -> dict[str, Any]:
        return {"invitees": [{"user_id": str(user_id), "team": team}]}

    cases: list[tuple[str, dict[str, Any], int]] = [
        (path, one(amb.id), 422),  # oneself
        (path, one(uuid.uuid4()), 422),  # nobody
        (path, one(blocker.id), 422),  # blocked: not seen
        (path, one("not-a-uuid"), 422),
        (path, {"invitees": []}, 422),
        (path, {"invitees": [{"user_id": str(ana.id)}] * 2}, 422),  # repeated
        (path, {"invitees": [{"user_id": str(uuid.uuid4())} for _ in range(51)]}, 422),
        (path, one(ana.id, "Red"), 422),  # no teams here
        (team_path, one(ana.id), 422),  # a team is required
        (team_path, one(ana.id, "Green"), 422),  # not one of them
        (path, {"invitees": [{"user_id": str(ana.id), "extra": 1}]}, 422),
    ]
    for where, body, status in cases:
        assert_problem(await client.post(where, headers=amb.headers, json=body), status)
    stored = "select count(*) from public.battle_invitations where invited_by = $1"
    assert await owner.fetchval(stored, amb.id) == 0

    await invite(client, amb, made["id"], [ana])
    twice = await client.post(path, headers=amb.headers, json=one(ana.id))
    assert_problem(twice, 409)
    assert twice.json()["type"].endswith("already-invited")
    assert await owner.fetchval(stored, amb.id) == 1

    # A suspended ambassador invites no one new.
    await owner.execute(
        "update public.ambassador_profiles set status = 'suspended' where user_id = $1", amb.id
    )
    other = await sign_up(client)
    assert_problem(await client.post(path, headers=amb.headers, json=one(other.id)), 403)
    assert await owner.fetchval(stored, amb.id) == 1


async def test_a_full_battle_refuses_another_accept(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    amb = await ambassador(client, owner)
    people = [await sign_up(client) for _ in range(3)]
    made = await create_battle(client, amb, max_participants=2)
    invited = {i["user_id"]: i["id"] for i in await invite(client, amb, made["id"], people)}
    for person in people[:2]:
        done = await client.post(
            f"/v1/battle-invitations/{invited[str(person.id)]}/accept", headers=person.headers
        )
        assert done.status_code == 200, done.text
    last = people[2]
    full = await client.post(
        f"/v1/battle-invitations/{invited[str(last.id)]}/accept", headers=last.headers
    )
    assert_problem(full, 409)
    assert full.json()["type"].endswith("battle-full")
    assert (
        await owner.fetchval(
            "select count(*) from public.battle_participants where battle_id = $1",
            uuid.UUID(made["id"]),
        )
        == 2
    )
    # Lowering the bound under the accepted is refused (the battle has to be upcoming).
    soon = await create_battle(
        client, amb, starts_at=(now() + DAY).isoformat(), ends_at=(now() + 2 * DAY).isoformat()
    )
    await enlist(client, amb, soon["id"], people)
    response = await client.patch(
        f"/v1/battles/{soon['id']}", headers=amb.headers, json={"max_participants": 2}
    )
    assert_problem(response, 422)


async def test_lists_walk_and_cost_the_same_per_page(
    client: httpx.AsyncClient, owner: asyncpg.Connection, query_counter: Any
) -> None:
    amb, ana = await ambassador(client, owner), await sign_up(client)
    made = [await create_battle(client, amb, title=f"Battle {n}") for n in range(5)]
    for battle in made:
        await enlist(client, amb, battle["id"], [ana])
    people = [await sign_up(client) for _ in range(4)]
    await enlist(client, amb, made[0]["id"], people)

    for headers in (amb.headers, ana.headers):
        walked = await walk_pages(client, "/v1/battles", headers, limit=2)
        assert sorted(b["id"] for b in walked) == sorted(b["id"] for b in made)
    invitations = await walk_pages(client, "/v1/me/battle-invitations", ana.headers, limit=2)
    assert sorted(i["battle_id"] for i in invitations) == sorted(b["id"] for b in made)
    board = f"/v1/battles/{made[0]['id']}/leaderboard"
    standings = await walk_pages(client, board, ana.headers, limit=2)
    assert [s["rank"] for s in standings] == [1, 2, 3, 4, 5]
    assert {s["user_id"] for s in standings} == {str(p.id) for p in [ana, *people]}

    for path, headers in (
        ("/v1/battles", amb.headers),
        ("/v1/battles", ana.headers),
        ("/v1/me/battle-invitations", ana.headers),
        (board, ana.headers),
    ):
        counts = []
        for limit in (2, 6):
            query_counter.count = 0
            response = await client.get(path, headers=headers, params={"limit": limit})
            assert response.status_code == 200, response.text
            counts.append(query_counter.count)
        assert counts[0] == counts[1], path
        assert counts[0] <= 6, (path, counts)


async def test_a_cursor_of_another_list_is_refused(
    client: httpx.AsyncClient, owner: asyncpg.Connection
) -> None:
    amb = await ambassador(client, owner)
    for n in range(3):
        await create_battle(client, amb, title=f"B{n}")
    page = (await client.get("/v1/battles", headers=amb.headers, params={"limit": 1})).json()
    response = await client.get(
        "/v1/me/battle-invitations", headers=amb.headers, params={"cursor": page["next_cursor"]}
    )
    assert_problem(response, 422)
    for bad in ({"limit": 0}, {"limit": 10_000}, {"cursor": "x" * 3000}):
        assert_problem(await client.get("/v1/battles", headers=amb.headers, params=bad), 422)

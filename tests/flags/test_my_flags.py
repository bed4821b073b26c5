"""GET /v1/me/flags: every flag on or off for the caller, in one query, by the targeting
rules (enabled, listed people, pro only, a stable percentage, a minimum app version)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import asyncpg
import httpx

from tests.conftest import QueryCounter, SignedUpUser, sign_up
from tests.flags.conftest import PROBLEM, create_flag, my_flags

People = Callable[..., Any]


async def test_every_flag_is_listed_on_or_off(
    client: httpx.AsyncClient, admin: SignedUpUser
) -> None:
    on = await create_flag(client, admin)
    off = await create_flag(client, admin, enabled=False)
    user = await sign_up(client)
    flags = await my_flags(client, user.headers)
    assert flags[on["key"]] is True
    assert flags[off["key"]] is False


async def test_flags_are_read_in_one_query(
    client: httpx.AsyncClient, admin: SignedUpUser, query_counter: QueryCounter
) -> None:
    for _ in range(3):
        await create_flag(client, admin)
    user = await sign_up(client)
    before = query_counter.count
    await my_flags(client, user.headers, "1.0.0")
    # BEGIN, the caller's role and claims, the flags, COMMIT.
    assert query_counter.count - before == 4


async def test_disabled_is_off_even_for_listed_people(
    client: httpx.AsyncClient, admin: SignedUpUser, people: People
) -> None:
    (listed,) = await people(1)
    flag = await create_flag(client, admin, enabled=False, user_ids=[str(listed.id)])
    assert (await my_flags(client, listed.headers))[flag["key"]] is False


async def test_pro_only_is_on_for_pro_accounts(
    client: httpx.AsyncClient, admin: SignedUpUser, people: People
) -> None:
    flag = await create_flag(client, admin, pro_only=True)
    (pro,) = await people(1, pro=True)
    (free,) = await people(1)
    assert (await my_flags(client, pro.headers))[flag["key"]] is True
    assert (await my_flags(client, free.headers))[flag["key"]] is False


async def test_pro_status_is_read_now_not_from_the_token(
    client: httpx.AsyncClient, admin: SignedUpUser
) -> None:
    flag = await create_flag(client, admin, pro_only=True)
    user = await sign_up(client)
    assert (await my_flags(client, user.headers))[flag["key"]] is False
    made_pro = await client.patch(
        f"/v1/admin/users/{user.id}", headers=admin.headers, json={"is_pro": True}
    )
    assert made_pro.status_code == 200
    assert (await my_flags(client, user.headers))[flag["key"]] is True


async def test_listed_people_get_it_whatever_the_percentage_or_pro(
    client: httpx.AsyncClient, admin: SignedUpUser, people: People
) -> None:
    listed, other = await people(2)
    flag = await create_flag(client, admin, percentage=0, pro_only=True, user_ids=[str(listed.id)])
    assert (await my_flags(client, listed.headers))[flag["key"]] is True
    assert (await my_flags(client, other.headers))[flag["key"]] is False


async def test_percentage_zero_and_hundred(
    client: httpx.AsyncClient, admin: SignedUpUser, people: People
) -> None:
    nobody = await create_flag(client, admin, percentage=0)
    everyone = await create_flag(client, admin, percentage=100)
    for person in await people(20):
        flags = await my_flags(client, person.headers)
        assert flags[nobody["key"]] is False
        assert flags[everyone["key"]] is True


async def test_percentage_follows_the_documented_bucket_and_is_stable(
    client: httpx.AsyncClient, admin: SignedUpUser, people: People, owner_url: str
) -> None:
    flag = await create_flag(client, admin, percentage=30)
    key = flag["key"]
    crowd = await people(200)
    first = {p.id: (await my_flags(client, p.headers))[key] for p in crowd}
    again = {p.id: (await my_flags(client, p.headers))[key] for p in crowd}
    assert first == again
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "select id, public.app_flag_bucket($1, id) as bucket from unnest($2::uuid[]) id",
            key,
            [p.id for p in crowd],
        )
    finally:
        await conn.close()
    buckets = {r["id"]: r["bucket"] for r in rows}
    assert first == {person_id: buckets[person_id] < 30 for person_id in first}
    assert 30 <= sum(first.values()) <= 90  # 60 expected out of 200

    # Widening the rollout keeps everyone who had it.
    widened = await client.patch(
        f"/v1/admin/flags/{key}", headers=admin.headers, json={"percentage": 60}
    )
    assert widened.status_code == 200
    later = {p.id: (await my_flags(client, p.headers))[key] for p in crowd}
    assert all(later[person_id] for person_id, on in first.items() if on)
    assert sum(later.values()) > sum(first.values())


async def test_minimum_app_version(
    client: httpx.AsyncClient, admin: SignedUpUser, people: People
) -> None:
    person, listed = await people(2)
    flag = await create_flag(client, admin, min_app_version="2.10", user_ids=[str(listed.id)])
    key = flag["key"]
    assert flag["min_app_version"] == "2.10.0"
    expected = {
        None: False,  # the client did not say
        "2.9.9": False,
        "2.10.0-beta.1": False,  # a pre-release comes before its release
        "2.10": True,
        "2.10.0+build.7": True,
        "2.11.0-rc.1": True,
        "10.0.0": True,  # compared as numbers, not as text
        "3": True,
        "1.99": False,
    }
    for version, on in expected.items():
        assert (await my_flags(client, person.headers, version))[key] is on, version
    # The minimum holds for listed people too: an old app cannot show the feature.
    assert (await my_flags(client, listed.headers, "2.9"))[key] is False
    assert (await my_flags(client, listed.headers, "2.10"))[key] is True


async def test_a_malformed_app_version_is_422(client: httpx.AsyncClient) -> None:
    user = await sign_up(client)
    bad = ("abc", "1.2.3.4", "v1.2", "1..2", "1.2.3-", "9" * 7, "1" * 65, "١.٢")
    token = user.headers["Authorization"].encode()
    for version in bad:
        # Sent as UTF-8 bytes, as a client might.
        headers = {b"Authorization": token, b"X-App-Version": version.encode()}
        response = await client.get("/v1/me/flags", headers=headers)
        assert response.status_code == 422, version
        assert response.headers["content-type"] == PROBLEM


async def test_signed_in_only(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/me/flags")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM

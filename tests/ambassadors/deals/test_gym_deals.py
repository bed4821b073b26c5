"""Gym deals: proposed by approved ambassadors, decided by the gym's admins alone, and the
deal pricing referred members of the gym before the ambassador's agreement."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.ambassadors.support import (
    ambassador_with_referral,
    assert_problem,
    create_agreement,
    event,
    make_ambassador,
    record,
    terms,
)
from tests.conftest import QueryCounter, SignedUpUser, sign_up, sign_up_admin

MINE = "/v1/me/ambassador/gym-deals"


async def _gym(client: httpx.AsyncClient, admin: SignedUpUser) -> str:
    body = {"name": f"Deal gym {uuid.uuid4().hex[:8]}", "time_zone": "Europe/Madrid"}
    response = await client.post("/v1/gyms", headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    gym_id: str = response.json()["id"]
    return gym_id


async def _propose(
    client: httpx.AsyncClient, ambassador: SignedUpUser, gym_id: str, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        MINE, headers=ambassador.headers, json={"gym_id": gym_id, **terms(**overrides)}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _step(
    client: httpx.AsyncClient, user: SignedUpUser, gym_id: str, deal_id: str, step: str
) -> httpx.Response:
    return await client.post(
        f"/v1/gyms/{gym_id}/ambassador-deals/{deal_id}/{step}", headers=user.headers
    )


async def test_the_gym_admin_accepts_and_the_deal_prices_its_members(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    platform = await sign_up_admin(client, owner_url)
    ambassador, member = await ambassador_with_referral(client, owner_url)
    outsider = await sign_up(client)
    await make_ambassador_referral(owner_url, ambassador.id, outsider.id)
    gym_admin = await sign_up(client)
    gym_id = await _gym(client, gym_admin)
    joined = await client.post(f"/v1/gyms/{gym_id}/join", headers=member.headers)
    assert joined.status_code == 201, joined.text
    agreement = await create_agreement(client, platform, ambassador.id)
    deal = await _propose(client, ambassador, gym_id, amount="8.00")
    assert (deal["status"], deal["decided_by"]) == ("proposed", None)
    # A proposal prices nothing until the gym accepts it.
    first = await record(client, platform, event(member.id, event_id=f"a-{uuid.uuid4().hex}"))
    assert first["accrual"]["agreement_id"] == agreement["id"]
    accepted = await _step(client, gym_admin, gym_id, deal["id"], "accept")
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["decided_by"]) == (
        "accepted",
        str(gym_admin.id),
    )
    other = await sign_up(client)
    await make_ambassador_referral(owner_url, ambassador.id, other.id)
    joined = await client.post(f"/v1/gyms/{gym_id}/join", headers=other.headers)
    assert joined.status_code == 201, joined.text
    by_deal = await record(client, platform, event(other.id))
    assert (by_deal["accrual"]["deal_id"], by_deal["accrual"]["amount"]) == (deal["id"], "8.0000")
    assert by_deal["accrual"]["agreement_id"] is None
    by_agreement = await record(client, platform, event(outsider.id))
    assert by_agreement["accrual"]["agreement_id"] == agreement["id"]
    # Ending it ends its validity: later events fall back to the agreement.
    ended = await _step(client, ambassador, gym_id, deal["id"], "end")
    assert ended.status_code == 403  # the gym route is the gym admins'
    ended = await client.post(f"{MINE}/{deal['id']}/end", headers=ambassador.headers)
    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "ended"
    assert ended.json()["valid_until"] is not None
    late = await sign_up(client)
    await make_ambassador_referral(owner_url, ambassador.id, late.id)
    await client.post(f"/v1/gyms/{gym_id}/join", headers=late.headers)
    after_end = await record(client, platform, event(late.id, occurred_at="2099-01-01T00:00:00Z"))
    assert after_end["accrual"]["agreement_id"] == agreement["id"]
    assert after_end["accrual"]["deal_id"] is None


async def make_ambassador_referral(
    owner_url: str, ambassador: uuid.UUID, referred: uuid.UUID
) -> None:
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute(
            "insert into ambassador_referrals (user_id, referred_user_id) values ($1, $2)",
            ambassador,
            referred,
        )
    finally:
        await conn.close()


async def test_only_the_gym_admins_see_and_decide(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    ambassador, _ = await ambassador_with_referral(client, owner_url)
    gym_admin, stranger = await sign_up(client), await sign_up(client)
    platform = await sign_up_admin(client, owner_url)
    gym_id = await _gym(client, gym_admin)
    deal = await _propose(client, ambassador, gym_id)
    # A deal the caller cannot see is not found; one they see but may not decide (their
    # own, or any as a platform administrator) is forbidden.
    assert_problem(await _step(client, stranger, gym_id, deal["id"], "accept"), 404)
    for user in (stranger, platform, ambassador):
        if user is not stranger:
            assert_problem(await _step(client, user, gym_id, deal["id"], "accept"), 403)
        listed = await client.get(f"/v1/gyms/{gym_id}/ambassador-deals", headers=user.headers)
        assert_problem(listed, 403)
    other_gym = await _gym(client, stranger)
    assert_problem(await _step(client, stranger, other_gym, deal["id"], "accept"), 404)
    assert_problem(
        await client.post(f"{MINE}/{deal['id']}/withdraw", headers=stranger.headers), 404
    )
    assert (await client.get(MINE, headers=stranger.headers)).json()["items"] == []
    listed = await client.get(f"/v1/gyms/{gym_id}/ambassador-deals", headers=gym_admin.headers)
    assert [d["id"] for d in listed.json()["items"]] == [deal["id"]]
    declined = await _step(client, gym_admin, gym_id, deal["id"], "decline")
    assert declined.json()["status"] == "declined"
    assert_problem(await _step(client, gym_admin, gym_id, deal["id"], "accept"), 409)
    assert_problem(
        await client.post(f"{MINE}/{deal['id']}/withdraw", headers=ambassador.headers), 409
    )


async def test_the_ambassador_withdraws_a_proposal(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    ambassador, _ = await ambassador_with_referral(client, owner_url)
    gym_admin = await sign_up(client)
    gym_id = await _gym(client, gym_admin)
    deal = await _propose(client, ambassador, gym_id)
    withdrawn = await client.post(f"{MINE}/{deal['id']}/withdraw", headers=ambassador.headers)
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["status"], withdrawn.json()["ended_by"]) == (
        "withdrawn",
        str(ambassador.id),
    )
    assert_problem(await _step(client, gym_admin, gym_id, deal["id"], "accept"), 409)
    assert_problem(await client.post(f"{MINE}/{deal['id']}/end", headers=ambassador.headers), 409)
    assert_problem(
        await client.post(f"{MINE}/{deal['id']}/accept", headers=ambassador.headers), 422
    )


async def test_proposals_need_an_approved_ambassador_and_good_terms(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    applicant, nobody, gym_admin = (
        await sign_up(client),
        await sign_up(client),
        await sign_up(client),
    )
    await make_ambassador(owner_url, applicant.id, status="applied")
    gym_id = await _gym(client, gym_admin)
    for user in (applicant, nobody):
        response = await client.post(MINE, headers=user.headers, json={"gym_id": gym_id, **terms()})
        assert_problem(response, 403)
    ambassador, _ = await ambassador_with_referral(client, owner_url)
    unknown = await client.post(
        MINE, headers=ambassador.headers, json={"gym_id": str(uuid.uuid4()), **terms()}
    )
    assert_problem(unknown, 404)
    for bad in (
        terms(kind="rate", rate="2", amount=None, currency=None),
        terms(currency="usd"),
        terms(amount="0.00001"),
        terms(valid_until="2000-01-01T00:00:00Z"),
    ):
        assert_problem(
            await client.post(MINE, headers=ambassador.headers, json={"gym_id": gym_id, **bad}),
            422,
        )
    assert (await client.get(MINE, headers=ambassador.headers)).json()["items"] == []


async def test_overlapping_accepted_deals_conflict(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    ambassador, _ = await ambassador_with_referral(client, owner_url)
    gym_admin = await sign_up(client)
    gym_id = await _gym(client, gym_admin)
    first = await _propose(client, ambassador, gym_id)
    second = await _propose(client, ambassador, gym_id, amount="9")
    assert (await _step(client, gym_admin, gym_id, first["id"], "accept")).status_code == 200
    assert_problem(await _step(client, gym_admin, gym_id, second["id"], "accept"), 409)


async def test_the_database_refuses_what_the_api_would(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str
) -> None:
    """As the ambassador in SQL: no accepting one's own deal, no changing its terms."""
    ambassador, _ = await ambassador_with_referral(client, owner_url)
    gym_admin = await sign_up(client)
    gym_id = await _gym(client, gym_admin)
    deal = await _propose(client, ambassador, gym_id)
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        for sql in (
            "update ambassador_gym_deals set status = 'accepted' where id = $1",
            "update ambassador_gym_deals set amount = 100 where id = $1",
            "update ambassador_gym_deals set decided_by = user_id where id = $1",
        ):
            tx = conn.transaction()
            await tx.start()
            try:
                await conn.execute(
                    "select set_config('role', 'authenticated', true), "
                    "set_config('request.jwt.claims', $1, true)",
                    json.dumps({"sub": str(ambassador.id), "role": "authenticated"}),
                )
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(sql, uuid.UUID(deal["id"]))
            finally:
                await tx.rollback()
    finally:
        await conn.close()


async def test_gym_deal_pages_walk_newest_first(
    client: httpx.AsyncClient, owner_url: str, query_counter: QueryCounter
) -> None:
    ambassador, _ = await ambassador_with_referral(client, owner_url)
    gym_admin = await sign_up(client)
    gym_id = await _gym(client, gym_admin)
    made = [(await _propose(client, ambassador, gym_id))["id"] for _ in range(5)]
    counts = []
    for url, user in ((MINE, ambassador), (f"/v1/gyms/{gym_id}/ambassador-deals", gym_admin)):
        walked: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 2}
            if cursor:
                params["cursor"] = cursor
            before = query_counter.count
            page = (await client.get(url, headers=user.headers, params=params)).json()
            counts.append(query_counter.count - before)
            walked += [d["id"] for d in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert walked == list(reversed(made))
    assert max(counts) <= 8, counts
    filtered = await client.get(MINE, headers=ambassador.headers, params={"status": "accepted"})
    assert filtered.json()["items"] == []

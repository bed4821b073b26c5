"""Commission agreements, qualifying events and the ledger through the API."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal

import asyncpg
import httpx
import pytest

from tests.ambassadors.support import (
    ADMIN_EVENTS,
    ambassador_with_referral,
    assert_problem,
    create_agreement,
    event,
    ledger_rows,
    record,
    terms,
)
from tests.conftest import QueryCounter, sign_up, sign_up_admin


async def test_a_fixed_agreement_prices_a_qualifying_event_once(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    agreement = await create_agreement(client, admin, ambassador.id)
    assert (agreement["amount"], agreement["currency"], agreement["status"]) == (
        "5.0000",
        "EUR",
        "active",
    )
    body = event(referred.id)
    first = await record(client, admin, body)
    assert first["qualifying"] is True
    assert first["duplicate"] is False
    accrual = first["accrual"]
    assert (accrual["amount"], accrual["currency"], accrual["agreement_id"]) == (
        "5.0000",
        "EUR",
        agreement["id"],
    )
    again = await record(client, admin, body, status=200)
    assert again["duplicate"] is True
    assert again["accrual"]["id"] == accrual["id"]
    assert len(await ledger_rows(owner_url, ambassador.id)) == 1


async def test_a_rate_is_rounded_half_even_to_the_minor_unit(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(
        client, admin, ambassador.id, kind="rate", rate="0.15", amount=None, currency=None
    )
    # 0.15 x 9.99 = 1.4985 -> 1.50; 0.15 x 1000 JPY = 150; 0.15 x 0.30 = 0.045 -> 0.04
    cases = [("9.99", "EUR", "1.5000"), ("1000", "JPY", "150.0000"), ("0.30", "USD", "0.0400")]
    for amount, currency, expected in cases:
        answer = await record(client, admin, event(referred.id, amount=amount, currency=currency))
        assert (answer["accrual"]["amount"], answer["accrual"]["currency"]) == (
            expected,
            currency,
        )
    # A rate needs the event's amount: nothing accrues without one.
    answer = await record(client, admin, event(referred.id), status=200)
    assert (answer["qualifying"], answer["reason"]) == (False, "no-amount")
    assert len(await ledger_rows(owner_url, ambassador.id)) == 3


async def test_events_that_do_not_qualify_store_nothing(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    stranger = await sign_up(client)
    answer = await record(client, admin, event(stranger.id), status=200)
    assert (answer["qualifying"], answer["reason"], answer["accrual"]) == (
        False,
        "no-referral",
        None,
    )
    answer = await record(client, admin, event(referred.id), status=200)
    assert answer["reason"] == "no-terms"
    await create_agreement(client, admin, ambassador.id, valid_from="2027-01-01T00:00:00Z")
    answer = await record(client, admin, event(referred.id), status=200)
    assert answer["reason"] == "no-terms"  # the terms begin after the event
    renewal = await record(client, admin, event(referred.id, kind="pro_renewed"), status=200)
    assert renewal["reason"] == "no-terms"  # the agreement is for pro_started only
    assert await ledger_rows(owner_url, ambassador.id) == []


async def test_reversals_are_negative_once_and_refused_otherwise(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    original = await record(client, admin, event(referred.id))
    refund = event(
        referred.id, kind="refund", reverses_event_id=original["event_id"], amount="9.99",
        currency="EUR",
    )  # fmt: skip
    reversed_ = await record(client, admin, refund)
    assert reversed_["accrual"]["amount"] == "-5.0000"
    assert reversed_["accrual"]["reverses_id"] == original["accrual"]["id"]
    assert (await record(client, admin, refund, status=200))["duplicate"] is True
    twice = event(referred.id, kind="refund", reverses_event_id=original["event_id"])
    problem = assert_problem(
        await client.post(ADMIN_EVENTS, headers=admin.headers, json=twice), 409
    )
    assert problem["type"].endswith("already-reversed")
    unknown = event(referred.id, kind="refund", reverses_event_id="no-such-event")
    assert_problem(await client.post(ADMIN_EVENTS, headers=admin.headers, json=unknown), 409)
    of_reversal = event(referred.id, kind="refund", reverses_event_id=refund["event_id"])
    assert_problem(await client.post(ADMIN_EVENTS, headers=admin.headers, json=of_reversal), 409)
    rows = await ledger_rows(owner_url, ambassador.id)
    assert [r["amount"] for r in rows] == [Decimal("5.0000"), Decimal("-5.0000")]


async def test_an_event_id_reused_for_another_event_is_a_conflict(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    await create_agreement(client, admin, ambassador.id, event_kind="pro_renewed")
    first = await record(client, admin, event(referred.id))
    reused = event(referred.id, event_id=first["event_id"], kind="pro_renewed")
    response = await client.post(ADMIN_EVENTS, headers=admin.headers, json=reused)
    assert assert_problem(response, 409)["type"].endswith("event-id-reused")
    assert len(await ledger_rows(owner_url, ambassador.id)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"amount": "10"},  # without a currency
        {"amount": "10", "currency": "eur"},
        {"amount": "-1", "currency": "EUR"},
        {"amount": "1.23456", "currency": "EUR"},
        {"amount": "NaN", "currency": "EUR"},
        {"amount": "1e20", "currency": "EUR"},
        {"kind": "refund"},  # without reverses_event_id
        {"reverses_event_id": "x"},  # on a pro_started
        {"event_id": "has spaces"},
        {"event_id": "x" * 201},
        {"occurred_at": "2026-06-01T12:00:00"},  # no zone
        {"kind": "cancelled"},
        {"extra": 1},
    ],
)
async def test_bad_events_are_problems_and_store_nothing(
    client: httpx.AsyncClient, owner_url: str, change: dict[str, object]
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    response = await client.post(
        ADMIN_EVENTS, headers=admin.headers, json=event(referred.id, **change)
    )
    assert_problem(response, 422)
    assert await ledger_rows(owner_url, ambassador.id) == []


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "rate", "rate": "1.5", "amount": None, "currency": None},
        {"kind": "rate", "rate": "0", "amount": None, "currency": None},
        {"kind": "rate", "rate": "0.1"},  # with a fixed amount too
        {"kind": "fixed", "amount": None},
        {"currency": "EURO"},
        {"amount": "0"},
        {"valid_until": "2019-01-01T00:00:00Z"},
        {"event_kind": "refund"},
        {"note": " "},
        {"note": "x" * 501},
    ],
)
async def test_bad_agreements_are_problems_and_store_nothing(
    client: httpx.AsyncClient, owner_url: str, change: dict[str, object]
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, _ = await ambassador_with_referral(client, owner_url)
    response = await client.post(
        f"/v1/admin/ambassadors/{ambassador.id}/commission-agreements",
        headers=admin.headers,
        json=terms(**change),
    )
    assert_problem(response, 422)
    listed = await client.get(
        f"/v1/admin/ambassadors/{ambassador.id}/commission-agreements", headers=admin.headers
    )
    assert listed.json()["items"] == []


async def test_overlapping_agreements_conflict_and_revoking_ends_one(
    client: httpx.AsyncClient, owner_url: str, database_target: object
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    first = await create_agreement(client, admin, ambassador.id)
    url = f"/v1/admin/ambassadors/{ambassador.id}/commission-agreements"
    overlapping = await client.post(
        url, headers=admin.headers, json=terms(valid_from="2024-01-01T00:00:00Z")
    )
    assert_problem(overlapping, 409)
    revoked = await client.post(f"{url}/{first['id']}/revoke", headers=admin.headers)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["valid_until"] is not None
    assert_problem(await client.post(f"{url}/{first['id']}/revoke", headers=admin.headers), 409)
    assert_problem(await client.post(f"{url}/{uuid.uuid4()}/revoke", headers=admin.headers), 404)
    # An event before the revocation is still priced by the revoked agreement.
    answer = await record(client, admin, event(referred.id, occurred_at="2021-01-01T00:00:00Z"))
    assert answer["accrual"]["agreement_id"] == first["id"]
    # Terms that begin after the revocation do not overlap it.
    await create_agreement(client, admin, ambassador.id, valid_from="2099-01-01T00:00:00Z")
    conn = await asyncpg.connect(owner_url)
    try:
        actions = await conn.fetch(
            "select action from admin_audit_log where target_table = "
            "'ambassador_commission_agreements' and actor_id = $1 order by chain_seq",
            admin.id,
        )
    finally:
        await conn.close()
    assert [a["action"] for a in actions] == [
        "ambassadors.commission_agreement.create",
        "ambassadors.commission_agreement.revoke",
        "ambassadors.commission_agreement.create",
    ]


async def test_only_administrators_reach_the_admin_routes(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    base = f"/v1/admin/ambassadors/{ambassador.id}"
    for user in (ambassador, referred):
        assert_problem(
            await client.post(f"{base}/commission-agreements", headers=user.headers, json=terms()),
            403,
        )
        assert_problem(
            await client.post(ADMIN_EVENTS, headers=user.headers, json=event(referred.id)), 403
        )
        assert_problem(await client.get(f"{base}/statement", headers=user.headers), 403)
    assert_problem(await client.get(f"{base}/statement"), 401)


async def test_agreements_only_for_approved_ambassadors(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    nobody = await sign_up(client)
    response = await client.post(
        f"/v1/admin/ambassadors/{nobody.id}/commission-agreements",
        headers=admin.headers,
        json=terms(),
    )
    assert_problem(response, 404)


async def test_making_a_referred_person_pro_accrues_once(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id, amount="7.50")
    for is_pro in (True, False, True, True):
        response = await client.patch(
            f"/v1/admin/users/{referred.id}", headers=admin.headers, json={"is_pro": is_pro}
        )
        assert response.status_code == 200, response.text
    rows = await ledger_rows(owner_url, ambassador.id)
    assert [(r["event_id"], r["amount"]) for r in rows] == [
        (f"pro_started:admin:{referred.id}", Decimal("7.5000"))
    ]


async def test_the_ambassador_reads_their_ledger_and_statement_only(
    client: httpx.AsyncClient, owner_url: str, query_counter: QueryCounter
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    other, _ = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    await create_agreement(client, admin, ambassador.id, event_kind="pro_renewed", amount="2")
    await record(client, admin, event(referred.id))
    counts = []
    for _ in range(3):
        before = query_counter.count
        page = await client.get("/v1/me/ambassador/commissions", headers=ambassador.headers)
        assert page.status_code == 200
        counts.append(query_counter.count - before)
        await record(client, admin, event(referred.id, kind="pro_renewed"))
    assert counts[0] == counts[1] == counts[2] <= 6, counts
    page = await client.get("/v1/me/ambassador/commissions?limit=2", headers=ambassador.headers)
    assert len(page.json()["items"]) == 2
    walked, cursor = [], None
    while True:
        params = {"limit": 1} if cursor is None else {"limit": 1, "cursor": cursor}
        got = (
            await client.get(
                "/v1/me/ambassador/commissions", headers=ambassador.headers, params=params
            )
        ).json()
        walked += [item["id"] for item in got["items"]]
        cursor = got["next_cursor"]
        if cursor is None:
            break
    assert len(walked) == len(set(walked)) == 4
    statement = (await client.get("/v1/me/ambassador/statement", headers=ambassador.headers)).json()
    [line] = statement["lines"]
    assert (line["currency"], line["closing_balance"], line["accruals"]) == ("EUR", "11.0000", 4)
    mine = await client.get("/v1/me/ambassador/commissions", headers=other.headers)
    assert mine.json()["items"] == []
    assert_problem(await client.get("/v1/me/ambassador/statement", headers=referred.headers), 404)
    agreements = await client.get(
        "/v1/me/ambassador/commission-agreements", headers=ambassador.headers
    )
    assert len(agreements.json()["items"]) == 2
    bad = await client.get(
        "/v1/me/ambassador/statement",
        headers=ambassador.headers,
        params={"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
    )
    assert_problem(bad, 422)
    forged = await client.get(
        "/v1/me/ambassador/commissions", headers=ambassador.headers, params={"cursor": "abc"}
    )
    assert_problem(forged, 422)


async def test_statements_split_a_period_and_add_up(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    await create_agreement(
        client, admin, ambassador.id, event_kind="pro_renewed", amount="3", currency="USD"
    )
    first = await record(client, admin, event(referred.id))
    await record(client, admin, event(referred.id, kind="pro_renewed"))
    await record(
        client, admin, event(referred.id, kind="refund", reverses_event_id=first["event_id"])
    )
    rows = await ledger_rows(owner_url, ambassador.id)
    split = rows[1]["recorded_at"].isoformat()
    url = f"/v1/admin/ambassadors/{ambassador.id}/statement"
    whole = (await client.get(url, headers=admin.headers)).json()
    before = (await client.get(url, headers=admin.headers, params={"to": split})).json()
    after = (await client.get(url, headers=admin.headers, params={"from": split})).json()
    by_currency = {line["currency"]: line for line in whole["lines"]}
    assert by_currency["EUR"]["closing_balance"] == "0.0000"
    assert by_currency["EUR"]["reversed"] == "-5.0000"
    assert by_currency["USD"]["closing_balance"] == "3.0000"
    for line in after["lines"]:
        opening = Decimal(line["opening_balance"])
        earlier = {b["currency"]: b for b in before["lines"]}.get(line["currency"])
        assert opening == (Decimal(earlier["closing_balance"]) if earlier else 0)
        closing = opening + Decimal(line["accrued"]) + Decimal(line["reversed"])
        assert closing == Decimal(line["closing_balance"])
        assert Decimal(by_currency[line["currency"]]["closing_balance"]) == closing
    assert_problem(
        await client.get(f"/v1/admin/ambassadors/{uuid.uuid4()}/statement", headers=admin.headers),
        404,
    )


async def test_identical_events_at_once_write_one_accrual(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    ambassador, referred = await ambassador_with_referral(client, owner_url)
    await create_agreement(client, admin, ambassador.id)
    body = event(referred.id)

    async def send() -> httpx.Response:
        return await client.post(ADMIN_EVENTS, headers=admin.headers, json=body)

    answers = await asyncio.gather(*(send() for _ in range(6)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 200, 200, 200, 200, 201], [a.text for a in answers]
    ids = {a.json()["accrual"]["id"] for a in answers}
    assert len(ids) == 1
    assert len(await ledger_rows(owner_url, ambassador.id)) == 1

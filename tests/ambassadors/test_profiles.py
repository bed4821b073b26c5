"""Applying to the ambassador programme, administrators' decisions, referral codes at
sign-up, and what the database refuses on its own."""

from __future__ import annotations

import uuid
from decimal import Decimal

import asyncpg
import httpx
import pytest

from tests.admin.test_notifications import _of_subject
from tests.ambassadors.support import (
    apply,
    approved,
    create_agreement,
    decide,
    sign_up_with_code,
)
from tests.conftest import PASSWORD, QueryCounter, sign_up, sign_up_admin
from tests.support import as_user, walk_pages

PROBLEM = "application/problem+json"
ME = "/v1/me/ambassador"


async def _count(owner_url: str, sql: str, *args: object) -> int:
    conn = await asyncpg.connect(owner_url)
    try:
        value: int = await conn.fetchval(sql, *args)
        return value
    finally:
        await conn.close()


async def test_an_application_notifies_and_its_approval_issues_a_code(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin, person = await sign_up_admin(client, owner_url), await sign_up(client)
    assert (await client.get(ME, headers=person.headers)).status_code == 404
    created = await client.put(
        ME, headers=person.headers, json={"pitch": "Coach of 40 lifters", "region": "US-CA"}
    )
    assert created.status_code == 201, created.text
    profile = created.json()
    assert (profile["status"], profile["referral_code"], profile["referrals"]) == (
        "applied",
        None,
        0,
    )
    [notice] = await _of_subject(client, admin, "ambassador_application", profile["id"])
    assert notice["resolved_at"] is None

    edited = await apply(client, person, pitch="Coach of 41 lifters", region="US-CA")
    assert (edited["id"], edited["pitch"], edited["status"]) == (
        profile["id"],
        "Coach of 41 lifters",
        "applied",
    )

    response = await decide(client, admin, person, "approve")
    assert response.status_code == 200, response.text
    decided = response.json()
    assert decided["status"] == "approved"
    assert decided["decided_by"] == str(admin.id)
    code = decided["referral_code"]
    assert len(code) == 8
    assert code == code.upper()
    assert not set(code) & set("01IO")
    mine = (await client.get(ME, headers=person.headers)).json()
    assert mine["referral_code"] == code
    assert "decided_by" not in mine
    [notice] = await _of_subject(client, admin, "ambassador_application", profile["id"])
    assert notice["resolved_at"] is not None
    audited = await _count(
        owner_url,
        "select count(*) from admin_audit_log where action = 'ambassador.approve' "
        "and actor_id = $1 and target_id = $2",
        admin.id,
        profile["id"],
    )
    assert audited == 1


async def test_transitions_the_status_does_not_allow_are_refused(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin, person = await sign_up_admin(client, owner_url), await sign_up(client)
    await approved(client, admin, person)
    for decision in ("approve", "reject"):
        refused = await decide(client, admin, person, decision)
        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"] == PROBLEM
    assert (await decide(client, admin, person, "suspend")).json()["status"] == "suspended"
    code = (await client.get(ME, headers=person.headers)).json()["referral_code"]
    reinstated = (await decide(client, admin, person, "approve")).json()
    assert (reinstated["status"], reinstated["referral_code"]) == ("approved", code)
    missing = await client.post(
        f"/v1/admin/ambassadors/{uuid.uuid4()}/decision",
        headers=admin.headers,
        json={"decision": "approve"},
    )
    assert missing.status_code == 404


async def test_only_administrators_decide_and_never_their_own(
    client: httpx.AsyncClient, owner_url: str, authenticator_dsn: str
) -> None:
    admin, person = await sign_up_admin(client, owner_url), await sign_up(client)
    await apply(client, person)
    not_admin = await decide(client, person, person, "approve")
    assert not_admin.status_code == 403
    assert (await client.get("/v1/admin/ambassadors", headers=person.headers)).status_code == 403
    await apply(client, admin)
    own = await decide(client, admin, admin, "approve")
    assert own.status_code == 409
    assert own.json()["type"].endswith("own-ambassador-profile")
    # The database refuses it too: app_admin inherits the owner's update policy.
    conn = await asyncpg.connect(authenticator_dsn)
    try:
        async with conn.transaction():
            await conn.execute(
                "select set_config('role', 'app_admin', true), "
                "set_config('request.jwt.claims', $1, true)",
                f'{{"sub": "{admin.id}", "role": "app_admin", "app_roles": ["admin"]}}',
            )
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    "update ambassador_profiles set status = 'approved', decided_at = now(), "
                    "referral_code = 'ABCDEFGH' where user_id = $1",
                    admin.id,
                )
    finally:
        await conn.close()
    assert (await client.get(ME, headers=admin.headers)).json()["status"] == "applied"


async def test_people_cannot_decide_or_code_their_own_profile_in_sql(
    client: httpx.AsyncClient, authenticator_dsn: str
) -> None:
    person = await sign_up(client)
    await apply(client, person)
    attempts = (
        "update ambassador_profiles set status = 'approved' where user_id = $1",
        "update ambassador_profiles set referral_code = 'ABCDEFGH' where user_id = $1",
        "insert into ambassador_referrals (user_id, referred_user_id) values ($1, $1)",
        "select public.redeem_referral_code($1, 'ABCDEFGH')",
    )
    for sql in attempts:
        async with as_user(authenticator_dsn, person.id) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(sql, person.id)
    other = await sign_up(client)
    async with as_user(authenticator_dsn, other.id) as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(
                "insert into ambassador_profiles (user_id, pitch, region, status, decided_at,"
                " referral_code) values ($1, 'x', 'DE', 'approved', now(), 'ABCDEFGH')",
                other.id,
            )


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"pitch": "", "region": "DE"}, 422),
        ({"pitch": "x" * 2001, "region": "DE"}, 422),
        ({"pitch": "Hi", "region": "Germany"}, 422),
        ({"pitch": "Hi", "region": "de"}, 422),
        ({"pitch": "Hi", "region": "DE", "status": "approved"}, 422),
        ({"pitch": "Hi", "region": "DE", "referral_code": "ABCDEFGH"}, 422),
        ({"pitch": "Hi", "region": "DE", "gym_id": str(uuid.uuid4())}, 404),
    ],
)
async def test_bad_applications_are_refused_and_store_nothing(
    client: httpx.AsyncClient, body: dict[str, object], status: int
) -> None:
    person = await sign_up(client)
    response = await client.put(ME, headers=person.headers, json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert (await client.get(ME, headers=person.headers)).status_code == 404


async def test_withdrawing_and_applying_again_after_a_rejection(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin, person = await sign_up_admin(client, owner_url), await sign_up(client)
    first = await apply(client, person)
    assert (await client.delete(ME, headers=person.headers)).status_code == 204
    [notice] = await _of_subject(client, admin, "ambassador_application", first["id"])
    assert notice["resolved_at"] is not None  # withdrawn: nobody needs to decide it
    assert (await client.delete(ME, headers=person.headers)).status_code == 404

    second = await apply(client, person)
    assert (await decide(client, admin, person, "reject")).json()["status"] == "rejected"
    again = await client.put(
        ME, headers=person.headers, json={"pitch": "Second try", "region": "DE"}
    )
    assert again.status_code == 201, again.text
    third = again.json()
    assert third["status"] == "applied"
    assert third["id"] != second["id"]
    assert third["decided_at"] is None
    assert third["decision_note"] is None

    await decide(client, admin, person, "approve")
    kept = await client.delete(ME, headers=person.headers)
    assert kept.status_code == 409
    assert kept.headers["content-type"] == PROBLEM
    assert (await client.get(ME, headers=person.headers)).json()["status"] == "approved"


async def test_a_code_at_sign_up_links_the_new_person_to_the_ambassador(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin, ambassador = await sign_up_admin(client, owner_url), await sign_up(client)
    code = (await approved(client, admin, ambassador))["referral_code"]
    response, _ = await sign_up_with_code(client, code.lower())  # case does not matter
    assert response.status_code == 201, response.text
    referred = uuid.UUID(response.json()["user"]["id"])
    [referral] = (await client.get(f"{ME}/referrals", headers=ambassador.headers)).json()["items"]
    assert referral["referred_user_id"] == str(referred)
    assert (await client.get(ME, headers=ambassador.headers)).json()["referrals"] == 1


@pytest.mark.parametrize("code", ["ZZZZZZZZ", "short", "ABCDEFG0"])
async def test_an_unknown_code_refuses_the_sign_up_and_creates_no_account(
    client: httpx.AsyncClient, owner_url: str, code: str
) -> None:
    response, email = await sign_up_with_code(client, code)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    accounts = await _count(owner_url, "select count(*) from auth.users where email = $1", email)
    assert accounts == 0
    plain = await client.post("/v1/auth/signup", json={"email": email, "password": PASSWORD})
    assert plain.status_code == 201


async def test_a_suspended_code_no_longer_counts(client: httpx.AsyncClient, owner_url: str) -> None:
    admin, ambassador = await sign_up_admin(client, owner_url), await sign_up(client)
    code = (await approved(client, admin, ambassador))["referral_code"]
    await decide(client, admin, ambassador, "suspend")
    response, _ = await sign_up_with_code(client, code)
    assert response.status_code == 422
    await decide(client, admin, ambassador, "approve")
    response, _ = await sign_up_with_code(client, code)
    assert response.status_code == 201


async def test_referrals_page_in_constant_statements(
    client: httpx.AsyncClient, owner_url: str, query_counter: QueryCounter
) -> None:
    admin, ambassador = await sign_up_admin(client, owner_url), await sign_up(client)
    code = (await approved(client, admin, ambassador))["referral_code"]
    for _ in range(5):
        assert (await sign_up_with_code(client, code))[0].status_code == 201
    items = await walk_pages(client, f"{ME}/referrals", ambassador.headers, limit=2)
    assert len(items) == 5
    assert len({i["id"] for i in items}) == 5
    stamps = [i["created_at"] for i in items]
    assert stamps == sorted(stamps, reverse=True)
    counts = []
    for limit in (1, 5):
        before = query_counter.count
        response = await client.get(
            f"{ME}/referrals", headers=ambassador.headers, params={"limit": limit}
        )
        assert response.status_code == 200
        counts.append(query_counter.count - before)
    assert counts[0] == counts[1] <= 6, counts
    outsider = await sign_up(client)
    nothing = await client.get(f"{ME}/referrals", headers=outsider.headers)
    assert nothing.json() == {"items": [], "next_cursor": None}


async def test_administrators_list_applications_by_status(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin = await sign_up_admin(client, owner_url)
    people = [await sign_up(client) for _ in range(3)]
    for person in people:
        await apply(client, person)
    await decide(client, admin, people[0], "approve")
    applied = await walk_pages(
        client, "/v1/admin/ambassadors", admin.headers, status="applied", limit=1
    )
    ids = {i["user_id"] for i in applied}
    assert {str(p.id) for p in people[1:]} <= ids
    assert str(people[0].id) not in ids
    assert all(i["status"] == "applied" for i in applied)
    one = await client.get(f"/v1/admin/ambassadors/{people[0].id}", headers=admin.headers)
    assert one.json()["status"] == "approved"
    assert one.json()["decided_by"] == str(admin.id)


async def test_erasing_a_referred_person_keeps_the_count_and_forgets_them(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin, ambassador = await sign_up_admin(client, owner_url), await sign_up(client)
    code = (await approved(client, admin, ambassador))["referral_code"]
    response, _ = await sign_up_with_code(client, code)
    token = response.json()["access_token"]
    erased = await client.request(
        "DELETE",
        "/v1/me",
        json={"password": PASSWORD},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert erased.status_code == 200, erased.text
    [referral] = (await client.get(f"{ME}/referrals", headers=ambassador.headers)).json()["items"]
    assert referral["referred_user_id"] is None
    assert (await client.get(ME, headers=ambassador.headers)).json()["referrals"] == 1


async def test_erasing_an_ambassador_removes_profile_and_referrals(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    admin, ambassador = await sign_up_admin(client, owner_url), await sign_up(client)
    code = (await approved(client, admin, ambassador))["referral_code"]
    assert (await sign_up_with_code(client, code))[0].status_code == 201
    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=ambassador.headers
    )
    assert erased.status_code == 200, erased.text
    for table in ("ambassador_profiles", "ambassador_referrals"):
        left = await _count(
            owner_url, f"select count(*) from {table} where user_id = $1", ambassador.id
        )
        assert left == 0, table
    response, _ = await sign_up_with_code(client, code)
    assert response.status_code == 422


async def test_a_referral_made_at_sign_up_earns_a_commission_when_they_go_pro(
    client: httpx.AsyncClient, owner_url: str
) -> None:
    """The whole path through the API: applied, approved, terms set, a sign-up with the
    code, the person made pro: one accrual in the ambassador's ledger, once."""
    admin, ambassador = await sign_up_admin(client, owner_url), await sign_up(client)
    code = (await approved(client, admin, ambassador))["referral_code"]
    await create_agreement(client, admin, ambassador.id, amount="7.50", currency="EUR")
    response, _ = await sign_up_with_code(client, code)
    referred = uuid.UUID(response.json()["user"]["id"])
    for _ in range(2):  # made pro twice: it became pro once
        made_pro = await client.patch(
            f"/v1/admin/users/{referred}", headers=admin.headers, json={"is_pro": True}
        )
        assert made_pro.status_code == 200, made_pro.text
    ledger = (await client.get(f"{ME}/commissions", headers=ambassador.headers)).json()["items"]
    assert len(ledger) == 1
    assert ledger[0]["referred_user_id"] == str(referred)
    assert ledger[0]["currency"] == "EUR"
    assert Decimal(ledger[0]["amount"]) == Decimal("7.50")

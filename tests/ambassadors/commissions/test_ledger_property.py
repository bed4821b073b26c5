"""Random event streams through the real service into the real database: duplicates (the
same event id again), reversals (of accrued events, of unknown and of already reversed
ones, which are refused) and several currencies. After each stream the ledger's balance per
currency equals the priced distinct events minus their reversals, no stored row changed,
and statements over random splits of the period add up to the whole."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ambassadors.support import (
    ADMIN_EVENTS,
    create_agreement,
    event,
    ledger_rows,
    make_ambassador,
    refer,
)
from tests.conftest import SignedUpUser, sign_up, sign_up_admin

PROPERTY = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIXED = Decimal("5.00")  # pro_started, EUR
RATE = Decimal("0.125")  # pro_renewed, of the event's amount
#: The expectation's own minor units (independent of the code under test).
STEP = {"EUR": Decimal("0.01"), "USD": Decimal("0.01"), "JPY": Decimal(1), "KWD": Decimal("0.001")}

EVENTS = st.tuples(
    st.sampled_from(["pro_started", "pro_renewed"]),
    st.integers(0, 1),  # which referred person
    st.one_of(st.none(), st.integers(0, 10_000_000)),  # the event's amount in 1/1000
    st.sampled_from(sorted(STEP)),
)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("event"), st.integers(0, 5)),
        st.tuples(st.just("refund"), st.integers(0, 3), st.integers(-1, 5)),
    ),
    min_size=1,
    max_size=14,
)


@dataclass
class Model:
    """What the ledger must hold: priced events by id, reversed event ids."""

    priced: dict[str, tuple[Decimal, str]] = field(default_factory=dict)
    reversed_by: dict[str, str] = field(default_factory=dict)  # refund id -> event id
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # answers at write time

    def balance(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for amount, currency in self.priced.values():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
        for target in self.reversed_by.values():
            amount, currency = self.priced[target]
            totals[currency] -= amount
        return totals


def expected_price(kind: str, milli: int | None, currency: str) -> tuple[Decimal, str] | None:
    if kind == "pro_started":
        return FIXED, "EUR"
    if milli is None:
        return None
    value = (RATE * Decimal(milli) / 1000).quantize(STEP[currency], rounding=ROUND_HALF_EVEN)
    return (value, currency) if value > 0 else None


async def _setup(client: httpx.AsyncClient, owner_url: str) -> tuple[Any, ...]:
    admin = await sign_up_admin(client, owner_url)
    ambassador = await sign_up(client)
    await make_ambassador(owner_url, ambassador.id)
    referred = [await sign_up(client), await sign_up(client)]
    for person in referred:
        await refer(owner_url, ambassador.id, person.id)
    await create_agreement(client, admin, ambassador.id)
    await create_agreement(
        client,
        admin,
        ambassador.id,
        event_kind="pro_renewed",
        kind="rate",
        rate=str(RATE),
        amount=None,
        currency=None,
    )
    return admin, ambassador, referred


async def _event(
    client: httpx.AsyncClient,
    admin: SignedUpUser,
    model: Model,
    ids: list[str],
    referred: list[SignedUpUser],
    spec: tuple[str, int, int | None, str],
    index: int,
) -> None:
    kind, who, milli, currency = spec
    amount = None if milli is None else str(Decimal(milli) / 1000)
    body = event(
        referred[who].id,
        event_id=ids[index],
        kind=kind,
        amount=amount,
        currency=None if milli is None else currency,
    )
    response = await client.post(ADMIN_EVENTS, headers=admin.headers, json=body)
    answer = response.json()
    price = expected_price(kind, milli, currency)
    if ids[index] in model.priced:
        assert response.status_code == 200, response.text
        assert answer["duplicate"] is True
        assert answer["accrual"]["id"] == model.stored[ids[index]]["id"]
    elif price is None:
        assert response.status_code == 200, response.text
        assert answer["qualifying"] is False
    else:
        assert response.status_code == 201, response.text
        assert Decimal(answer["accrual"]["amount"]) == price[0]
        assert answer["accrual"]["currency"] == price[1]
        model.priced[ids[index]] = price
        model.stored[ids[index]] = answer["accrual"]


async def _refund(
    client: httpx.AsyncClient,
    admin: SignedUpUser,
    model: Model,
    ids: list[str],
    refund_ids: list[str],
    person: SignedUpUser,
    which: int,
    target: int,
) -> None:
    refund_id = refund_ids[which]
    reverses = ids[target] if target >= 0 else f"unknown-{uuid.uuid4().hex}"
    if refund_id in model.reversed_by:  # the same refund again: the same answer
        reverses = model.reversed_by[refund_id]
    body = event(person.id, event_id=refund_id, kind="refund", reverses_event_id=reverses)
    response = await client.post(ADMIN_EVENTS, headers=admin.headers, json=body)
    if refund_id in model.reversed_by:
        assert response.status_code == 200, response.text
        assert response.json()["duplicate"] is True
    elif reverses in model.priced and reverses not in model.reversed_by.values():
        assert response.status_code == 201, response.text
        accrual = response.json()["accrual"]
        assert Decimal(accrual["amount"]) == -model.priced[reverses][0]
        model.reversed_by[refund_id] = reverses
        model.stored[refund_id] = accrual
    else:
        assert response.status_code == 409, response.text


async def _check_statements(
    client: httpx.AsyncClient,
    admin: SignedUpUser,
    ambassador: uuid.UUID,
    splits: list[str],
    whole: dict[str, Decimal],
) -> None:
    url = f"/v1/admin/ambassadors/{ambassador}/statement"
    bounds: list[str | None] = [None, *splits, None]
    running: dict[str, Decimal] = {}
    for start, end in itertools.pairwise(bounds):
        params = {k: v for k, v in (("from", start), ("to", end)) if v is not None}
        response = await client.get(url, headers=admin.headers, params=params)
        assert response.status_code == 200, response.text
        for line in response.json()["lines"]:
            c = line["currency"]
            opening = Decimal(line["opening_balance"])
            assert opening == running.get(c, Decimal(0))
            moved = Decimal(line["accrued"]) + Decimal(line["reversed"])
            assert Decimal(line["closing_balance"]) == opening + moved
            running[c] = opening + moved
    assert running == whole


@given(
    pool=st.lists(EVENTS, min_size=6, max_size=6),
    ops=OPS,
    cuts=st.lists(st.integers(0, 100), max_size=3),
)
@PROPERTY
async def test_balances_equal_distinct_priced_events_minus_reversals(
    client: httpx.AsyncClient,
    owner_url: str,
    pool: list[tuple[str, int, int | None, str]],
    ops: list[tuple[Any, ...]],
    cuts: list[int],
) -> None:
    admin, ambassador, referred = await _setup(client, owner_url)
    ids = [f"evt-{uuid.uuid4().hex}" for _ in pool]
    refund_ids = [f"ref-{uuid.uuid4().hex}" for _ in range(4)]
    model = Model()
    for op in ops:
        if op[0] == "event":
            await _event(client, admin, model, ids, referred, pool[op[1]], op[1])
        else:
            await _refund(client, admin, model, ids, refund_ids, referred[0], op[1], op[2])
    rows = await ledger_rows(owner_url, ambassador.id)
    # Exactly the rows written, each as it was answered when written: none changed since.
    assert sorted(r["event_id"] for r in rows) == sorted(model.stored)
    for row in rows:
        stored = model.stored[row["event_id"]]
        assert str(row["id"]) == stored["id"]
        assert Decimal(stored["amount"]) == row["amount"]
        assert (
            row["recorded_at"].isoformat().replace("+00:00", "Z")[:19] == stored["recorded_at"][:19]
        )
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row["currency"]] = totals.get(row["currency"], Decimal(0)) + row["amount"]
    whole = model.balance()
    assert totals == whole
    moments = sorted({r["recorded_at"] for r in rows})
    splits = sorted(
        {moments[cut * len(moments) // 101].isoformat() for cut in cuts} if moments else set()
    )
    await _check_statements(client, admin, ambassador.id, splits, whole)

"""Commissions: administrators' agreements, recording qualifying events into the ledger,
the ambassador's ledger and statements, and reconciliation.

Recording an event (``record_event``) is idempotent by its id: the ledger's unique key
(ambassador, event id) with ``on conflict do nothing`` lets one of two identical events
in, the other answers the stored accrual. Pricing (``money.price``) rounds in one place.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ironbase.ambassadors import service as ambassadors
from ironbase.ambassadors.commissions import money
from ironbase.ambassadors.commissions import repository as repo
from ironbase.ambassadors.commissions.cursors import AGREEMENTS_NEWEST, LEDGER_NEWEST, after
from ironbase.ambassadors.commissions.schemas import AgreementCreate, CommissionEvent
from ironbase.db.pg import Tx
from ironbase.gyms import service as gyms
from ironbase.kit import audit
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import PageCursor
from ironbase.models.ambassadors import AmbassadorStatus

#: The event id ``users.set_pro_status`` records when it makes a referred person pro: one
#: per person, so that setting pro again never counts twice.
PRO_STARTED_BY_ADMIN = "pro_started:admin:{user_id}"


def _agreement_body(row: Mapping[str, Any]) -> dict[str, Any]:
    return dict(row)


async def _require_ambassador(tx: Tx, ambassador_id: uuid.UUID) -> AmbassadorStatus:
    status = await ambassadors.status_of(tx, ambassador_id)
    if status is None:
        raise NotFound("Ambassador")
    return status


async def create_agreement(
    tx: Tx, admin: SignedIn, ambassador_id: uuid.UUID, body: AgreementCreate
) -> dict[str, Any]:
    """An ``Agreement`` for an approved ambassador, audited; 409 when it overlaps another
    of the same event kind."""
    if await _require_ambassador(tx, ambassador_id) != AmbassadorStatus.approved:
        raise Conflict("Only approved ambassadors have commission terms.", kind="not-approved")
    values = body.model_dump()
    values.update(user_id=ambassador_id, created_by=admin.user_id)
    row = await repo.create_agreement(tx, values)
    body_out = _agreement_body(row)
    await audit.record_change(
        tx,
        admin,
        action="ambassadors.commission_agreement.create",
        target_table="ambassador_commission_agreements",
        target_id=row["id"],
        before=None,
        after=body_out,
    )
    return body_out


async def revoke_agreement(
    tx: Tx, admin: SignedIn, ambassador_id: uuid.UUID, agreement_id: uuid.UUID
) -> dict[str, Any]:
    """End an active agreement now (events that occurred before stay priced by it)."""
    before = await repo.get_agreement(tx, ambassador_id, agreement_id)
    if before is None:
        raise NotFound("Commission agreement")
    row = await repo.revoke_agreement(tx, ambassador_id, agreement_id, admin.user_id)
    if row is None:
        raise Conflict("This agreement is already revoked.", kind="already-revoked")
    await audit.record_change(
        tx,
        admin,
        action="ambassadors.commission_agreement.revoke",
        target_table="ambassador_commission_agreements",
        target_id=agreement_id,
        before={"status": before["status"], "valid_until": before["valid_until"]},
        after={"status": row["status"], "valid_until": row["valid_until"]},
    )
    return _agreement_body(row)


async def list_agreements(
    tx: Tx, ambassador_id: uuid.UUID, *, limit: int, cursor: PageCursor
) -> dict[str, Any]:
    """One ambassador's agreements, newest first (administrators, or the ambassador)."""
    rows = await repo.list_agreements(
        tx, ambassador_id, limit=limit, after=after(cursor, AGREEMENTS_NEWEST)
    )
    items, next_cursor = cursor.page(
        rows, limit, AGREEMENTS_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [_agreement_body(r) for r in items], "next_cursor": next_cursor}


def _outcome(
    event_id: str,
    accrual: Mapping[str, Any] | None,
    *,
    reason: str | None = None,
    duplicate: bool = False,
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "qualifying": accrual is not None,
        "reason": reason,
        "duplicate": duplicate,
        "accrual": None if accrual is None else dict(accrual),
    }


def _same_event(stored: Mapping[str, Any], body: CommissionEvent) -> bool:
    return bool(stored["event_kind"] == body.kind and stored["referred_user_id"] == body.user_id)


async def _duplicate(tx: Tx, ambassador: uuid.UUID, body: CommissionEvent) -> dict[str, Any]:
    stored = await repo.accrual_by_event(tx, ambassador, body.event_id)
    if stored is None:  # cannot happen: the insert found it; a clear error if it does
        raise Conflict("The event is being recorded; retry.", kind="retry")
    if not _same_event(stored, body):
        raise Conflict("This event id was recorded for another event.", kind="event-id-reused")
    return _outcome(body.event_id, stored, duplicate=True)


async def _reversal(tx: Tx, ambassador: uuid.UUID, body: CommissionEvent) -> dict[str, Any]:
    assert body.reverses_event_id is not None
    original = await repo.accrual_by_event(tx, ambassador, body.reverses_event_id)
    if original is None or original["reverses_id"] is not None:
        raise Conflict(
            "The reversed event has no accrual in the ambassador's ledger.", kind="not-reversible"
        )
    if await repo.reversed_already(tx, ambassador, original["id"]):
        raise Conflict("The event is already reversed.", kind="already-reversed")
    row = await repo.insert_accrual(
        tx,
        {
            "user_id": ambassador,
            "event_id": body.event_id,
            "event_kind": "refund",
            "referred_user_id": body.user_id,
            "amount": -original["amount"],
            "currency": original["currency"],
            "event_amount": body.amount,
            "event_currency": body.currency,
            "agreement_id": original["agreement_id"],
            "deal_id": original["deal_id"],
            "reverses_id": original["id"],
            "occurred_at": body.occurred_at,
        },
    )
    if row is None:
        return await _duplicate(tx, ambassador, body)
    return _outcome(body.event_id, row)


async def _accrual(tx: Tx, ambassador: uuid.UUID, body: CommissionEvent) -> dict[str, Any]:
    gym_ids = await gyms.gym_ids_of_person(tx, body.user_id)
    terms = await repo.terms_at(tx, ambassador, body.kind, body.occurred_at, gym_ids)
    if terms is None:
        return _outcome(body.event_id, None, reason="no-terms")
    try:
        priced = money.price(
            money.Terms(terms["kind"], terms["rate"], terms["amount"], terms["currency"]),
            body.amount,
            body.currency,
        )
    except money.NotPriceable as exc:
        return _outcome(body.event_id, None, reason=exc.reason)
    by_deal = terms["source"] == "deal"
    row = await repo.insert_accrual(
        tx,
        {
            "user_id": ambassador,
            "event_id": body.event_id,
            "event_kind": body.kind,
            "referred_user_id": body.user_id,
            "amount": priced.amount,
            "currency": priced.currency,
            "event_amount": body.amount,
            "event_currency": body.currency,
            "agreement_id": None if by_deal else terms["id"],
            "deal_id": terms["id"] if by_deal else None,
            "reverses_id": None,
            "occurred_at": body.occurred_at,
        },
    )
    if row is None:
        return await _duplicate(tx, ambassador, body)
    return _outcome(body.event_id, row)


async def record_event(tx: Tx, body: CommissionEvent) -> tuple[dict[str, Any], bool]:
    """An ``EventOutcome`` and whether a row was written. Qualifying: the person was
    referred by an approved ambassador (a refund: by any ambassador, the original stands
    in their ledger) and terms price the event at ``occurred_at``."""
    referral = await ambassadors.referrer_of(tx, body.user_id)
    if referral is None:
        return _outcome(body.event_id, None, reason="no-referral"), False
    ambassador, status = referral
    stored = await repo.accrual_by_event(tx, ambassador, body.event_id)
    if stored is not None:
        return await _duplicate(tx, ambassador, body), False
    if body.kind == "refund":
        outcome = await _reversal(tx, ambassador, body)
    elif status != AmbassadorStatus.approved:
        outcome = _outcome(body.event_id, None, reason="ambassador-not-approved")
    else:
        outcome = await _accrual(tx, ambassador, body)
    return outcome, outcome["qualifying"] and not outcome["duplicate"]


async def pro_started_by_admin(tx: Tx, user_id: uuid.UUID, at: dt.datetime) -> None:
    """``users.set_pro_status`` made the person pro: a ``pro_started`` event without an
    amount (fixed terms price it; rate terms answer ``no-amount`` and nothing accrues),
    with an id per person so that repeating it never counts twice."""
    event = CommissionEvent(
        event_id=PRO_STARTED_BY_ADMIN.format(user_id=user_id),
        user_id=user_id,
        kind="pro_started",
        occurred_at=at,
    )
    await record_event(tx, event)


async def ledger(tx: Tx, caller: SignedIn, *, limit: int, cursor: PageCursor) -> dict[str, Any]:
    """The caller's own ledger, newest first."""
    rows = await repo.ledger_page(
        tx, caller.user_id, limit=limit, after=after(cursor, LEDGER_NEWEST)
    )
    items, next_cursor = cursor.page(
        rows, limit, LEDGER_NEWEST, lambda r: (r["recorded_at"], r["id"])
    )
    return {"items": [dict(r) for r in items], "next_cursor": next_cursor}


def _check_period(period_from: dt.datetime | None, period_to: dt.datetime | None) -> None:
    if period_from is not None and period_to is not None and period_to < period_from:
        raise InvalidInput("to", "The period ends before it begins.")


async def statement(
    tx: Tx,
    ambassador_id: uuid.UUID,
    period_from: dt.datetime | None,
    period_to: dt.datetime | None,
) -> dict[str, Any]:
    """A ``Statement`` over ``[from, to)`` of recording time, per currency."""
    _check_period(period_from, period_to)
    rows = await repo.statement(tx, ambassador_id, period_from, period_to)
    return {
        "ambassador_id": ambassador_id,
        "period_from": period_from,
        "period_to": period_to,
        "lines": [dict(r) for r in rows],
    }


async def admin_statement(
    tx: Tx,
    ambassador_id: uuid.UUID,
    period_from: dt.datetime | None,
    period_to: dt.datetime | None,
) -> dict[str, Any]:
    await _require_ambassador(tx, ambassador_id)
    return await statement(tx, ambassador_id, period_from, period_to)


async def my_statement(
    tx: Tx, caller: SignedIn, period_from: dt.datetime | None, period_to: dt.datetime | None
) -> dict[str, Any]:
    if await ambassadors.status_of(tx, caller.user_id) is None:
        raise NotFound("Your ambassador profile")
    return await statement(tx, caller.user_id, period_from, period_to)


async def my_agreements(
    tx: Tx, caller: SignedIn, *, limit: int, cursor: PageCursor
) -> dict[str, Any]:
    return await list_agreements(tx, caller.user_id, limit=limit, cursor=cursor)


@dataclass
class Reconciliation:
    """Statements of every ambassador over a period, and whether they equal the ledger."""

    statements: list[dict[str, Any]] = field(default_factory=list)
    #: per currency: (sum of closing balances, ledger balance, sum of movements, ledger's)
    totals: dict[str, tuple[Decimal, Decimal, Decimal, Decimal]] = field(default_factory=dict)

    @property
    def mismatches(self) -> list[str]:
        return [
            currency
            for currency, (closing, balance, moved, movement) in sorted(self.totals.items())
            if closing != balance or moved != movement
        ]


async def reconcile(
    tx: Tx,
    period_from: dt.datetime | None,
    period_to: dt.datetime | None,
    ambassador_id: uuid.UUID | None,
    *,
    on_total: Callable[[int], None] = lambda _: None,
    on_done: Callable[[int], None] = lambda _: None,
) -> Reconciliation:
    """Every ambassador's statement (or one's), summed per currency, against the ledger's
    own sums over the same period."""
    _check_period(period_from, period_to)
    ambassadors = (
        [ambassador_id]
        if ambassador_id is not None
        else await repo.ambassadors_with_ledger(tx, period_to)
    )
    on_total(len(ambassadors))
    result = Reconciliation()
    closing: dict[str, Decimal] = {}
    moved: dict[str, Decimal] = {}
    for ambassador in ambassadors:
        found = await statement(tx, ambassador, period_from, period_to)
        result.statements.append(found)
        for line in found["lines"]:
            c = line["currency"]
            closing[c] = closing.get(c, Decimal(0)) + line["closing_balance"]
            moved[c] = moved.get(c, Decimal(0)) + line["accrued"] + line["reversed"]
        on_done(1)
    ledger_sums = await repo.ledger_totals(tx, period_from, period_to, ambassador_id)
    for c in sorted(closing.keys() | ledger_sums.keys()):
        movement, balance = ledger_sums.get(c, (Decimal(0), Decimal(0)))
        result.totals[c] = (
            closing.get(c, Decimal(0)),
            balance,
            moved.get(c, Decimal(0)),
            movement,
        )
    return result

"""Cycle tracking: opt-in, owner-only, and erased on revocation.

Nothing here logs, audits or notifies: the events are special-category data, and the admin
audit log is read by administrators. Every endpoint but ``PUT /v1/cycle/consent`` answers 409
without consent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ironbase.db.pg import Tx
from ironbase.fitness.cycle import prediction
from ironbase.fitness.cycle import repository as repo
from ironbase.fitness.cycle.schemas import EARLIEST_DAY, CycleEventCreate
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid

EVENTS_BY_DAY = CursorKind("cycle_events.day", (Timestamp(), Uuid()))
#: Period starts read for the summary: plenty for RECENT_CYCLES with gaps in between.
STARTS_READ = 48
MAX_RANGE_DAYS = 732
LATEST_DAY = dt.date(2200, 12, 31)
_NO_CONSENT = "Cycle tracking is off: give consent with PUT /v1/cycle/consent first."
SUMMARY_NOTE = (
    "A prediction from your own logged cycle lengths, not a medical estimate. Training plans "
    "never change by cycle phase alone."
)


def _no_consent() -> Conflict:
    return Conflict(_NO_CONSENT, kind="cycle-consent-required")


async def _require_consent(tx: Tx, caller: SignedIn) -> None:
    if await repo.consent(tx, caller.user_id) is None:
        raise _no_consent()


async def get_consent(tx: Tx, caller: SignedIn) -> dict[str, Any]:
    at = await repo.consent(tx, caller.user_id)
    return {"consented": at is not None, "consented_at": at}


async def give_consent(tx: Tx, caller: SignedIn, now: dt.datetime) -> dict[str, Any]:
    """Idempotent: a second PUT keeps the first consent's time."""
    await repo.give_consent(tx, caller.user_id, now)
    return await get_consent(tx, caller)


async def revoke_consent(tx: Tx, caller: SignedIn) -> None:
    """Revoking deletes every cycle event with the consent, in one transaction."""
    if not await repo.revoke(tx, caller.user_id):
        raise _no_consent()


def _event(row: Any) -> dict[str, Any]:
    return dict(row)


async def add_event(
    tx: Tx, caller: SignedIn, body: CycleEventCreate, today: dt.date
) -> dict[str, Any]:
    """``today``: the latest day an event may carry (a day ahead of UTC covers every zone)."""
    if body.date > today:
        raise InvalidInput("date", "An event is logged on a day that has begun.")
    values = {
        "type": body.type,
        "day": body.date,
        "symptom": body.symptom,
        "severity": body.severity,
        "notes": body.notes,
    }
    row = await repo.insert_event(tx, caller.user_id, values)
    if row is None:
        raise _no_consent()
    return _event(row)


def _bounds(
    since: dt.date | None, until: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    for field, day in (("from", since), ("to", until)):
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise InvalidInput(field, f"A day between {EARLIEST_DAY} and {LATEST_DAY}.")
    until = until or today
    since = since or until - dt.timedelta(days=365)
    if since > until:
        raise InvalidInput("from", "`from` is on or before `to`.")
    if (until - since).days > MAX_RANGE_DAYS:
        raise InvalidInput("from", f"A range covers at most {MAX_RANGE_DAYS} days.")
    return since, until


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


async def list_events(
    tx: Tx,
    caller: SignedIn,
    cursor: PageCursor,
    *,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
    today: dt.date,
) -> dict[str, Any]:
    """Newest day first; ``from``/``to`` default to the year up to today (at most two years)."""
    key = cursor.after(EVENTS_BY_DAY)
    since, until = _bounds(since, until, today)
    await _require_consent(tx, caller)
    after = None if key is None else (key[0].date(), key[1])
    rows = await repo.list_events(tx, caller.user_id, since, until, after, limit + 1)
    page, next_cursor = cursor.page(
        rows, limit, EVENTS_BY_DAY, lambda r: (_midnight(r["date"]), r["id"])
    )
    return {"items": [_event(r) for r in page], "next_cursor": next_cursor}


async def delete_event(tx: Tx, caller: SignedIn, event_id: uuid.UUID) -> None:
    await _require_consent(tx, caller)
    if not await repo.delete_event(tx, caller.user_id, event_id):
        raise NotFound("Cycle event")


async def summary(tx: Tx, caller: SignedIn) -> dict[str, Any]:
    await _require_consent(tx, caller)
    starts = await repo.period_starts(tx, caller.user_id, STARTS_READ)
    result = prediction.summarise(starts)
    return {
        "last_start": result.last_start,
        "cycles": [{"start": c.start, "length_days": c.length_days} for c in result.cycles],
        "mean_length_days": None
        if result.mean_length_days is None
        else round(result.mean_length_days, 1),
        "sd_length_days": None
        if result.sd_length_days is None
        else round(result.sd_length_days, 1),
        "predicted_next_start": result.predicted_next_start,
        "uncertainty_days": result.uncertainty_days,
        "earliest": result.earliest,
        "latest": result.latest,
        "based_on": result.based_on,
        "note": SUMMARY_NOTE,
    }


async def worst_symptoms(
    tx: Tx, caller: SignedIn, since: dt.date, until: dt.date
) -> dict[dt.date, int]:
    """The worst symptom severity logged on each day of [since, until] that has one (1 mild,
    2 moderate, 3 severe). Empty without consent: revoking deleted every event. For
    readiness, which may lower a day's band for it; never the phase."""
    return await repo.worst_symptoms(tx, caller.user_id, since, until)

"""Daily readiness check-ins: one per local day (the person's time zone decides the day),
scored against the person's own baseline (``scoring.py``), with what that means for today's
session.

``readiness_on`` is the entry point for other domains (the program generator): a frozen
``Readiness`` of one local day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from ironbase.catalog import service as catalog
from ironbase.db.pg import Tx
from ironbase.fitness.cycle import service as cycle
from ironbase.fitness.readiness import repository as repo
from ironbase.fitness.readiness import scoring
from ironbase.fitness.readiness.schemas import CheckinCreate
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput
from ironbase.kit.pagination import CursorKind, Int, PageCursor
from ironbase.kit.units import number
from ironbase.users import service as users

#: Fields of the check-in that are life categories of the catalog themselves: scored there,
#: not again in ``life_scores``.
FIELD_CATEGORIES = frozenset({"sleep", "fatigue", "stress", "soreness", "mood"})
#: How far back a check-in may be taken (an offline client sending it later).
MAX_BACKDATE = dt.timedelta(days=7)
MAX_AHEAD = dt.timedelta(minutes=5)
MAX_RANGE_DAYS = 366
#: The days a list may ask for (far enough from the calendar's ends for any arithmetic).
EARLIEST_DAY = dt.date(1970, 1, 1)
LATEST_DAY = dt.date(2200, 12, 31)
DEFAULT_RANGE_DAYS = 28
#: Days of history one day's assessment reads: its window, and yesterday's for the
#: two-low-days rule.
HISTORY_DAYS = scoring.CURRENT.window_days + 1
CHECKINS_BY_DAY = CursorKind("readiness.day", (Int(1, dt.date.max.toordinal()),))


@dataclass(frozen=True, slots=True)
class Readiness:
    """One local day's readiness as a plan sees it (``band`` None: no check-in that day)."""

    day: dt.date
    checked_in: bool
    score: int | None
    band: scoring.Band | None
    z: float | None
    method: scoring.Method | None
    baseline: scoring.Baseline | None
    consecutive_low: bool
    symptoms_lowered: bool
    adjustment: scoring.SessionAdjustment
    explanation: str
    rules_version: str


def local_day(at: dt.datetime, time_zone: str) -> dt.date:
    """The calendar day ``at`` falls on in ``time_zone``."""
    return at.astimezone(ZoneInfo(time_zone)).date()


def _explain(assessment: scoring.Assessment, symptoms_lowered: bool, band: scoring.Band) -> str:
    parts = []
    if assessment.method is scoring.Method.fallback:
        parts.append(
            f"Fewer than {scoring.CURRENT.min_checkins} check-ins in the last "
            f"{scoring.CURRENT.window_days} days, so fixed cut-offs on your Hooper sum "
            f"({assessment.hooper_sum} of 28, lower is better) decide until your own baseline "
            "exists."
        )
    elif assessment.z is not None:
        mean = assessment.baseline.mean or 0.0
        direction = (
            "better than" if assessment.z > 0 else "worse than" if assessment.z < 0 else "at"
        )
        parts.append(
            f"Your Hooper sum of {assessment.hooper_sum} is {direction} your 28-day average of "
            f"{mean:.1f} ({assessment.z:+.2f} SD)."
        )
    if assessment.consecutive_low:
        parts.append("This is the second low day in a row.")
    if symptoms_lowered:
        parts.append(scoring.SYMPTOM_NOTE)
    parts.append(scoring.ADJUSTMENTS[band].advice)
    return " ".join(parts)


def _baseline_json(baseline: scoring.Baseline) -> dict[str, Any]:
    return {
        "n": baseline.n,
        "mean": None if baseline.mean is None else round(baseline.mean, 2),
        "sd": None if baseline.sd is None else round(baseline.sd, 2),
        "window_days": baseline.window_days,
    }


def _total(row: Mapping[str, Any]) -> int:
    return scoring.hooper_sum(row["sleep"], row["fatigue"], row["stress"], row["soreness"])


def _assessed(
    rows: Sequence[Mapping[str, Any]], symptoms: Mapping[dt.date, int]
) -> dict[dt.date, tuple[scoring.Assessment, scoring.Band, bool]]:
    """Every row's assessment, final band and whether symptoms lowered it."""
    history = {row["day"]: _total(row) for row in rows}
    out = {}
    for day in history:
        assessment = scoring.assess(history, day)
        band, lowered = scoring.with_symptoms(assessment.band, symptoms.get(day))
        out[day] = (assessment, band, lowered)
    return out


def _checkin_json(
    row: Mapping[str, Any], result: tuple[scoring.Assessment, scoring.Band, bool]
) -> dict[str, Any]:
    assessment, band, lowered = result
    decimal = {
        k: None if row[k] is None else number(row[k]) for k in ("sleep_hours", "hrv_rmssd_ms")
    }
    return {
        "id": row["id"],
        "date": row["day"],
        "sleep": row["sleep"],
        "fatigue": row["fatigue"],
        "stress": row["stress"],
        "soreness": row["soreness"],
        "hooper_sum": assessment.hooper_sum,
        **decimal,
        "resting_hr": row["resting_hr"],
        "mood": row["mood"],
        "notes": row["notes"],
        "life_scores": row["life_scores"],
        "score": row["score"],
        "z_score": None if assessment.z is None else round(assessment.z, 2),
        "band": band,
        "method": assessment.method,
        "baseline": _baseline_json(assessment.baseline),
        "consecutive_low": assessment.consecutive_low,
        "symptoms_lowered": lowered,
        "rules_version": assessment.rules_version,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


async def _life_scores(tx: Tx, raw: Mapping[str, int]) -> list[dict[str, Any]]:
    """``life_scores`` checked against the catalog (by slug or id, within each scale)."""
    if not raw:
        return []
    categories = await catalog.list_life_categories(tx, ["en"])
    by_key: dict[str, asyncpg.Record] = {}
    for category in categories:
        by_key[category["slug"]] = category
        by_key[str(category["id"])] = category
    scores: dict[uuid.UUID, dict[str, Any]] = {}
    for key, value in raw.items():
        field = f"life_scores.{key}"
        category = by_key.get(key.lower())
        if category is None:
            raise InvalidInput(field, "No such life category (see GET /v1/life-categories).")
        if category["slug"] in FIELD_CATEGORIES:
            raise InvalidInput(field, f"Scored by the check-in's `{category['slug']}` field.")
        low, high = category["scale_min"], category["scale_max"]
        if not low <= value <= high:
            raise InvalidInput(field, f"A score between {low} and {high}.")
        if category["id"] in scores:
            raise InvalidInput(field, "This category is scored twice.")
        scores[category["id"]] = {
            "life_category_id": str(category["id"]),
            "slug": category["slug"],
            "score": value,
        }
    return list(scores.values())


async def _rows_and_symptoms(
    tx: Tx, caller: SignedIn, since: dt.date, until: dt.date, owner: uuid.UUID | None = None
) -> tuple[list[asyncpg.Record], dict[dt.date, int]]:
    """The check-ins and, for the caller's own, their cycle symptoms: another reader (a
    coach) never reads cycle data, so their scores are assessed without it."""
    whose = owner or caller.user_id
    rows = await repo.between(tx, whose, since - dt.timedelta(days=HISTORY_DAYS), until)
    if whose != caller.user_id:
        return rows, {}
    symptoms = await cycle.worst_symptoms(tx, caller, since, until)
    return rows, symptoms


async def record_checkin(
    tx: Tx, caller: SignedIn, body: CheckinCreate, now: dt.datetime
) -> dict[str, Any]:
    """Stores the check-in for the local day of ``taken_at`` (default ``now``), replacing
    that day's earlier one, and answers it scored."""
    taken_at = body.taken_at or now
    if not now - MAX_BACKDATE <= taken_at <= now + MAX_AHEAD:
        raise InvalidInput("taken_at", "A check-in is taken within the last 7 days.")
    day = local_day(taken_at, await users.time_zone_of(tx, caller.user_id))
    total = scoring.hooper_sum(body.sleep, body.fatigue, body.stress, body.soreness)
    values = {
        "day": day,
        "sleep": body.sleep,
        "fatigue": body.fatigue,
        "stress": body.stress,
        "soreness": body.soreness,
        "score": scoring.score_of(total),
        "sleep_hours": body.sleep_hours,
        "resting_hr": body.resting_hr,
        "hrv_rmssd_ms": body.hrv_rmssd_ms,
        "mood": body.mood,
        "notes": body.notes,
        "life_scores": await _life_scores(tx, body.life_scores),
    }
    stored = await repo.upsert(tx, caller.user_id, values)
    rows, symptoms = await _rows_and_symptoms(tx, caller, day, day)
    return {**_checkin_json(stored, _assessed(rows, symptoms)[day]), "replaced": stored["replaced"]}


async def local_today(tx: Tx, caller: SignedIn, now: dt.datetime) -> dt.date:
    return local_day(now, await users.time_zone_of(tx, caller.user_id))


async def list_checkins(
    tx: Tx,
    caller: SignedIn,
    cursor: PageCursor,
    *,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
    now: dt.datetime,
    owner: uuid.UUID | None = None,
) -> dict[str, Any]:
    """Check-ins of [from, to] (local days, at most 366; default the last 28 days up to
    today), newest first, each scored as it stands now. ``owner``: whose (default the
    caller's; a coach reads a client's, as RLS lets them, in the coach's time zone)."""
    for field, given in (("from", since), ("to", until)):
        if given is not None and not EARLIEST_DAY <= given <= LATEST_DAY:
            raise InvalidInput(field, f"A day between {EARLIEST_DAY} and {LATEST_DAY}.")
    if until is None:
        until = await local_today(tx, caller, now)
    since = since or until - dt.timedelta(days=DEFAULT_RANGE_DAYS - 1)
    if since > until:
        raise InvalidInput("from", "`from` is on or before `to`.")
    if (until - since).days >= MAX_RANGE_DAYS:
        raise InvalidInput("from", f"A range covers at most {MAX_RANGE_DAYS} days.")
    key = cursor.after(CHECKINS_BY_DAY)
    if key is not None:
        until = min(until, dt.date.fromordinal(key[0]) - dt.timedelta(days=1))
    if since > until:
        return {"items": [], "next_cursor": None}
    rows, symptoms = await _rows_and_symptoms(tx, caller, since, until, owner)
    assessed = _assessed(rows, symptoms)
    wanted = [row for row in reversed(rows) if since <= row["day"] <= until]
    page, next_cursor = cursor.page(
        wanted, limit, CHECKINS_BY_DAY, lambda r: (r["day"].toordinal(),)
    )
    return {
        "items": [_checkin_json(r, assessed[r["day"]]) for r in page],
        "next_cursor": next_cursor,
    }


async def readiness_on(
    tx: Tx, caller: SignedIn, day: dt.date
) -> tuple[Readiness, dict[str, Any] | None]:
    """``day``'s readiness (and its check-in as the API shows it, if any)."""
    rows, symptoms = await _rows_and_symptoms(tx, caller, day, day)
    assessed = _assessed(rows, symptoms)
    row = next((r for r in rows if r["day"] == day), None)
    if row is None:
        plan = scoring.ADJUSTMENTS[scoring.Band.green]
        return (
            Readiness(
                day=day,
                checked_in=False,
                score=None,
                band=None,
                z=None,
                method=None,
                baseline=None,
                consecutive_low=False,
                symptoms_lowered=False,
                adjustment=plan,
                explanation="No check-in today: " + plan.advice,
                rules_version=scoring.CURRENT.version,
            ),
            None,
        )
    assessment, band, lowered = assessed[day]
    readiness = Readiness(
        day=day,
        checked_in=True,
        score=assessment.score,
        band=band,
        z=assessment.z,
        method=assessment.method,
        baseline=assessment.baseline,
        consecutive_low=assessment.consecutive_low,
        symptoms_lowered=lowered,
        adjustment=scoring.ADJUSTMENTS[band],
        explanation=_explain(assessment, lowered, band),
        rules_version=assessment.rules_version,
    )
    return readiness, _checkin_json(row, assessed[day])


async def today(tx: Tx, caller: SignedIn, now: dt.datetime) -> Readiness:
    """The caller's readiness for their local today: for the program generator."""
    readiness, _ = await readiness_on(tx, caller, await local_today(tx, caller, now))
    return readiness


async def today_json(tx: Tx, caller: SignedIn, now: dt.datetime) -> dict[str, Any]:
    readiness, checkin = await readiness_on(tx, caller, await local_today(tx, caller, now))
    plan = readiness.adjustment
    return {
        "date": readiness.day,
        "checked_in": readiness.checked_in,
        "score": readiness.score,
        "band": readiness.band,
        "z_score": None if readiness.z is None else round(readiness.z, 2),
        "method": readiness.method,
        "baseline": None if readiness.baseline is None else _baseline_json(readiness.baseline),
        "consecutive_low": readiness.consecutive_low,
        "symptoms_lowered": readiness.symptoms_lowered,
        "explanation": readiness.explanation,
        "session": {
            "drop_sets_per_exercise": plan.drop_sets_per_exercise,
            "keep_set_fraction": plan.keep_set_fraction,
            "extra_rir": plan.extra_rir,
            "advice": plan.advice,
        },
        "checkin": checkin,
    }


async def score_for_workout(tx: Tx, caller: SignedIn, started_at: dt.datetime) -> int | None:
    """The score of the check-in of the local day ``started_at`` falls on (one statement),
    for ``workouts.readiness_score``. The Hooper-based score only: never cycle data."""
    return await repo.score_at(tx, caller.user_id, started_at)

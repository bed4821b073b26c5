"""Records, an exercise's history, volume and the summary of the caller's training.

Each use case reads in one short transaction (a fixed number of statements: the profile,
the sets or sessions, the exercises' muscles and names through the catalog's service),
which ends before ``training.science`` computes; a large history computes in a worker
thread so the event loop keeps serving.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import anyio

from ironbase.catalog.exercises import service as catalog
from ironbase.db.pg import Transactions, Tx
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import InvalidInput, NotFound
from ironbase.kit.locales import locale_chain
from ironbase.kit.units import GRAMS_PER, MassUnit, number, unit_of_system
from ironbase.training.science import e1rm, records, streaks, volume
from ironbase.training.stats import repository as repo
from ironbase.training.stats.schemas import GroupBy
from ironbase.users import service as users

T = TypeVar("T")

MAX_RANGE_DAYS = 731  # two years, both ends included
DEFAULT_VOLUME_DAYS = 28
DEFAULT_HISTORY_DAYS = 365
DEFAULT_CALENDAR_DAYS = 365
# Above this many rows the computation runs in a worker thread.
OFF_LOOP_ROWS = 2_000


@dataclass(frozen=True, slots=True)
class _Profile:
    unit: MassUnit
    time_zone: ZoneInfo
    chain: list[str]


async def _profile(tx: Tx, caller: SignedIn, unit: MassUnit | None) -> _Profile:
    me = await users.get_me(tx, caller)
    return _Profile(
        unit or unit_of_system(me["unit_system"]),
        ZoneInfo(me["time_zone"]),
        locale_chain(me["locale"]),
    )


async def _compute(rows: int, work: Callable[[], T]) -> T:
    if rows > OFF_LOOP_ROWS:
        return await anyio.to_thread.run_sync(work)
    return work()


def _mass(grams: int | Decimal, unit: MassUnit) -> int | float:
    return number(Decimal(grams) / GRAMS_PER[unit])


# --- ranges ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Range:
    first: dt.date
    last: dt.date
    start: dt.datetime
    stop: dt.datetime


def local_range(
    first: dt.date | None,
    last: dt.date | None,
    time_zone: ZoneInfo,
    now: dt.datetime,
    default_days: int,
) -> _Range:
    """Local days ``first``..``last`` (both included) as instants; 422 when reversed or
    longer than ``MAX_RANGE_DAYS``."""
    if last is None:
        last = now.astimezone(time_zone).date()
        if first is not None and first > last:
            last = first + dt.timedelta(days=default_days - 1)
    if first is None:
        first = last - dt.timedelta(days=default_days - 1)
    if first > last:
        raise InvalidInput("from", "'from' must not be after 'to'.")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise InvalidInput("to", f"A range covers at most {MAX_RANGE_DAYS} days.")
    start = dt.datetime.combine(first, dt.time(), time_zone)
    stop = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), time_zone)
    return _Range(first, last, start, stop)


# --- sets as the science package reads them -------------------------------------------


def _muscles(summaries: Iterable[Mapping[str, Any]]) -> dict[uuid.UUID, tuple[str, list[str]]]:
    return {
        uuid.UUID(str(row["id"])): (
            str(row["primary_muscle"]),
            [str(m) for m in row["secondary_muscles"] or ()],
        )
        for row in summaries
    }


def _logged(
    rows: Iterable[Mapping[str, Any]], muscles: Mapping[uuid.UUID, tuple[str, list[str]]]
) -> list[volume.LoggedSet]:
    sets = []
    for row in rows:
        exercise_id = uuid.UUID(str(row["exercise_id"]))
        primary, secondary = muscles.get(exercise_id, ("", []))
        sets.append(
            volume.LoggedSet(
                set_id=uuid.UUID(str(row["set_id"])),
                workout_id=uuid.UUID(str(row["workout_id"])),
                exercise_id=exercise_id,
                primary_muscles=(primary,) if primary else (),
                secondary_muscles=tuple(secondary),
                set_type=volume.SetType(row["set_type"]),
                weight_g=row["weight_g"],
                reps=row["reps"],
                completed_at=row["completed_at"],
                rpe=row["rpe"],
                rir=None if row["rir"] is None else Decimal(row["rir"]),
            )
        )
    return sets


async def _exercise_summaries(
    tx: Tx, caller: SignedIn, rows: Sequence[Mapping[str, Any]], chain: list[str]
) -> list[Any]:
    ids = sorted({str(row["exercise_id"]) for row in rows})
    return await catalog.summaries(tx, caller, ids, chain) if ids else []


# --- records --------------------------------------------------------------------------


def _record(r: records.Record, tz: ZoneInfo, value: int | float) -> dict[str, Any]:
    return {
        "value": value,
        "set_id": r.set_id,
        "workout_id": r.workout_id,
        "achieved_at": r.achieved_at,
        "date": r.achieved_on(tz),
    }


def _records_body(
    found: Mapping[uuid.UUID, records.ExerciseRecords],
    names: Mapping[uuid.UUID, Mapping[str, Any]],
    unit: MassUnit,
    tz: ZoneInfo,
) -> dict[str, Any]:
    items = []
    for exercise_id, rec in found.items():
        name = names.get(exercise_id, {})
        heaviest, best, session = rec.heaviest_load, rec.best_e1rm, rec.best_session_volume
        items.append(
            {
                "exercise_id": exercise_id,
                "exercise_slug": name.get("slug"),
                "exercise_name": name.get("name"),
                "unit": unit,
                "heaviest_load": heaviest and _record(heaviest, tz, _mass(heaviest.value, unit)),
                "best_e1rm": best
                and {
                    **_record(best, tz, _mass(best.value, unit)),
                    "formula": str(best.formula),
                    "table_version": best.table_version,
                },
                "most_reps": [
                    {
                        **_record(r, tz, int(r.value)),
                        "weight": _mass(load, unit),
                    }
                    for load, r in sorted(rec.most_reps.items())
                ],
                "best_session_volume": session and _record(session, tz, _mass(session.value, unit)),
            }
        )
    items.sort(key=lambda item: (str(item["exercise_slug"] or ""), str(item["exercise_id"])))
    return {"unit": unit, "items": items}


async def get_records(
    transaction: Transactions,
    caller: SignedIn,
    unit: MassUnit | None,
    owner: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The records of ``owner``'s log (default the caller's; a coach reads a client's, as
    RLS lets them), in the caller's unit and time zone."""
    async with transaction() as tx:
        profile = await _profile(tx, caller, unit)
        rows = await repo.record_sets(tx, owner or caller.user_id)
        summaries = await _exercise_summaries(tx, caller, rows, profile.chain)
    muscles = _muscles(summaries)
    names = {uuid.UUID(str(s["id"])): s for s in summaries}

    def work() -> dict[str, Any]:
        found = records.compute_records(_logged(rows, muscles))
        return _records_body(found, names, profile.unit, profile.time_zone)

    return await _compute(len(rows), work)


# --- the records one set breaks -------------------------------------------------------


def _prior_bests(row: Mapping[str, Any]) -> records.PriorBests:
    efforts = zip(
        row["effort_reps"] or (), row["effort_rpes"] or (), row["effort_weights"] or (),
        strict=True,
    )  # fmt: skip
    return records.PriorBests(
        working_sets=row["working_sets"],
        heaviest_g=row["heaviest_g"],
        e1rm_bests=[records.EffortBest(reps, rpe, weight) for reps, rpe, weight in efforts],
        reps_at_load=row["reps_at_load"],
        best_other_session_g=row["best_other_session_g"],
        session_g=int(row["session_g"]),
    )


async def records_broken(tx: Tx, caller: SignedIn, set_id: uuid.UUID) -> list[str]:
    """The records the caller's set breaks against the other sets of its exercise (empty
    when none, no such set, or a planned one): one statement, in the caller's transaction."""
    row = await repo.set_against_others(
        tx,
        caller.user_id,
        set_id,
        max_reps=e1rm.MAX_REPS_RPE_CURVE,
        min_effort=int(e1rm.MAX_RPE - e1rm.MAX_RIR),
    )
    if row is None:
        return []
    judged = _logged([row], {})[0]
    return [str(kind) for kind in records.broken_by(judged, _prior_bests(row))]


# --- an exercise's history ------------------------------------------------------------


def _history_set(row: Mapping[str, Any], unit: MassUnit, tz: ZoneInfo) -> dict[str, Any]:
    estimate = None
    if row["set_type"] != volume.SetType.WARMUP:
        estimate = e1rm.estimate(row["weight_g"], row["reps"], rpe=row["rpe"], rir=row["rir"])
    return {
        "set_id": row["set_id"],
        "workout_id": row["workout_id"],
        "completed_at": row["completed_at"],
        "date": row["completed_at"].astimezone(tz).date(),
        "set_type": row["set_type"],
        "weight": _mass(row["weight_g"], unit),
        "reps": row["reps"],
        "rpe": None if row["rpe"] is None else number(row["rpe"]),
        "rir": row["rir"],
        "e1rm": None if estimate is None else _mass(estimate.grams, unit),
        "e1rm_formula": None if estimate is None else str(estimate.formula),
        "_e1rm_g": None if estimate is None else estimate.grams,
    }


def _history_body(
    rows: Sequence[Mapping[str, Any]], unit: MassUnit, tz: ZoneInfo
) -> list[dict[str, Any]]:
    sessions: dict[Any, dict[str, Any]] = {}
    for row, logged in zip(rows, _logged(rows, {}), strict=True):
        item = _history_set(row, unit, tz)
        session = sessions.setdefault(
            row["workout_id"],
            {"workout_id": row["workout_id"], "date": item["date"], "sets": [], "_t": 0},
        )
        session["_t"] += volume.tonnage_g(logged)
        session["sets"].append(item)
    out = []
    for session in sessions.values():
        grams = [s.pop("_e1rm_g") for s in session["sets"]]
        best = max((g for g in grams if g is not None), default=None)
        out.append(
            {
                "workout_id": session["workout_id"],
                "date": session["date"],
                "best_e1rm": None if best is None else _mass(best, unit),
                "tonnage": _mass(session["_t"], unit),
                "sets": session["sets"],
            }
        )
    return out


async def exercise_history(
    transaction: Transactions,
    caller: SignedIn,
    exercise_id: uuid.UUID,
    first: dt.date | None,
    last: dt.date | None,
    unit: MassUnit | None,
    now: dt.datetime,
) -> dict[str, Any]:
    async with transaction() as tx:
        profile = await _profile(tx, caller, unit)
        span = local_range(first, last, profile.time_zone, now, DEFAULT_HISTORY_DAYS)
        if not await catalog.summaries(tx, caller, [str(exercise_id)], profile.chain):
            raise NotFound("Exercise")
        rows = await repo.exercise_sets_between(
            tx, caller.user_id, exercise_id, span.start, span.stop
        )
    sessions = await _compute(
        len(rows), lambda: _history_body(rows, profile.unit, profile.time_zone)
    )
    return {
        "exercise_id": exercise_id,
        "unit": profile.unit,
        "from": span.first,
        "to": span.last,
        "sessions": sessions,
    }


# --- volume ---------------------------------------------------------------------------


def _volume_items(
    sets: list[volume.LoggedSet], group_by: GroupBy, unit: MassUnit, tz: ZoneInfo
) -> list[dict[str, Any]]:
    grouped: Mapping[Any, volume.Volume]
    if group_by == "muscle":
        grouped = volume.by_muscle(sets)
    elif group_by == "week":
        grouped = volume.by_week(sets, tz)
    else:
        grouped = volume.by_exercise(sets)
    return [
        {
            "key": str(key),
            "hard_sets": number(v.hard_sets),
            "tonnage": _mass(v.tonnage_g, unit),
            "sets": v.sets,
            "reps": v.reps,
        }
        for key, v in sorted(grouped.items(), key=lambda kv: str(kv[0]))
    ]


async def get_volume(
    transaction: Transactions,
    caller: SignedIn,
    first: dt.date | None,
    last: dt.date | None,
    group_by: GroupBy,
    unit: MassUnit | None,
    now: dt.datetime,
) -> dict[str, Any]:
    async with transaction() as tx:
        profile = await _profile(tx, caller, unit)
        span = local_range(first, last, profile.time_zone, now, DEFAULT_VOLUME_DAYS)
        rows = await repo.sets_between(tx, caller.user_id, span.start, span.stop)
        summaries = await _exercise_summaries(tx, caller, rows, profile.chain)
    muscles = _muscles(summaries)
    items = await _compute(
        len(rows),
        lambda: _volume_items(_logged(rows, muscles), group_by, profile.unit, profile.time_zone),
    )
    return {
        "unit": profile.unit,
        "group_by": group_by,
        "from": span.first,
        "to": span.last,
        "time_zone": profile.time_zone.key,
        "items": items,
    }


# --- summary --------------------------------------------------------------------------


async def get_summary(
    transaction: Transactions,
    caller: SignedIn,
    first: dt.date | None,
    last: dt.date | None,
    now: dt.datetime,
) -> dict[str, Any]:
    async with transaction() as tx:
        profile = await _profile(tx, caller, None)
        span = local_range(first, last, profile.time_zone, now, DEFAULT_CALENDAR_DAYS)
        starts = await repo.session_starts(tx, caller.user_id)
    tz = profile.time_zone

    def work() -> dict[str, Any]:
        summary = streaks.summarize(starts, tz, now)
        days = Counter(streaks.local_day(moment, tz) for moment in starts)
        calendar = [
            {"date": day, "sessions": count}
            for day, count in sorted(days.items())
            if span.first <= day <= span.last
        ]
        return {
            "time_zone": tz.key,
            **dataclasses.asdict(summary),
            "from": span.first,
            "to": span.last,
            "calendar": calendar,
        }

    return await _compute(len(starts), work)


# --- strength for planners ---------------------------------------------------------------


async def best_e1rms(
    tx: Tx, caller: SignedIn, since: dt.datetime
) -> dict[uuid.UUID, e1rm.Estimate]:
    """Per exercise, the best trustworthy e1RM (``e1rm.estimate``: RPE curve where effort is
    logged, else Epley) of the caller's done working sets of workouts started since
    ``since``: one statement, for the program generator."""
    best: dict[uuid.UUID, e1rm.Estimate] = {}
    for row in await repo.e1rm_candidates(tx, caller.user_id, since):
        found = e1rm.estimate(row["weight_g"], row["reps"], rpe=row["rpe"], rir=row["rir"])
        exercise_id = row["exercise_id"]
        if found is not None and (exercise_id not in best or found.grams > best[exercise_id].grams):
            best[exercise_id] = found
    return best

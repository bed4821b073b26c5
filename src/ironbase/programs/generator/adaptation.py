"""Adaptation: what a logged session says about the lifter's strength moves the loads
of the same slots in every later week.

A prescription's load comes from an e1RM (``Load.e1rm_g``, its *basis*) at the
prescribed reps and RPE. After a session, the working sets logged for each prescription
are compared with it:

* **e1RM of the session**: the best trustworthy estimate among the sets
  (``training.science.e1rm.estimate``: the RPE curve when RPE or RIR is logged, else
  Epley; sets over 12 reps, or more than 4 reps in reserve, give none).
* **Beat** (double progression, RPE-based): every set reached ``reps_max`` or more at
  the prescribed load or heavier, at an effort at or below the target RPE (the top of
  the rep range at the planned effort: time to add load), or the session's e1RM is more
  than 1 % above the basis. The basis rises to the session's e1RM, at least one step
  of +2.5 % when the rep target was met, and by at most +5 % per session (an
  estimate is ~10 % uncertain: one good day moves the plan only so far).
* **Miss**: a set below ``reps_min`` or an effort a full RPE point or more above the
  target, at the prescribed load or lighter. The basis falls to the session's e1RM, by
  at most 10 %; without a trustworthy estimate (no set completed a rep, say) by one
  step of 5 %. A miss whose estimate is at or above the basis changes nothing.
  A miss wins over a beat: the safer reading of a mixed session.
* **Within tolerance**: nothing changes.
* **Calibration**: a prescription without a load (a first week without history) whose
  exercise can be loaded at the gym gets loads from the session's e1RM, uncapped.

Later weeks keep their sets, reps and RPE; their loads are re-prescribed with
``loading.prescribe`` from their own basis scaled by the same ratio (the basis itself
when they had none), snapped down to what the gym makes, so invariants 4, 6 and 9 still
hold (invariant 6 compares loads on the same basis only). A later load that does not
move yields no ``Change``. The adapted program is no longer what the generator makes
from the inputs: it is checked without reproduction (invariant 10 not applicable).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from ironbase.gyms.plates import MAX_TARGET
from ironbase.programs.generator import loading
from ironbase.programs.generator.model import (
    CatalogExercise,
    Inputs,
    Prescription,
    Program,
    Session,
    Week,
)
from ironbase.training.science import e1rm

MAX_SETS_PER_POSITION = 50
MAX_REPS = 100
#: the basis never rises by more than this in one session
RAISE_CAP = Decimal("0.05")
#: nor falls by more than this
LOWER_CAP = Decimal("0.10")
#: a session's e1RM this far above the basis is a beat on its own
BEAT_MARGIN = Decimal("0.01")
#: the least a met rep target adds (double progression's step)
PROGRESSION_STEP = Decimal("0.025")
#: a miss without any trustworthy estimate lowers the basis this much
MISS_STEP = Decimal("0.05")
#: an effort this many RPE above the target is a miss
MISS_EFFORT = Decimal(1)
MILLIGRAM = Decimal("0.001")


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One working set as logged: load (g), reps done, effort (RPE or RIR, either)."""

    weight_g: int | None
    reps: int | None
    rpe: Decimal | None
    rir: Decimal | None


@dataclass(frozen=True, slots=True)
class Performed:
    """The working sets of one session of the program: ``sets`` maps a prescription's
    position to the sets logged for it."""

    week: int
    day_index: int
    sets: tuple[tuple[int, tuple[LoggedSet, ...]], ...]


@dataclass(frozen=True, slots=True)
class Change:
    """A later prescription whose load moved, and why."""

    week: int
    day_index: int
    position: int
    exercise_id: uuid.UUID
    before_g: int | None
    after_g: int | None
    e1rm_before_g: Decimal | None
    e1rm_after_g: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class _Decision:
    before: Decimal | None
    after: Decimal
    reason: str


def adapt(
    program: Program, inputs: Inputs, performed: Performed
) -> tuple[Program, tuple[Change, ...]]:
    """The program with the loads of later weeks moved by what ``performed`` shows, and
    the changes; ValueError for a session or position the program does not have, or
    logged sets out of bounds."""
    session = _session(program, performed)
    logged = _checked(performed, session)
    catalog = {x.id: x for x in inputs.catalog}
    changes: list[Change] = []
    for p in session.exercises:
        sets = logged.get(p.position)
        exercise = catalog.get(p.exercise_id)
        if not sets or exercise is None:
            continue
        decision = _decide(p, sets, exercise, inputs)
        if decision is None:
            continue
        program, moved = _represcribe(program, inputs, performed, p.slot, exercise, decision)
        changes += moved
    return program, tuple(changes)


# --- input --------------------------------------------------------------------------------


def _session(program: Program, performed: Performed) -> Session:
    week = next((w for w in program.weeks if w.index == performed.week), None)
    if week is None:
        raise ValueError(f"the program has no week {performed.week}")
    session = next((s for s in week.sessions if s.day_index == performed.day_index), None)
    if session is None:
        raise ValueError(f"week {performed.week} has no day {performed.day_index}")
    return session


def _checked(performed: Performed, session: Session) -> dict[int, tuple[LoggedSet, ...]]:
    positions = {p.position for p in session.exercises}
    if len(performed.sets) > len(session.exercises):
        raise ValueError(f"at most {len(session.exercises)} positions in this session")
    out: dict[int, tuple[LoggedSet, ...]] = {}
    for position, sets in performed.sets:
        if position not in positions or position in out:
            raise ValueError(f"position {position} is not in the session or given twice")
        if len(sets) > MAX_SETS_PER_POSITION:
            raise ValueError(f"at most {MAX_SETS_PER_POSITION} sets per position")
        for s in sets:
            _check_set(s)
        out[position] = sets
    return out


def _check_set(s: LoggedSet) -> None:
    if s.weight_g is not None and not 0 <= s.weight_g <= MAX_TARGET.to_grams():
        raise ValueError(f"a set's weight must be 0-{MAX_TARGET.to_grams()} g")
    if s.reps is not None and not 0 <= s.reps <= MAX_REPS:
        raise ValueError(f"a set's reps must be 0-{MAX_REPS}")
    # ValueError for an effort off the scale (RIR as the log stores it: 0-10)
    e1rm.logged_rpe(s.rpe, None)
    e1rm.logged_rpe(None, s.rir)


# --- what the session says ------------------------------------------------------------------


def _estimate(s: LoggedSet) -> Decimal | None:
    if s.weight_g is None or s.reps is None:
        return None
    found = e1rm.estimate(s.weight_g, s.reps, rpe=s.rpe, rir=s.rir)
    return None if found is None else found.grams


def _decide(
    p: Prescription, sets: tuple[LoggedSet, ...], exercise: CatalogExercise, inputs: Inputs
) -> _Decision | None:
    done = [s for s in sets if s.reps is not None]
    if not done:
        return None
    estimates = [x for s in done if (x := _estimate(s)) is not None]
    best = max(estimates) if estimates else None
    if p.load is None:
        if best is None or loading.kind_of(exercise, inputs.gym) is None:
            return None
        return _Decision(
            None, best, f"Calibration: your sets give an e1RM of {_kg(best)}; loads start from it."
        )
    basis, planned = p.load.e1rm_g, p.load.grams
    miss = _miss(p, done, planned)
    if miss is not None:
        return _lower(basis, best, miss)
    if _met_reps(p, done, planned):
        why = f"All {len(done)} sets reached {p.reps_max} reps at RPE {_n(p.rpe)} or easier"
        return _raise(basis, best, why, met_reps=True)
    if best is not None and best > basis * (1 + BEAT_MARGIN):
        why = f"Your best set gives an e1RM of {_kg(best)}, more than 1 % above {_kg(basis)}"
        return _raise(basis, best, why, met_reps=False)
    return None


def _effort(s: LoggedSet) -> Decimal | None:
    return e1rm.logged_rpe(s.rpe, s.rir)


def _at_most(s: LoggedSet, grams: int) -> bool:
    return s.weight_g is None or s.weight_g <= grams


def _miss(p: Prescription, done: list[LoggedSet], planned: int) -> str | None:
    for s in done:
        if s.reps is not None and s.reps < p.reps_min and _at_most(s, planned):
            return f"A set stopped at {s.reps} reps, short of {p.reps_min}"
        effort = _effort(s)
        if effort is not None and effort >= p.rpe + MISS_EFFORT and _at_most(s, planned):
            return f"A set felt like RPE {_n(effort)}, a point or more above the target {_n(p.rpe)}"
    return None


def _met_reps(p: Prescription, done: list[LoggedSet], planned: int) -> bool:
    """Double progression's signal: the top of the rep range on every set, at the
    planned load or heavier, at the target effort or easier."""

    def met(s: LoggedSet) -> bool:
        effort = _effort(s)
        return (
            s.reps is not None
            and s.reps >= p.reps_max
            and s.weight_g is not None
            and s.weight_g >= planned
            and effort is not None
            and effort <= p.rpe
        )

    return all(met(s) for s in done)


def _raise(basis: Decimal, best: Decimal | None, why: str, *, met_reps: bool) -> _Decision | None:
    wanted = best if best is not None else basis
    if met_reps:
        wanted = max(wanted, basis * (1 + PROGRESSION_STEP))
    cap = basis * (1 + RAISE_CAP)
    after = _mg(min(wanted, cap))
    if after <= basis:
        return None
    capped = " (at most +5 % per session)" if wanted > cap else ""
    return _Decision(
        basis, after, f"{why}: the e1RM goes from {_kg(basis)} to {_kg(after)}{capped}."
    )


def _lower(basis: Decimal, best: Decimal | None, why: str) -> _Decision | None:
    if best is not None and best >= basis:
        return None
    floor = basis * (1 - LOWER_CAP)
    wanted = best if best is not None else basis * (1 - MISS_STEP)
    after = _mg(max(wanted, floor))
    capped = " (at most -10 % per session)" if wanted < floor else ""
    return _Decision(
        basis, after, f"{why}: the e1RM goes from {_kg(basis)} to {_kg(after)}{capped}."
    )


# --- later weeks ------------------------------------------------------------------------------


def _represcribe(
    program: Program,
    inputs: Inputs,
    performed: Performed,
    slot: str,
    exercise: CatalogExercise,
    decision: _Decision,
) -> tuple[Program, list[Change]]:
    changes: list[Change] = []
    weeks: list[Week] = []
    for week in program.weeks:
        if week.index <= performed.week:
            weeks.append(week)
            continue
        sessions = []
        for session in week.sessions:
            items = []
            for p in session.exercises:
                if p.slot == slot and p.exercise_id == exercise.id:
                    p, change = _moved(week, session, p, exercise, inputs, decision)
                    changes += [change] if change is not None else []
                items.append(p)
            sessions.append(dataclasses.replace(session, exercises=tuple(items)))
        weeks.append(dataclasses.replace(week, sessions=tuple(sessions)))
    return dataclasses.replace(program, weeks=tuple(weeks)), changes


def _moved(
    week: Week,
    session: Session,
    p: Prescription,
    exercise: CatalogExercise,
    inputs: Inputs,
    decision: _Decision,
) -> tuple[Prescription, Change | None]:
    old = p.load
    if old is not None and decision.before is not None:
        basis = _mg(old.e1rm_g * decision.after / decision.before)
    else:
        basis = decision.after
    load = loading.prescribe(exercise, inputs.gym, basis, p.reps_max, p.rpe)
    moved = dataclasses.replace(p, load=load)
    before_g = None if old is None else old.grams
    after_g = None if load is None else load.grams
    if before_g == after_g:
        return moved, None
    return moved, Change(
        week=week.index,
        day_index=session.day_index,
        position=p.position,
        exercise_id=p.exercise_id,
        before_g=before_g,
        after_g=after_g,
        e1rm_before_g=None if old is None else old.e1rm_g,
        e1rm_after_g=basis,
        reason=decision.reason,
    )


# --- numbers for people -------------------------------------------------------------------------


def _mg(value: Decimal) -> Decimal:
    return value.quantize(MILLIGRAM, ROUND_HALF_EVEN)


def _kg(grams: Decimal) -> str:
    return f"{_n((grams / 1000).quantize(Decimal('0.1')))} kg"


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f")

"""Personal records per exercise, and whether a newly logged set breaks one.

Records (reference: what a lifter coming from Strong or Hevy looks for):

* heaviest load lifted for at least one rep;
* best e1RM, with the formula and table version that produced it (``e1rm.estimate``;
  a set outside the trustworthy range has no e1RM and sets no e1RM record);
* most reps at each exact load (bodyweight sets, load 0, included);
* best session volume: the largest tonnage of the exercise in one workout.

Only working sets with at least one rep count (warm-ups and timed sets do not). A record
needs a strictly better value: a tie keeps the earlier set. ``update`` is the one rule;
``compute_records`` folds it over a history in completion order, so what the API flags
when a set is logged is exactly what a recomputation finds. ``update`` assumes the new set
is the latest; a set logged out of order (an old workout synced late, an edit) calls for
a recomputation.

``broken_by`` is what the API flags when one set is logged or edited: ``update`` applied
to the best values of the exercise's other sets (``PriorBests``, one aggregate query), so
the judged set is compared with all the others whenever they were done. The exercise's
first working set holds every record it sets (nothing came before it); after that a kind
is flagged only when the set beats an earlier record of it, so the first set at a new,
lighter load is no "most reps" record.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from ironbase.training.science.e1rm import Formula, estimate
from ironbase.training.science.volume import LoggedSet, is_working_set, tonnage_g


class RecordKind(StrEnum):
    HEAVIEST_LOAD = "heaviest_load"
    BEST_E1RM = "best_e1rm"
    MOST_REPS = "most_reps"
    BEST_SESSION_VOLUME = "best_session_volume"


@dataclass(frozen=True, slots=True)
class Record:
    """One record and the set that made it.

    ``value``: grams (heaviest load, e1RM), reps (most reps; ``weight_g`` is the load),
    gram-reps (session volume; ``set_id`` is the set that brought the session over).
    """

    kind: RecordKind
    exercise_id: uuid.UUID
    value: int | Decimal
    set_id: uuid.UUID
    workout_id: uuid.UUID
    achieved_at: dt.datetime
    weight_g: int | None = None
    formula: Formula | None = None
    table_version: str | None = None

    def achieved_on(self, time_zone: ZoneInfo) -> dt.date:
        """The day of the record on the user's calendar."""
        return self.achieved_at.astimezone(time_zone).date()


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A record set by a new set; ``previous`` is the record it beat (None: the first
    value of its kind, e.g. the first session of an exercise or a first set at a load)."""

    record: Record
    previous: Record | None

    @property
    def broken(self) -> bool:
        """True when an earlier record was beaten: what the API flags."""
        return self.previous is not None


@dataclass(frozen=True, slots=True)
class ExerciseRecords:
    """The records of one exercise. ``session_volume_before`` is the best session volume
    of the other workouts, so the sets that keep raising the current session's volume
    are compared with the earlier sessions, not with the session itself."""

    exercise_id: uuid.UUID
    heaviest_load: Record | None = None
    best_e1rm: Record | None = None
    most_reps: Mapping[int, Record] = field(default_factory=lambda: MappingProxyType({}))
    best_session_volume: Record | None = None
    session_volume_before: Record | None = None


def _record(
    s: LoggedSet,
    kind: RecordKind,
    value: int | Decimal,
    *,
    weight_g: int | None = None,
    formula: Formula | None = None,
    table_version: str | None = None,
) -> Record:
    return Record(
        kind,
        s.exercise_id,
        value,
        s.set_id,
        s.workout_id,
        s.completed_at,
        weight_g=weight_g,
        formula=formula,
        table_version=table_version,
    )


def _beats(value: int | Decimal, current: Record | None) -> bool:
    return current is None or value > current.value


def update(
    records: ExerciseRecords | None,
    s: LoggedSet,
    *,
    session_tonnage_before_g: int = 0,
    formula: Formula | None = None,
) -> tuple[ExerciseRecords, list[RecordChange]]:
    """The records after ``s`` and the records ``s`` set.

    ``session_tonnage_before_g``: tonnage of this exercise's earlier sets in the same
    workout. ``formula``: the user's e1RM choice (None: the reference's default rule).
    """
    current = records or ExerciseRecords(s.exercise_id)
    if current.exercise_id != s.exercise_id:
        raise ValueError("a set of another exercise")
    if not is_working_set(s) or s.reps is None:
        return current, []
    changes: list[RecordChange] = []
    if s.weight_g > 0 and _beats(s.weight_g, current.heaviest_load):
        new = _record(s, RecordKind.HEAVIEST_LOAD, s.weight_g)
        changes.append(RecordChange(new, current.heaviest_load))
        current = replace(current, heaviest_load=new)
    e1rm = estimate(s.weight_g, s.reps, rpe=s.rpe, rir=s.rir, formula=formula)
    if e1rm is not None and _beats(e1rm.grams, current.best_e1rm):
        new = _record(
            s,
            RecordKind.BEST_E1RM,
            e1rm.grams,
            formula=e1rm.formula,
            table_version=e1rm.table_version,
        )
        changes.append(RecordChange(new, current.best_e1rm))
        current = replace(current, best_e1rm=new)
    at_load = current.most_reps.get(s.weight_g)
    if _beats(s.reps, at_load):
        new = _record(s, RecordKind.MOST_REPS, s.reps, weight_g=s.weight_g)
        changes.append(RecordChange(new, at_load))
        most_reps = MappingProxyType({**current.most_reps, s.weight_g: new})
        current = replace(current, most_reps=most_reps)
    return _session_volume(current, s, session_tonnage_before_g + tonnage_g(s), changes)


def _session_volume(
    current: ExerciseRecords, s: LoggedSet, total: int, changes: list[RecordChange]
) -> tuple[ExerciseRecords, list[RecordChange]]:
    best = current.best_session_volume
    if total <= 0 or not _beats(total, best):
        return current, changes
    new = _record(s, RecordKind.BEST_SESSION_VOLUME, total)
    same_session = best is not None and best.workout_id == s.workout_id
    before = current.session_volume_before if same_session else best
    changes.append(RecordChange(new, before))
    return replace(current, best_session_volume=new, session_volume_before=before), changes


def _order(s: LoggedSet) -> tuple[dt.datetime, uuid.UUID]:
    return s.completed_at, s.set_id


def compute_records(
    sets: Iterable[LoggedSet], *, formula: Formula | None = None
) -> dict[uuid.UUID, ExerciseRecords]:
    """Every exercise's records from its whole history (any order in; completion order,
    then set id, decides which of two equal values came first)."""
    records: dict[uuid.UUID, ExerciseRecords] = {}
    session_tonnage: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for s in sorted(sets, key=_order):
        key = (s.exercise_id, s.workout_id)
        before = session_tonnage.get(key, 0)
        records[s.exercise_id], _ = update(
            records.get(s.exercise_id), s, session_tonnage_before_g=before, formula=formula
        )
        session_tonnage[key] = before + tonnage_g(s)
    return records


# --- one set against the exercise's other sets ----------------------------------------


@dataclass(frozen=True, slots=True)
class EffortBest:
    """The heaviest load of the exercise's other working sets at these reps and effort
    (an RPE, else None): every formula grows with the load, so the best e1RM is the best
    of these estimates."""

    reps: int
    rpe: Decimal | None
    weight_g: int


@dataclass(frozen=True, slots=True)
class PriorBests:
    """The best values of an exercise's working sets other than the one judged.

    ``reps_at_load``: most reps at the judged set's load. ``best_other_session_g``: the
    best tonnage of the exercise in another workout; ``session_g``: the tonnage of the
    exercise's other sets in the judged set's workout."""

    working_sets: int
    heaviest_g: int | None
    e1rm_bests: Sequence[EffortBest]
    reps_at_load: int | None
    best_other_session_g: int | None
    session_g: int


# The prior bests come from aggregates: their values count, not which set made them.
_NO_SET = uuid.UUID(int=0)
_LONG_AGO = dt.datetime.min.replace(tzinfo=dt.UTC)


def _prior(
    s: LoggedSet, kind: RecordKind, value: int | Decimal | None, workout_id: uuid.UUID = _NO_SET
) -> Record | None:
    if value is None:
        return None
    return Record(kind, s.exercise_id, value, _NO_SET, workout_id, _LONG_AGO, weight_g=s.weight_g)


def _best_e1rm(bests: Iterable[EffortBest], formula: Formula | None) -> Decimal | None:
    found = (estimate(b.weight_g, b.reps, rpe=b.rpe, formula=formula) for b in bests)
    return max((e.grams for e in found if e is not None), default=None)


def _session_state(s: LoggedSet, prior: PriorBests) -> dict[str, Record | None]:
    """The session-volume record as folding the history leaves it: this session's earlier
    sets hold it once they passed every other session (which it was compared with)."""
    other = _prior(s, RecordKind.BEST_SESSION_VOLUME, prior.best_other_session_g or None)
    if prior.session_g <= (prior.best_other_session_g or 0):
        return {"best_session_volume": other, "session_volume_before": None}
    this = _prior(s, RecordKind.BEST_SESSION_VOLUME, prior.session_g, s.workout_id)
    return {"best_session_volume": this, "session_volume_before": other}


def broken_by(
    s: LoggedSet, prior: PriorBests, *, formula: Formula | None = None
) -> list[RecordKind]:
    """The kinds of record ``s`` breaks against the exercise's other sets, in
    ``update``'s order; all it sets when it is the exercise's first working set.

    No load and no tonnage hold no record (as ``update`` keeps none for them): a zero
    reads as none."""
    reps_record = _prior(s, RecordKind.MOST_REPS, prior.reps_at_load)
    state = ExerciseRecords(
        s.exercise_id,
        heaviest_load=_prior(s, RecordKind.HEAVIEST_LOAD, prior.heaviest_g or None),
        best_e1rm=_prior(s, RecordKind.BEST_E1RM, _best_e1rm(prior.e1rm_bests, formula)),
        most_reps=MappingProxyType({s.weight_g: reps_record} if reps_record else {}),
        **_session_state(s, prior),
    )
    _, changes = update(state, s, session_tonnage_before_g=prior.session_g, formula=formula)
    first = prior.working_sets == 0
    return [change.record.kind for change in changes if first or change.broken]

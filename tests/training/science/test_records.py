"""Personal records and the flag on a set that breaks one."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ironbase.training.science import records
from ironbase.training.science.e1rm import Formula, estimate
from ironbase.training.science.records import ExerciseRecords, RecordKind, compute_records, update
from ironbase.training.science.volume import LoggedSet, SetType, tonnage_g
from tests.training.science.sets import logged

SQUAT = uuid.uuid4()
MONDAY, THURSDAY = uuid.uuid4(), uuid.uuid4()
START = dt.datetime(2026, 5, 4, 17, 0, tzinfo=dt.UTC)


def squat(workout: uuid.UUID, minute: int, weight_g: int, reps: int, **kw: object) -> LoggedSet:
    day = 3 if workout == THURSDAY else 0
    at = START + dt.timedelta(days=day, minutes=minute)
    return logged(exercise=SQUAT, workout=workout, weight_g=weight_g, reps=reps, at=at, **kw)  # type: ignore[arg-type]


def log(
    state: ExerciseRecords | None, sets: list[LoggedSet]
) -> tuple[ExerciseRecords | None, list[list[records.RecordChange]]]:
    """Log sets one by one as the API would, tracking the session tonnage."""
    out: list[list[records.RecordChange]] = []
    tonnage: dict[uuid.UUID, int] = {}
    for s in sets:
        before = tonnage.get(s.workout_id, 0)
        state, changes = update(state, s, session_tonnage_before_g=before)
        tonnage[s.workout_id] = before + tonnage_g(s)
        out.append(changes)
    return state, out


def kinds(changes: list[records.RecordChange], *, broken: bool) -> set[RecordKind]:
    return {c.record.kind for c in changes if c.broken is broken}


def test_first_session_sets_records_without_flagging() -> None:
    state, changes = log(None, [squat(MONDAY, 0, 100_000, 5)])
    assert kinds(changes[0], broken=False) == set(RecordKind)
    assert kinds(changes[0], broken=True) == set()
    assert state is not None
    assert state.heaviest_load is not None
    assert state.heaviest_load.value == 100_000


def test_a_history_of_records() -> None:
    monday = [
        squat(MONDAY, 0, 60_000, 8, set_type=SetType.WARMUP),
        squat(MONDAY, 5, 100_000, 5),
        squat(MONDAY, 10, 100_000, 5),  # a tie breaks nothing
        squat(MONDAY, 15, 90_000, 8),
    ]
    thursday = [
        squat(THURSDAY, 0, 105_000, 3),  # heavier; e1RM 115.5 kg < 116.7 kg
        squat(THURSDAY, 5, 100_000, 6),  # more reps at 100 kg and a better e1RM
        squat(THURSDAY, 10, 100_000, 6),  # ties only; Thursday is at 1 515 kg
        squat(THURSDAY, 15, 90_000, 5),  # brings Thursday past Monday's 1 720 kg
    ]
    state, changes = log(None, monday + thursday)
    assert changes[0] == []  # the warm-up
    assert kinds(changes[2], broken=True) == set()
    assert kinds(changes[4], broken=True) == {RecordKind.HEAVIEST_LOAD}
    assert kinds(changes[5], broken=True) == {RecordKind.MOST_REPS, RecordKind.BEST_E1RM}
    assert changes[6] == []
    assert kinds(changes[7], broken=True) == {RecordKind.BEST_SESSION_VOLUME}
    assert state is not None
    assert state.best_session_volume is not None
    assert state.best_session_volume.value == 315_000 + 1_200_000 + 450_000
    assert state.best_session_volume.set_id == thursday[3].set_id
    assert state.most_reps[100_000].value == 6
    assert state.most_reps[100_000].set_id == thursday[1].set_id
    assert state.most_reps[90_000].value == 8
    assert state.best_e1rm is not None
    assert state.best_e1rm.formula is Formula.EPLEY
    assert state.best_e1rm.value == Decimal("120000.000")
    assert state.best_e1rm.table_version == "e1rm-formulas/1"
    assert compute_records(reversed(monday + thursday))[SQUAT] == state


def test_session_volume_rising_within_a_session_is_compared_with_other_sessions() -> None:
    monday = [squat(MONDAY, 0, 100_000, 5)]
    thursday = [squat(THURSDAY, m, 100_000, 5) for m in (0, 5, 10)]
    state, changes = log(None, monday + thursday)
    volume_changes = [
        [c for c in step if c.record.kind is RecordKind.BEST_SESSION_VOLUME] for step in changes
    ]
    assert [len(step) for step in volume_changes] == [1, 0, 1, 1]
    # Sets 2 and 3 of Thursday both beat Monday (500 kg), not Thursday's own running total.
    for step in volume_changes[2:]:
        assert step[0].previous is not None
        assert step[0].previous.workout_id == MONDAY
    assert state is not None
    assert state.session_volume_before is not None
    assert state.session_volume_before.workout_id == MONDAY


def test_warm_ups_and_failed_sets_set_no_records() -> None:
    heavy_warmup = squat(MONDAY, 0, 200_000, 1, set_type=SetType.WARMUP)
    missed = squat(MONDAY, 5, 150_000, 0)
    state, changes = log(None, [heavy_warmup, missed])
    assert changes == [[], []]
    assert state == ExerciseRecords(SQUAT)


def test_bodyweight_sets_keep_a_reps_record_only() -> None:
    state, changes = log(None, [squat(MONDAY, 0, 0, 12), squat(THURSDAY, 0, 0, 14)])
    assert kinds(changes[0], broken=False) == {RecordKind.MOST_REPS}
    assert kinds(changes[1], broken=True) == {RecordKind.MOST_REPS}
    assert state is not None
    assert state.heaviest_load is None
    assert state.best_e1rm is None


def test_e1rm_record_uses_the_users_formula_and_the_rpe_curve() -> None:
    with_rpe = squat(MONDAY, 0, 100_000, 5, rpe=Decimal(8))
    state, _ = update(None, with_rpe)
    assert state.best_e1rm is not None
    assert state.best_e1rm.formula is Formula.RPE_CURVE
    state, _ = update(None, with_rpe, formula=Formula.BRZYCKI)
    assert state.best_e1rm is not None
    assert state.best_e1rm.formula is Formula.BRZYCKI


def test_record_date_is_on_the_users_calendar() -> None:
    late = logged(
        exercise=SQUAT,
        workout=MONDAY,
        weight_g=100_000,
        reps=1,
        at=dt.datetime(2026, 5, 4, 23, 30, tzinfo=dt.UTC),
    )
    state, _ = update(None, late)
    assert state.heaviest_load is not None
    assert state.heaviest_load.achieved_on(ZoneInfo("Europe/Madrid")) == dt.date(2026, 5, 5)
    assert state.heaviest_load.achieved_on(ZoneInfo("America/New_York")) == dt.date(2026, 5, 4)


history = st.lists(
    st.tuples(
        st.sampled_from([MONDAY, THURSDAY]),
        st.sampled_from([0, 60_000, 100_000, 102_500]),
        st.integers(0, 15),
        st.sampled_from([SetType.NORMAL, SetType.WARMUP, SetType.AMRAP]),
    ),
    max_size=20,
)


@given(history)
def test_logging_one_by_one_agrees_with_recomputing(
    steps: list[tuple[uuid.UUID, int, int, SetType]],
) -> None:
    # Thursday's sets after Monday's, each workout in logging order.
    sets = [
        squat(w, i, weight, reps, set_type=t)
        for i, (w, weight, reps, t) in sorted(enumerate(steps), key=lambda p: p[1][0] == THURSDAY)
    ]
    state, changes = log(None, sets)
    assert (state or ExerciseRecords(SQUAT)) == compute_records(sets).get(
        SQUAT, ExerciseRecords(SQUAT)
    )
    counted = [s for s in sets if s.set_type is not SetType.WARMUP and s.reps]
    loaded = [s.weight_g for s in counted if s.weight_g > 0]
    assert (state.heaviest_load.value if state and state.heaviest_load else None) == max(
        loaded, default=None
    )
    for step in changes:
        for change in step:
            if change.previous is not None:
                assert change.record.value > change.previous.value
    e1rms = [estimate(s.weight_g, s.reps) for s in counted]
    best = max((e.grams for e in e1rms if e is not None), default=None)
    assert (state.best_e1rm.value if state and state.best_e1rm else None) == best


def _prior(others: list[LoggedSet], s: LoggedSet) -> records.PriorBests:
    """What the API's one aggregate query reads, computed from the sets themselves."""
    counted = [o for o in others if o.set_type is not SetType.WARMUP and o.reps]
    efforts: dict[tuple[int, Decimal | None], int] = {}
    for o in counted:
        assert o.reps is not None
        if o.weight_g > 0 and o.reps <= 12:
            key = (o.reps, o.rpe)
            efforts[key] = max(efforts.get(key, 0), o.weight_g)
    sessions: dict[uuid.UUID, int] = {}
    for o in counted:
        sessions[o.workout_id] = sessions.get(o.workout_id, 0) + tonnage_g(o)
    at_load = [o.reps for o in counted if o.weight_g == s.weight_g and o.reps]
    return records.PriorBests(
        working_sets=len(counted),
        heaviest_g=max((o.weight_g for o in counted), default=None),
        e1rm_bests=[records.EffortBest(r, rpe, w) for (r, rpe), w in efforts.items()],
        reps_at_load=max(at_load, default=None),
        best_other_session_g=max(
            (t for w, t in sessions.items() if w != s.workout_id), default=None
        ),
        session_g=sessions.get(s.workout_id, 0),
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from([MONDAY, THURSDAY]),
            st.sampled_from([0, 60_000, 100_000, 102_500]),
            st.integers(0, 15),
            st.sampled_from([SetType.NORMAL, SetType.WARMUP, SetType.DROP]),
            st.sampled_from([None, Decimal(6), Decimal("8.5"), Decimal(10)]),
        ),
        max_size=20,
    )
)
def test_a_set_judged_against_the_others_best_values_is_flagged_as_logged(
    steps: list[tuple[uuid.UUID, int, int, SetType, Decimal | None]],
) -> None:
    # Logged in order, each set judged against the best values of those before it flags
    # what folding the history flags: its broken records, or all it sets when it is the
    # exercise's first working set.
    sets = [
        squat(w, i, weight, reps, set_type=t, rpe=rpe)
        for i, (w, weight, reps, t, rpe) in sorted(
            enumerate(steps), key=lambda p: p[1][0] == THURSDAY
        )
    ]
    _, changes = log(None, sets)
    for i, s in enumerate(sets):
        prior = _prior(sets[:i], s)
        first = prior.working_sets == 0
        expected = [c.record.kind for c in changes[i] if c.broken or first]
        assert records.broken_by(s, prior) == expected

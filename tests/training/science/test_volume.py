"""Hard sets (fractional per muscle), tonnage and their aggregations."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ironbase.training.science import volume
from ironbase.training.science.tables import RP_LANDMARKS, landmark_group
from ironbase.training.science.volume import SetType, Volume, Zone
from tests.training.science.sets import logged

MADRID = ZoneInfo("Europe/Madrid")
BENCH, PUSHDOWN, ROW = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
WORKOUT = uuid.uuid4()
AT = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)


def bench(**kw: object) -> volume.LoggedSet:
    defaults: dict[str, object] = {
        "exercise": BENCH,
        "workout": WORKOUT,
        "weight_g": 100_000,
        "reps": 5,
        "at": AT,
        "primary": ("chest",),
        "secondary": ("triceps", "front_delts"),
    }
    return logged(**{**defaults, **kw})  # type: ignore[arg-type]


def pushdown(**kw: object) -> volume.LoggedSet:
    kw = {
        "exercise": PUSHDOWN,
        "weight_g": 30_000,
        "reps": 12,
        "primary": ("triceps",),
        "secondary": (),
        **kw,
    }
    return bench(**kw)


def test_secondary_muscles_count_half() -> None:
    sets = [bench(), bench(), bench(), pushdown(), pushdown()]
    muscles = volume.by_muscle(sets)
    assert muscles["chest"].hard_sets == 3
    assert muscles["triceps"].hard_sets == Decimal("3.5")  # 3 x 0.5 + 2
    assert muscles["front_delts"].hard_sets == Decimal("1.5")


def test_tonnage_is_load_times_reps_and_goes_to_primary_muscles() -> None:
    sets = [bench(), bench(reps=3), pushdown()]
    muscles = volume.by_muscle(sets)
    assert muscles["chest"].tonnage_g == 100_000 * 5 + 100_000 * 3
    assert muscles["chest"].reps == 8
    assert muscles["triceps"] == Volume(
        hard_sets=Decimal(2), tonnage_g=30_000 * 12, sets=1, reps=12
    )
    assert muscles["front_delts"].tonnage_g == 0
    exercises = volume.by_exercise(sets)
    assert exercises[BENCH] == Volume(Decimal(2), 800_000, 2, 8)


def test_warm_ups_count_nowhere() -> None:
    warm_up = bench(set_type=SetType.WARMUP, weight_g=60_000, reps=8, primary=("quads",))
    assert not volume.is_hard_set(warm_up)
    assert volume.tonnage_g(warm_up) == 0
    assert volume.by_muscle([warm_up]) == {}
    assert volume.by_exercise([warm_up, bench()])[BENCH].sets == 1


@pytest.mark.parametrize("set_type", [SetType.NORMAL, SetType.DROP, SetType.FAILURE, SetType.AMRAP])
def test_working_set_types_are_hard_sets(set_type: SetType) -> None:
    assert volume.is_hard_set(bench(set_type=set_type))


def test_effort_decides_hard_sets_but_not_tonnage() -> None:
    easy = bench(rpe=Decimal("5.5"))
    assert not volume.is_hard_set(easy)
    assert volume.is_hard_set(bench(rir=Decimal(4)))
    assert not volume.is_hard_set(bench(rir=Decimal(5)))
    assert not volume.is_hard_set(bench(rir=Decimal(10)))  # the log's highest RIR
    assert volume.by_muscle([easy])["chest"] == Volume(Decimal(0), 500_000, 1, 5)


def test_sets_without_reps() -> None:
    plank = bench(weight_g=0, reps=None, primary=("abs",), secondary=())
    assert volume.is_hard_set(plank)
    assert volume.by_muscle([plank])["abs"] == Volume(Decimal(1), 0, 1, 0)
    assert not volume.is_hard_set(bench(reps=0))  # nothing lifted


def test_a_muscle_listed_twice_counts_once_as_primary() -> None:
    odd = bench(primary=("chest",), secondary=("chest", "triceps"))
    assert volume.muscle_shares(odd) == {"chest": 1, "triceps": Decimal("0.5")}


def test_weeks_follow_the_local_calendar_across_dst() -> None:
    # Madrid, 2026-03-29: 02:00 CET -> 03:00 CEST. Monday 00:30 CEST is Sunday 22:30 UTC;
    # with the winter offset it would land on Sunday, in the week before.
    monday_after = dt.datetime(2026, 3, 30, 0, 30, tzinfo=MADRID).astimezone(dt.UTC)
    assert monday_after == dt.datetime(2026, 3, 29, 22, 30, tzinfo=dt.UTC)
    # 2026-10-25: 03:00 CEST -> 02:00 CET. Sunday 23:30 CET is 22:30 UTC; with the
    # summer offset it would land on Monday, in the week after.
    sunday_after = dt.datetime(2026, 10, 25, 23, 30, tzinfo=MADRID).astimezone(dt.UTC)
    assert sunday_after == dt.datetime(2026, 10, 25, 22, 30, tzinfo=dt.UTC)
    weeks = volume.by_week([bench(at=monday_after), bench(at=sunday_after)], MADRID)
    assert set(weeks) == {dt.date(2026, 3, 30), dt.date(2026, 10, 19)}
    assert volume.by_week([bench(at=monday_after)], ZoneInfo("UTC")) == {
        dt.date(2026, 3, 23): Volume(Decimal(1), 500_000, 1, 5)
    }


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        volume.week_of(dt.datetime(2026, 3, 1, 12), MADRID)


def test_weekly_hard_sets_per_muscle() -> None:
    week_one = [bench(), bench(), pushdown()]
    week_two = [bench(at=AT + dt.timedelta(days=7))]
    result = volume.hard_sets_by_week_and_muscle(
        [*week_one, *week_two, bench(rpe=Decimal(5))], MADRID
    )
    assert result == {
        dt.date(2026, 3, 9): {"chest": 2, "triceps": 2, "front_delts": 1},
        dt.date(2026, 3, 16): {
            "chest": 1,
            "triceps": Decimal("0.5"),
            "front_delts": Decimal("0.5"),
        },
    }


def test_landmark_groups() -> None:
    assert landmark_group("lats") == landmark_group("upper_back") == "back"
    assert landmark_group("chest") == "chest"
    assert landmark_group("forearms") is None
    row = bench(exercise=ROW, primary=("lats",), secondary=("upper_back", "biceps", "forearms"))
    # One row is one back set, not 1.5: a set counts once per group, at its largest share.
    assert volume.group_hard_sets([row, row]) == {"back": 2, "biceps": 1}


def test_rp_landmarks_are_the_doc_table() -> None:
    assert len(RP_LANDMARKS) == 13
    chest = RP_LANDMARKS["chest"]
    assert (chest.mv, chest.mev, chest.mav_low, chest.mav_high, chest.mrv) == (8, 10, 12, 20, 22)
    abs_ = RP_LANDMARKS["abs"]
    assert (abs_.mv, abs_.mev, abs_.mav_low, abs_.mav_high, abs_.mrv) == (0, 0, 16, 20, 25)
    for marks in RP_LANDMARKS.values():
        assert marks.mv <= marks.mev <= marks.mav_low <= marks.mav_high <= marks.mrv


@pytest.mark.parametrize(
    ("hard_sets", "expected"),
    [
        (Decimal(7), Zone.BELOW_MV),
        (Decimal(8), Zone.MAINTENANCE),
        (Decimal("9.5"), Zone.MAINTENANCE),
        (Decimal(10), Zone.PRODUCTIVE),
        (Decimal(12), Zone.MAV),
        (Decimal(20), Zone.MAV),
        (Decimal("20.5"), Zone.HIGH),
        (Decimal(22), Zone.HIGH),
        (Decimal("22.5"), Zone.ABOVE_MRV),
    ],
)
def test_zones_of_chest(hard_sets: Decimal, expected: Zone) -> None:
    assert volume.zone(hard_sets, RP_LANDMARKS["chest"]) is expected


MUSCLES = ["chest", "triceps", "front_delts", "lats", "biceps", "quads"]
set_strategy = st.builds(
    lambda primary, secondary, set_type, reps, rpe, hours: bench(
        primary=tuple(primary),
        secondary=tuple(m for m in secondary if m not in primary),
        set_type=set_type,
        reps=reps,
        rpe=rpe,
        at=AT + dt.timedelta(hours=hours),
    ),
    st.lists(st.sampled_from(MUSCLES), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(MUSCLES), max_size=3, unique=True),
    st.sampled_from(list(SetType)),
    st.one_of(st.none(), st.integers(0, 30)),
    st.one_of(st.none(), st.integers(2, 20).map(lambda h: Decimal(h) / 2)),
    st.integers(0, 24 * 60),
)


@given(st.lists(set_strategy, max_size=30))
def test_fractional_totals_add_up(sets: list[volume.LoggedSet]) -> None:
    hard = [s for s in sets if volume.is_hard_set(s)]
    expected = sum(
        (len(s.primary_muscles) + Decimal("0.5") * len(s.secondary_muscles) for s in hard),
        Decimal(0),
    )
    assert sum((v.hard_sets for v in volume.by_muscle(sets).values()), Decimal(0)) == expected
    weeks = volume.by_week(sets, MADRID)
    assert sum((v.hard_sets for v in weeks.values()), Decimal(0)) == len(hard)
    total = sum(weeks.values(), Volume())
    assert total == sum(volume.by_exercise(sets).values(), Volume())
    assert total.tonnage_g == sum(volume.tonnage_g(s) for s in sets)
    per_week = volume.hard_sets_by_week_and_muscle(sets, MADRID)
    assert sum((sum(m.values(), Decimal(0)) for m in per_week.values()), Decimal(0)) == expected

"""The checker on the generator's own program for the typical request (12 weeks, 4 days,
well-equipped gym): it passes, and a mutation of each kind fails the invariant it breaks."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from decimal import Decimal

import pytest

from ironbase.programs.generator import checker, samples
from ironbase.programs.generator.model import Inputs, Prescription, Program, Session, Week
from tests.programs.generator import handbuilt as h

try:  # the generator may not be merged yet
    generate = importlib.import_module("ironbase.programs.generator.generate").generate
except ImportError:  # pragma: no cover
    generate = None

pytestmark = pytest.mark.skipif(generate is None, reason="programs.generator.generate is missing")

INPUTS = samples.inputs()


@pytest.fixture(scope="module")
def program() -> Program:
    made: Program = generate(INPUTS)
    return made


def first_loaded(program: Program) -> Prescription:
    return next(p for w in program.weeks for s in w.sessions for p in s.exercises if p.load)


def on_first_loaded(program: Program, change: Callable[[Prescription], Prescription]) -> Program:
    target = first_loaded(program)

    def edit(week: Week, session: Session, p: Prescription) -> Prescription:
        return change(p) if p is target else p

    return h.map_prescriptions(program, edit)


def failed(program: Program, inputs: Inputs = INPUTS) -> set[int]:
    report = checker.check(program, inputs)
    return {x.number for x in report.invariants if not x.passed}


def test_the_generated_program_passes(program: Program) -> None:
    report = checker.check(program, INPUTS, reproduce=generate)
    assert report.passed, report.violations()


def test_an_exercise_the_user_excludes(program: Program) -> None:
    excluded = frozenset({first_loaded(program).exercise_id})
    inputs = dataclasses.replace(
        INPUTS, request=dataclasses.replace(INPUTS.request, excluded_exercises=excluded)
    )
    assert 1 in failed(program, inputs)


def test_a_load_above_its_target(program: Program) -> None:
    def heavier(p: Prescription) -> Prescription:
        assert p.load is not None
        return dataclasses.replace(p, load=dataclasses.replace(p.load, grams=p.load.grams + 10_000))

    assert 4 in failed(on_first_loaded(program, heavier))


def test_an_effort_below_the_band(program: Program) -> None:
    easy = on_first_loaded(
        program, lambda p: dataclasses.replace(p, rpe=Decimal(3), rir=Decimal(7))
    )
    assert 5 in failed(easy)


def test_a_session_estimate_off_the_model(program: Program) -> None:
    def longer(week: Week, session: Session) -> Session:
        return dataclasses.replace(session, estimated_minutes=session.estimated_minutes + 5)

    assert failed(h.map_sessions(program, longer)) == {7}


def test_a_session_in_reverse(program: Program) -> None:
    def reverse(week: Week, session: Session) -> Session:
        items = session.exercises[::-1]
        return dataclasses.replace(
            session,
            exercises=tuple(
                dataclasses.replace(p, position=i) for i, p in enumerate(items, start=1)
            ),
        )

    assert 8 in failed(h.map_sessions(program, reverse))


def test_a_load_from_another_e1rm(program: Program) -> None:
    def off(p: Prescription) -> Prescription:
        assert p.load is not None
        return dataclasses.replace(
            p, load=dataclasses.replace(p.load, e1rm_g=p.load.e1rm_g * Decimal("0.9"))
        )

    assert 9 in failed(on_first_loaded(program, off))


def test_another_seed_is_another_program(program: Program) -> None:
    other = dataclasses.replace(INPUTS, request=dataclasses.replace(INPUTS.request, seed=2))
    report = checker.check(program, other, reproduce=generate)
    assert not report.invariants[9].passed


def test_a_workout_moved_to_sunday(program: Program) -> None:
    def sunday(week: Week, session: Session) -> Session:
        return dataclasses.replace(session, weekday=7) if session.day_index == 0 else session

    assert failed(h.map_sessions(program, sunday)) == {12}

"""A proposer is never trusted: its program goes through the checker and is refused
when an invariant fails. Off by default; loaded from a "module:factory" path."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from ironbase.programs.generator import proposer
from ironbase.programs.generator.model import Infeasible, Inputs, Program
from tests.programs.generator import handbuilt as h

INPUTS = h.inputs()


class SloppyProposer:
    """Proposes the hand-built program with the workouts on the weekend and the first
    session's sets doubled: too much back for the week (2) and the session (3), sets
    falling in week 2 (6), a session too long (7), the wrong weekdays (12)."""

    def propose(self, inputs: Inputs) -> Program:
        program = h.program(inputs)

        weeks = tuple(
            dataclasses.replace(
                w,
                sessions=tuple(dataclasses.replace(s, weekday=6 + s.day_index) for s in w.sessions),
            )
            for w in program.weeks
        )
        first = weeks[0].sessions[0]
        doubled = dataclasses.replace(
            first, exercises=tuple(dataclasses.replace(p, sets=p.sets * 2) for p in first.exercises)
        )
        weeks = (
            dataclasses.replace(weeks[0], sessions=(doubled, *weeks[0].sessions[1:])),
            *weeks[1:],
        )
        return dataclasses.replace(program, weeks=weeks)


class CarefulProposer:
    def propose(self, inputs: Inputs) -> Program:
        return h.program(inputs)


class BoastfulProposer:
    """Every load from an e1RM 20 % above the lifter's, consistently (the loads, targets
    and percentages agree): each invariant holds, the numbers are invented."""

    def propose(self, inputs: Inputs) -> Program:
        stronger = dataclasses.replace(
            inputs,
            strengths=tuple(
                dataclasses.replace(s, e1rm_g=s.e1rm_g * Decimal("1.2")) for s in inputs.strengths
            ),
        )
        return h.program(stronger)


def make_sloppy() -> SloppyProposer:
    return SloppyProposer()


def make_careful() -> CarefulProposer:
    return CarefulProposer()


def make_nothing() -> object:
    return object()


NOT_A_FACTORY = 3


def test_review_refuses_a_violating_proposal() -> None:
    report = proposer.review(SloppyProposer().propose(INPUTS), INPUTS)
    assert not report.passed
    failed = {x.number for x in report.invariants if not x.passed}
    assert failed == {2, 3, 6, 7, 12}
    assert not report.invariants[9].applicable
    twelfth = report.invariants[11].failures
    assert twelfth[0] == "week 1: workouts on Sat, Sun, the user chose Mon, Thu"


def test_accept_raises_with_the_violations() -> None:
    with pytest.raises(Infeasible) as caught:
        proposer.accept(SloppyProposer(), INPUTS)
    numbers = {v.invariant for v in caught.value.violations}
    assert {6, 7, 12} <= numbers
    assert caught.value.relaxations == ()


def test_accept_refuses_loads_from_invented_strength() -> None:
    proposal = BoastfulProposer().propose(INPUTS)
    assert proposer.review(proposal, INPUTS).passed
    with pytest.raises(Infeasible) as caught:
        proposer.accept(BoastfulProposer(), INPUTS)
    assert {v.invariant for v in caught.value.violations} == {9}
    assert caught.value.violations[0].message == (
        "week 1 day 1 position 1: the load is from an e1RM of 120000.0 g, not the lifter's"
    )


def test_accept_passes_a_program_that_keeps_every_invariant() -> None:
    assert proposer.accept(CarefulProposer(), INPUTS) == h.program(INPUTS)


def test_accept_refuses_what_is_not_a_program() -> None:
    class Liar:
        def propose(self, inputs: Inputs) -> Program:
            return "a program"  # type: ignore[return-value]

    with pytest.raises(TypeError, match="returns a Program"):
        proposer.accept(Liar(), INPUTS)


@pytest.mark.parametrize("path", [None, ""])
def test_off_by_default(path: str | None) -> None:
    assert proposer.load_proposer(path) is None


def test_a_factory_path_loads_the_proposer() -> None:
    loaded = proposer.load_proposer(f"{__name__}:make_sloppy")
    assert isinstance(loaded, SloppyProposer)
    with pytest.raises(Infeasible):
        proposer.accept(loaded, INPUTS)
    careful = proposer.load_proposer(f"{__name__}:make_careful")
    assert careful is not None
    assert proposer.review(careful.propose(INPUTS), INPUTS).passed


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no_colon_here", "module:factory"),
        (":make_sloppy", "module:factory"),
        (f"{__name__}:", "module:factory"),
        (f"{__name__}:not-an-identifier", "module:factory"),
        ("ironbase.no_such_module:factory", "no module"),
        (f"{__name__}:missing", "not a callable factory"),
        (f"{__name__}:NOT_A_FACTORY", "not a callable factory"),
        (f"{__name__}:make_nothing", "has no propose"),
        ("x" * 201 + ":f", "at most 200"),
    ],
)
def test_a_bad_path_is_a_value_error(path: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        proposer.load_proposer(path)

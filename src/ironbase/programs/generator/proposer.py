"""An optional program proposer (a language model, a coach's tool, anything): off by
default, no network needed, and never trusted.

A proposer implements ``ProgramProposer.propose(inputs) -> Program``. Whatever it
proposes goes through the same checker as a generated program (``review``: every
invariant except reproduction, which only the generator can promise) and is refused
when any invariant fails (``accept`` raises ``Infeasible`` with the violations). ``accept``
also refuses loads computed from anything but the lifter's e1RMs (``Inputs.strengths``):
numbers a proposer invented would otherwise keep every invariant.

It is configured as a ``"module:factory"`` path (``load_proposer``): the factory is
called with no arguments and returns the proposer. ``None`` or an empty path means off.
"""

from __future__ import annotations

import importlib
from typing import Protocol, runtime_checkable

from ironbase.programs.generator import checker
from ironbase.programs.generator.model import Infeasible, Inputs, Program, Report, Violation

#: the longest "module:factory" path accepted
MAX_PATH = 200


@runtime_checkable
class ProgramProposer(Protocol):
    def propose(self, inputs: Inputs) -> Program: ...


def review(proposal: Program, inputs: Inputs) -> Report:
    """The checker's report on a proposal (invariant 10 not applicable)."""
    return checker.check(proposal, inputs)


def accept(proposer: ProgramProposer, inputs: Inputs) -> Program:
    """The proposer's program if it keeps every invariant; ``Infeasible`` with the
    violations (and no relaxations: the request may be fine, the proposal is not)
    otherwise."""
    proposal = proposer.propose(inputs)
    if not isinstance(proposal, Program):
        raise TypeError(f"a proposer returns a Program, not {type(proposal).__name__}")
    report = review(proposal, inputs)
    if not report.passed:
        raise Infeasible(report.violations(), ())
    invented = _invented_strength(proposal, inputs)
    if invented:
        raise Infeasible(invented, ())
    return proposal


def _invented_strength(proposal: Program, inputs: Inputs) -> tuple[Violation, ...]:
    """A fresh program's loads come from the lifter's e1RMs (the checker cannot ask this
    of a stored program: adaptation moves them). A proposal that loads an exercise from
    any other e1RM would pass every invariant with invented numbers."""
    known = {s.exercise_id: s.e1rm_g for s in inputs.strengths}
    out: list[Violation] = []
    for week in proposal.weeks:
        for session in week.sessions:
            for p in session.exercises:
                if p.load is not None and known.get(p.exercise_id) != p.load.e1rm_g:
                    out.append(
                        Violation(
                            9,
                            f"week {week.index} day {session.day_index + 1} position "
                            f"{p.position}: the load is from an e1RM of {p.load.e1rm_g} g, "
                            "not the lifter's",
                        )
                    )
    return tuple(out[: checker.MAX_FAILURES])


def load_proposer(dotted: str | None) -> ProgramProposer | None:
    """The proposer a ``"module:factory"`` path names; None when ``dotted`` is None or
    empty (off). ValueError for a malformed path, a module or factory that is not
    there, or a factory whose result has no ``propose``."""
    if not dotted:
        return None
    if len(dotted) > MAX_PATH:
        raise ValueError(f"a proposer path is at most {MAX_PATH} characters")
    module_name, sep, factory_name = dotted.partition(":")
    if not sep or not module_name or not factory_name.isidentifier():
        raise ValueError(f"a proposer path is 'module:factory', not {dotted!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"no module {module_name!r} for the proposer") from exc
    factory = getattr(module, factory_name, None)
    if not callable(factory):
        raise ValueError(f"{dotted!r} is not a callable factory")
    proposer = factory()
    if not isinstance(proposer, ProgramProposer):
        raise ValueError(f"{dotted!r} made a {type(proposer).__name__}, which has no propose()")
    return proposer

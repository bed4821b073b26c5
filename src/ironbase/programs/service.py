"""Training programs: generate one, read, change its status, check it, see how it adapted.

Generation follows the pattern of the plate solver (``gyms/inventory/service.py``): the
inputs are read in one short transaction (``inputs.gather``), the program is computed in
a worker thread while no connection is held, the checker must pass on it, and a second
short transaction stores it with its ``coach_logs`` row. An infeasible request stores
nothing but its ``coach_logs`` row (its own transaction, so the 422 keeps it).

Adaptation runs when a program is read (one program, its changes) or one of its workouts
is started: finished workouts that carried out its workouts and were not yet evaluated
are read, ``adaptation.adapt`` moves the later weeks' loads in a worker thread, and the
new program, its changed rows and one ``coach_logs`` row per workout are written (the
unique index on ``(user_id, workout_id)`` of adaptations makes a concurrent second pass
a no-op).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import anyio
import asyncpg

from ironbase.db.pg import Transactions, Tx
from ironbase.gyms import service as gyms
from ironbase.kit.caller import SignedIn
from ironbase.kit.errors import Conflict, InvalidInput, NotFound, ProblemError
from ironbase.kit.pagination import CursorKind, PageCursor, Timestamp, Uuid
from ironbase.kit.units import MassUnit
from ironbase.models.programs import ProgramCreator, ProgramStatus
from ironbase.programs import repository as repo
from ironbase.programs import stored
from ironbase.programs.generator import adaptation, checker, codec, model, proposer, rules
from ironbase.programs.generator.generate import generate
from ironbase.programs.inputs import Gathered, gather
from ironbase.programs.schemas import ProgramCreate, ProgramUpdate
from ironbase.training.workouts import service as workouts

log = logging.getLogger(__name__)
T = TypeVar("T")
PROPOSAL_TOPIC = stored.PROPOSAL_TOPIC

PROGRAMS_BY_NEWEST = CursorKind("programs.newest", (Timestamp(), Uuid()))

#: Status changes a lifter may make; anything may be archived, nothing comes back from it.
TRANSITIONS: Mapping[ProgramStatus, frozenset[ProgramStatus]] = {
    ProgramStatus.draft: frozenset({ProgramStatus.active, ProgramStatus.archived}),
    ProgramStatus.active: frozenset(
        {ProgramStatus.paused, ProgramStatus.completed, ProgramStatus.archived}
    ),
    ProgramStatus.paused: frozenset(
        {ProgramStatus.active, ProgramStatus.completed, ProgramStatus.archived}
    ),
    ProgramStatus.completed: frozenset({ProgramStatus.archived}),
    ProgramStatus.archived: frozenset(),
}
_GOAL_TITLES = {
    "strength": "strength",
    "hypertrophy": "hypertrophy",
    "endurance": "endurance",
    "general_fitness": "general fitness",
    "fat_loss": "fat loss",
}


async def in_worker(work: Callable[[], T]) -> T:
    """CPU work off the event loop (no connection is held meanwhile)."""
    return await anyio.to_thread.run_sync(work)


def milliseconds(since: float) -> int:
    return min(int((time.perf_counter() - since) * 1000), 3_600_000)


class ProgramInfeasible(ProblemError):
    """422 with the invariants the request would break and what would make it feasible."""

    def __init__(self, infeasible: model.Infeasible) -> None:
        super().__init__(
            422,
            "No program meets this request; see `violations` and `relaxations`.",
            kind="program-infeasible",
            title="Program infeasible",
            extensions={
                "violations": [
                    {"invariant": v.invariant, "message": v.message} for v in infeasible.violations
                ],
                "relaxations": [
                    {
                        "field": r.field,
                        "value": list(r.value) if isinstance(r.value, tuple) else r.value,
                        "description": r.description,
                    }
                    for r in infeasible.relaxations
                ],
            },
        )


class CheckerRefused(ProblemError):
    """The generator made a program its own checker refuses: a bug, never stored."""

    def __init__(self) -> None:
        super().__init__(
            503,
            "The program could not be made right now; nothing was stored. Try again later.",
            kind="program-unavailable",
            title="Program unavailable",
        )


# --- generation ----------------------------------------------------------------------------


def _request_json(body: ProgramCreate) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude_none=True)


def _log_values(
    caller: SignedIn,
    kind: str,
    outcome: str,
    digest: str,
    request: dict[str, Any],
    duration_ms: int,
    detail: dict[str, Any],
    program_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    return {
        "user_id": caller.user_id,
        "program_id": program_id,
        "workout_id": None,
        "kind": kind,
        "generator_version": rules.GENERATOR_VERSION,
        "inputs_digest": digest,
        "request": request,
        "duration_ms": duration_ms,
        "outcome": outcome,
        "detail": detail,
    }


def _violations_json(violations: Sequence[model.Violation]) -> list[dict[str, Any]]:
    return [{"invariant": v.invariant, "message": v.message} for v in violations]


@dataclass(slots=True)
class _Proposal:
    """What the language-model proposer gave: a program that passed review, or why not."""

    program: model.Program | None
    violations: tuple[model.Violation, ...]
    duration_ms: int


async def _ask_proposer(found: proposer.ProgramProposer, inputs: model.Inputs) -> _Proposal:
    """``proposer.accept``: the checker's review, and loads only from the lifter's e1RMs."""
    started = time.perf_counter()
    try:
        proposal = await in_worker(lambda: proposer.accept(found, inputs))
    except model.Infeasible as refused:
        return _Proposal(None, refused.violations, milliseconds(started))
    except Exception as exc:  # whatever a provider does wrong is a refusal, never a 500
        log.warning("program proposer failed: %s", type(exc).__name__)
        failure = model.Violation(0, f"The proposer failed: {type(exc).__name__}.")
        return _Proposal(None, (failure,), milliseconds(started))
    return _Proposal(proposal, (), milliseconds(started))


def _with_refusal(program: model.Program, violations: Sequence[model.Violation]) -> model.Program:
    numbers = ", ".join(str(n) for n in sorted({v.invariant for v in violations}))
    text = (
        "A language-model proposal was refused because it broke invariant(s) "
        f"{numbers} ({violations[0].message}); this program comes from the generator."
    )
    note = model.Explanation(PROPOSAL_TOPIC, text)
    return dataclasses.replace(program, explanations=(*program.explanations, note))


def as_generated(program: model.Program) -> model.Program:
    """The program as the generator gave it (a refused proposal's note left out)."""
    kept = tuple(x for x in program.explanations if x.topic != PROPOSAL_TOPIC)
    return dataclasses.replace(program, explanations=kept)


async def _generate_checked(inputs: model.Inputs) -> model.Program:
    """The generator's program, which its checker (reproduction included) must pass."""
    try:
        program = await in_worker(lambda: generate(inputs))
    except ValueError as exc:
        raise InvalidInput("body", f"The request is outside the generator's bounds: {exc}") from exc
    report = await in_worker(lambda: checker.check(program, inputs, reproduce=generate))
    if not report.passed:
        log.error(
            "generated program refused by the checker: %s (inputs %s)",
            [f"{v.invariant}: {v.message}" for v in report.violations()][:20],
            codec.digest(inputs),
        )
        raise CheckerRefused()
    return program


def _title(inputs: model.Inputs) -> str:
    request = inputs.request
    return f"{request.weeks}-week {_GOAL_TITLES.get(request.goal.value, request.goal.value)}"


async def _store(
    tx: Tx,
    caller: SignedIn,
    gathered: Gathered,
    digest: str,
    program: model.Program,
    creator: ProgramCreator,
) -> tuple[asyncpg.Record, dict[stored.WorkoutKey, uuid.UUID]]:
    program_id = uuid.uuid4()
    inputs = gathered.inputs
    row = await repo.insert_program(
        tx,
        {
            "user_id": caller.user_id,
            "id": program_id,
            "title": _title(inputs),
            "goal": program.goal.value,
            "weeks": inputs.request.weeks,
            "created_by": creator.value,
            "gym_id": gathered.gym_id,
            "seed": inputs.request.seed,
            "generator_version": program.generator_version,
            "inputs_digest": digest,
            "program_data": codec.to_data(program),
            "inputs": codec.to_data(inputs),
        },
    )
    made = stored.rows(caller.user_id, program_id, program)
    await repo.insert_rows(tx, made.weeks, made.workouts, made.exercises)
    return row, made.workout_ids


async def create_program(
    transaction: Transactions,
    caller: SignedIn,
    body: ProgramCreate,
    now: dt.datetime,
    found_proposer: proposer.ProgramProposer | None = None,
) -> dict[str, Any]:
    async with transaction() as tx:
        gathered = await gather(tx, caller, body, now)
    inputs, request = gathered.inputs, _request_json(body)
    digest = await in_worker(lambda: codec.digest(inputs))
    logs: list[dict[str, Any]] = []
    proposal = None
    if found_proposer is not None:
        proposal = await _ask_proposer(found_proposer, inputs)
        outcome = "stored" if proposal.program is not None else "refused"
        detail = {"violations": _violations_json(proposal.violations)}
        logs.append(
            _log_values(caller, "propose", outcome, digest, request, proposal.duration_ms, detail)
        )
    started = time.perf_counter()
    if proposal is not None and proposal.program is not None:
        program, creator = proposal.program, ProgramCreator.model
    else:
        try:
            program = await _generate_checked(inputs)
        except model.Infeasible as exc:
            detail = {
                "violations": _violations_json(exc.violations),
                "relaxations": ProgramInfeasible(exc).extensions["relaxations"],
            }
            logs.append(
                _log_values(
                    caller,
                    "generate",
                    "infeasible",
                    digest,
                    request,
                    milliseconds(started),
                    detail,
                )
            )
            async with transaction() as tx:
                for values in logs:
                    await repo.insert_log(tx, values)
            raise ProgramInfeasible(exc) from None
        creator = ProgramCreator.generator
        if proposal is not None:
            program = _with_refusal(program, proposal.violations)
        logs.append(
            _log_values(caller, "generate", "stored", digest, request, milliseconds(started), {})
        )
    async with transaction() as tx:
        row, workout_ids = await _store(tx, caller, gathered, digest, program, creator)
        for values in logs:
            await repo.insert_log(tx, {**values, "program_id": row["id"]})
    return stored.program_json(row, program, workout_ids, gathered.unit)


# --- reading -------------------------------------------------------------------------------


@dataclass(slots=True)
class Loaded:
    """A stored program as read: its row, the decoded program and inputs, its workouts."""

    row: Mapping[str, Any]
    program: model.Program
    inputs: model.Inputs
    workout_ids: dict[stored.WorkoutKey, uuid.UUID]


async def _load(tx: Tx, caller: SignedIn, program_id: uuid.UUID) -> Loaded:
    row = await repo.get_program(tx, caller.user_id, program_id)
    if row is None:
        raise NotFound("Program")
    found = await repo.program_workouts(tx, caller.user_id, program_id)
    return Loaded(
        row,
        codec.program_from_data(row["program_data"]),
        codec.inputs_from_data(row["inputs"]),
        stored.workout_keys(found),
    )


async def list_programs(
    tx: Tx, caller: SignedIn, cursor: PageCursor, *, limit: int
) -> dict[str, Any]:
    """A page, newest first (summaries: the weeks are in ``GET /v1/programs/{id}``)."""
    key = cursor.after(PROGRAMS_BY_NEWEST)
    after = None if key is None else (key[0], key[1])
    rows = await repo.page_programs(tx, caller.user_id, after=after, limit=limit + 1)
    page, next_cursor = cursor.page(
        rows, limit, PROGRAMS_BY_NEWEST, lambda r: (r["created_at"], r["id"])
    )
    return {"items": [stored.summary_json(r) for r in page], "next_cursor": next_cursor}


async def get_program(
    transaction: Transactions, caller: SignedIn, program_id: uuid.UUID
) -> dict[str, Any]:
    loaded, unit = await adapt_and_load(transaction, caller, program_id)
    return stored.program_json(loaded.row, loaded.program, loaded.workout_ids, unit)


def _next_status(current: ProgramStatus, wanted: ProgramStatus) -> None:
    if wanted != current and wanted not in TRANSITIONS[current]:
        allowed = sorted(x.value for x in TRANSITIONS[current]) or ["none"]
        raise InvalidInput(
            "status",
            f"A {current.value} program cannot become {wanted.value} "
            f"(allowed: {', '.join(allowed)}).",
        )


async def update_program(
    tx: Tx, caller: SignedIn, program_id: uuid.UUID, body: ProgramUpdate, now: dt.datetime
) -> dict[str, Any]:
    row = await repo.get_program(tx, caller.user_id, program_id)
    if row is None:
        raise NotFound("Program")
    current = ProgramStatus(row["status"])
    wanted = body.status or current
    _next_status(current, wanted)
    activated_at = row["activated_at"]
    if wanted is ProgramStatus.active and current is not ProgramStatus.active:
        other = await repo.active_program(tx, caller.user_id, program_id)
        if other is not None:
            raise Conflict(
                f"Your program {other['title']!r} ({other['id']}) is active: pause, complete "
                "or archive it first (one active program at a time).",
                kind="program-active",
            )
        activated_at = now
    values = {
        "title": body.title or row["title"],
        "status": wanted.value,
        "activated_at": activated_at,
    }
    updated = await repo.update_program(tx, caller.user_id, program_id, values)
    assert updated is not None  # read above in the same transaction
    return stored.summary_json(updated)


async def delete_program(tx: Tx, caller: SignedIn, program_id: uuid.UUID) -> None:
    """The program and its weeks go; workouts logged from it stay (their link is cleared)
    and so does its coach log (``program_id`` cleared)."""
    if not await repo.delete_program(tx, caller.user_id, program_id):
        raise NotFound("Program")


# --- adaptation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Session:
    """A finished workout that carried out one program workout, as adaptation reads it."""

    workout_id: uuid.UUID
    performed: adaptation.Performed


def _sessions(
    program: model.Program,
    by_id: Mapping[uuid.UUID, stored.WorkoutKey],
    rows: Sequence[Mapping[str, Any]],
) -> list[_Session]:
    """Per workout (oldest first), the sets logged for each prescription: the workout
    exercise at the prescription's position, on the prescribed exercise."""
    prescribed = {
        (w.index, s.day_index, x.position): x.exercise_id
        for w in program.weeks
        for s in w.sessions
        for x in s.exercises
    }
    order: list[uuid.UUID] = []
    keys: dict[uuid.UUID, stored.WorkoutKey] = {}
    sets: dict[uuid.UUID, defaultdict[int, list[adaptation.LoggedSet]]] = {}
    for row in rows:
        workout_id = row["workout_id"]
        if workout_id not in keys:
            order.append(workout_id)
            keys[workout_id] = by_id[row["program_workout_id"]]
            sets[workout_id] = defaultdict(list)
        week, day = keys[workout_id]
        if row["position"] is None or row["set_position"] is None:
            continue
        if prescribed.get((week, day, row["position"])) != row["exercise_id"]:
            continue
        rir = None if row["rir"] is None else Decimal(row["rir"])
        logged = adaptation.LoggedSet(row["weight_g"], row["reps"], row["rpe"], rir)
        if len(sets[workout_id][row["position"]]) < adaptation.MAX_SETS_PER_POSITION:
            sets[workout_id][row["position"]].append(logged)
    return [
        _Session(
            workout_id,
            adaptation.Performed(
                week=keys[workout_id][0],
                day_index=keys[workout_id][1],
                sets=tuple((p, tuple(s)) for p, s in sorted(sets[workout_id].items())),
            ),
        )
        for workout_id in order
    ]


def _change_json(change: adaptation.Change) -> dict[str, Any]:
    data: dict[str, Any] = codec.to_data(change)
    return data


@dataclass(slots=True)
class _Adapted:
    program: model.Program
    outcomes: list[tuple[uuid.UUID, adaptation.Performed, list[dict[str, Any]]]]
    duration_ms: int


def _adapt_all(loaded: Loaded, sessions: Sequence[_Session]) -> _Adapted:
    started = time.perf_counter()
    program = loaded.program
    outcomes = []
    for session in sessions:
        try:
            program, changes = adaptation.adapt(program, loaded.inputs, session.performed)
        except ValueError as exc:
            # Logged sets the adaptation cannot read (reps beyond its bounds, say): the
            # workout is recorded as evaluated, and nothing moves.
            log.info("adaptation skipped a workout: %s", exc)
            changes = ()
        outcomes.append((session.workout_id, session.performed, [_change_json(c) for c in changes]))
    return _Adapted(program, outcomes, milliseconds(started))


async def _pending(tx: Tx, caller: SignedIn, loaded: Loaded) -> list[_Session]:
    by_id = {workout_id: key for key, workout_id in loaded.workout_ids.items()}
    rows = await workouts.program_sessions(tx, caller, list(by_id))
    done = await repo.adapted_workouts(tx, caller.user_id, sorted({r["workout_id"] for r in rows}))
    fresh = [r for r in rows if r["workout_id"] not in done]
    return _sessions(loaded.program, by_id, fresh)


class _Concurrent(Exception):
    """Another request recorded one of these adaptations first: this one writes nothing."""


async def _write_adaptation(
    tx: Tx, caller: SignedIn, loaded: Loaded, adapted: _Adapted
) -> dt.datetime | None:
    program_id = loaded.row["id"]
    if not await repo.lock_program(tx, caller.user_id, program_id):
        raise _Concurrent()  # deleted meanwhile
    inserted = await repo.insert_adaptations(
        tx,
        {
            "user_id": caller.user_id,
            "program_id": program_id,
            "generator_version": rules.GENERATOR_VERSION,
            "inputs_digest": loaded.row["inputs_digest"],
            "duration_ms": adapted.duration_ms,
            "workout_ids": [w for w, _, _ in adapted.outcomes],
            "requests": [codec.to_data(p) for _, p, _ in adapted.outcomes],
            "outcomes": ["adapted" if c else "unchanged" for _, _, c in adapted.outcomes],
            "details": [{"changes": c} for _, _, c in adapted.outcomes],
        },
    )
    if len(inserted) != len(adapted.outcomes):
        raise _Concurrent()
    if adapted.program == loaded.program:
        return None
    changed = stored.changed_rows(
        caller.user_id, loaded.program, adapted.program, loaded.workout_ids
    )
    await repo.update_exercises(tx, changed)
    return await repo.update_program_data(
        tx, caller.user_id, program_id, codec.to_data(adapted.program)
    )


async def adapt_and_load(
    transaction: Transactions, caller: SignedIn, program_id: uuid.UUID
) -> tuple[Loaded, MassUnit]:
    """The program after every finished workout of it not yet evaluated has adapted it.
    A coach's program (``created_by = 'coach'``) is the coach's plan: it does not adapt."""
    async with transaction() as tx:
        loaded = await _load(tx, caller, program_id)
        coached = loaded.row["created_by"] == ProgramCreator.coach.value
        pending = [] if coached else await _pending(tx, caller, loaded)
        unit = await gyms.caller_unit(tx, caller)
    if not pending:
        return loaded, unit
    adapted = await in_worker(lambda: _adapt_all(loaded, pending))
    try:
        async with transaction() as tx:
            updated_at = await _write_adaptation(tx, caller, loaded, adapted)
    except _Concurrent:
        async with transaction() as tx:
            return await _load(tx, caller, program_id), unit
    row = dict(loaded.row)
    if updated_at is not None:
        row["updated_at"] = updated_at
    return Loaded(row, adapted.program, loaded.inputs, loaded.workout_ids), unit


def _load_json(grams: Any, unit: MassUnit) -> dict[str, Any] | None:
    return None if grams is None else stored.mass_json(int(grams), unit)


async def program_changes(
    transaction: Transactions, caller: SignedIn, program_id: uuid.UUID
) -> dict[str, Any]:
    """Every load an adaptation moved, oldest first, with the workout that moved it."""
    _, unit = await adapt_and_load(transaction, caller, program_id)
    async with transaction() as tx:
        rows = await repo.changes(tx, caller.user_id, program_id)
    items = [
        {
            "workout_id": row["workout_id"],
            "at": row["created_at"],
            "week": change["week"],
            "day_index": change["day_index"],
            "position": change["position"],
            "exercise_id": change["exercise_id"],
            "before": _load_json(change["before_g"], unit),
            "after": _load_json(change["after_g"], unit),
            "reason": change["reason"],
        }
        for row in rows
        for change in row["detail"].get("changes", [])
    ]
    return {"items": items}


# --- checking ------------------------------------------------------------------------------


def check_stored(
    program: model.Program, inputs: model.Inputs, creator: str, adapted: bool
) -> model.Report:
    """The checker on a stored program. Reproduction (invariant 10) applies to a program
    as the generator made it: not to a model's proposal or a program adaptation moved."""
    as_made = as_generated(program)
    reproducible = creator == ProgramCreator.generator.value and not adapted
    return checker.check(as_made, inputs, reproduce=generate if reproducible else None)


def report_json(report: model.Report) -> dict[str, Any]:
    return {
        "passed": report.passed,
        "invariants": [
            {
                "number": x.number,
                "name": x.name,
                "passed": x.passed,
                "applicable": x.applicable,
                "failures": list(x.failures),
            }
            for x in report.invariants
        ],
    }


async def check_program(
    transaction: Transactions, caller: SignedIn, program_id: uuid.UUID
) -> dict[str, Any]:
    async with transaction() as tx:
        loaded = await _load(tx, caller, program_id)
        adapted = await repo.was_adapted(tx, caller.user_id, program_id)
    creator = loaded.row["created_by"]
    report = await in_worker(lambda: check_stored(loaded.program, loaded.inputs, creator, adapted))
    return report_json(report)
